"""Thin views: access helper → form → service → back to the page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.review.forms import LessonForm, ReviewForm, WithdrawalForm
from assessments.review.models import LessonKind, Theme
from assessments.review.selectors import (
    benefits_for_review,
    benefits_summary_text,
    budget_pence_in,
    characteristic_choices,
    lesson_get,
    lesson_may_edit,
    lesson_may_record,
    lessons_browse,
    lessons_in,
    lessons_with_tags,
    review_in,
)
from assessments.review.services import (
    lesson_create,
    lesson_update,
    plan_withdraw_with_lessons,
    review_save,
)
from planner.access import plan_access_for_user, plan_require_lead
from planner.context import PlanContext
from planner.errors import DomainError
from planner.models import Stage
from planner.refusals import form_refusal
from workflows.services import StaleStage


def _posted(request):
    # An empty POST must bind the form, so it is refused with its errors.
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def plan_review(request, plan_id):
    """The post-implementation review: everyone on the plan reads it; the lead writes it."""
    ctx = PlanContext.for_user(request.user, plan_id, for_change=request.method == "POST")
    access = ctx.access
    if request.method == "POST":
        plan_require_lead(access)
    review = review_in(ctx)
    budget = budget_pence_in(ctx)
    may_write = access.is_lead and ctx.plan.stage == Stage.REVIEW
    benefits = benefits_for_review(ctx.plan)
    form = ReviewForm(_posted(request), budget_pence=budget, review=review)
    if review is None:
        # The benefits' own statuses are the first draft of what the review says of them.
        form.initial.setdefault("benefits_realised", benefits_summary_text(benefits))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review_save(access=access, **form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, "The post-implementation review has been saved.")
                return redirect("plan_review", plan_id)
        else:
            status = 400
    return render(
        request,
        "review/review.html",
        {
            "access": access,
            "plan": ctx.plan,
            "review": review,
            "budget": budget,
            "form": form,
            "may_write": may_write,
            "lessons": lessons_in(ctx),
            "benefits": benefits,
        },
        status=status,
    )


@require_GET
def plan_lessons(request, plan_id):
    ctx = PlanContext.for_user(request.user, plan_id)
    lessons = lessons_with_tags(ctx.plan)
    return render(
        request,
        "review/plan_lessons.html",
        {
            "access": ctx.access,
            "plan": ctx.plan,
            "lessons": lessons,
            "may_record": lesson_may_record(ctx.access),
            "own_ids": {lesson.pk for lesson in lessons if lesson_may_edit(ctx.access, lesson)},
        },
    )


def _lesson_page(request, access, form, *, status, lesson=None):
    return render(
        request,
        "review/lesson_form.html",
        {"access": access, "plan": access.plan, "form": form, "lesson": lesson},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def lesson_create_view(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    if not lesson_may_record(access):
        raise PermissionDenied("Lessons are recorded in delivery and review.")
    form = LessonForm(_posted(request), characteristics=characteristic_choices())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                lesson_create(access=access, **form.service_data())
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, "The lesson has been recorded.")
                return redirect("plan_lessons", plan_id)
        else:
            status = 400
    return _lesson_page(request, access, form, status=status)


@require_http_methods(["GET", "POST"])
def lesson_edit(request, plan_id, lesson_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    lesson = lesson_get(access, lesson_id)
    if not lesson_may_edit(access, lesson):
        raise PermissionDenied("You can change only the lessons you recorded.")
    form = LessonForm(_posted(request), characteristics=characteristic_choices(), lesson=lesson)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                lesson_update(access=access, lesson=lesson, **form.service_data())
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, "The lesson has been changed.")
                return redirect("plan_lessons", plan_id)
        else:
            status = 400
    return _lesson_page(request, access, form, status=status, lesson=lesson)


@require_http_methods(["GET", "POST"])
def plan_withdraw(request, plan_id):
    """Withdraw the plan with why it stopped and what it teaches (the lead only)."""
    ctx = PlanContext.for_user(request.user, plan_id, for_change=True)
    plan_require_lead(ctx.access)
    if ctx.plan.stage in (Stage.CLOSED, Stage.WITHDRAWN):
        raise DomainError("The plan is closed or withdrawn already.")
    form = WithdrawalForm(
        _posted(request),
        characteristics=characteristic_choices(),
        initial={"expected_stage": ctx.plan.stage},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_withdraw_with_lessons(ctx=ctx, **form.service_data())
            except StaleStage as exc:
                messages.error(request, exc.message + " Here is its current stage.")
                return redirect("plan_detail", plan_id)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(
                    request, "The plan has been withdrawn with its lessons. It is logged."
                )
                return redirect("plan_detail", plan_id)
        else:
            status = 400
    return render(
        request,
        "review/withdraw.html",
        {"access": ctx.access, "plan": ctx.plan, "form": form},
        status=status,
    )


@require_GET
def lessons_browse_view(request):
    """Lessons from every plan the person's organisation is a partner on, filtered."""
    characteristics = characteristic_choices()
    codes = {c.code for c in characteristics}
    characteristic = request.GET.get("characteristic", "")
    theme = request.GET.get("theme", "")
    kind = request.GET.get("kind", "")
    characteristic = characteristic if characteristic in codes else ""
    theme = theme if theme in Theme.values else ""
    kind = kind if kind in LessonKind.values else ""
    lessons, plan_count = lessons_browse(
        request.user, characteristic=characteristic, theme=theme, kind=kind
    )
    return render(
        request,
        "review/lessons_browse.html",
        {
            "lessons": lessons,
            "plan_count": plan_count,
            "characteristics": characteristics,
            "themes": Theme.choices,
            "kinds": LessonKind.choices,
            "chosen": {"characteristic": characteristic, "theme": theme, "kind": kind},
            "filtered": bool(characteristic or theme or kind),
        },
    )
