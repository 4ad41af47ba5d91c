"""Lessons and reviews written straight to the tables, for tests that need them in place."""

from assessments.review.models import Lesson, LessonKind, PostImplementationReview, Theme
from assessments.review.selectors import characteristic_choices


def lesson(plan, user, kind=LessonKind.WORKED, *, text="Joint shifts built trust.", **fields):
    themes = fields.pop("themes", [Theme.SKILLS])
    characteristics = fields.pop("characteristics", characteristic_choices()[:1])
    row = Lesson(
        plan=plan,
        kind=kind,
        text=text,
        stage=plan.stage,
        organisation=user.organisation,
        recorded_by=user,
        **fields,
    )
    row.set_themes(themes)
    row.save()
    row.characteristics.set(characteristics)
    return row


def both_kinds(plan, user):
    return [
        lesson(plan, user, LessonKind.WORKED),
        lesson(plan, user, LessonKind.DID_NOT_WORK, text="The rota was agreed too late."),
    ]


def review(plan, user, **fields):
    values = {
        "delivered": "The shared station opened in March, as planned.",
        "benefits_realised": "Running costs shared from April.",
        "written_by": user,
        **fields,
    }
    return PostImplementationReview.objects.create(plan=plan, **values)
