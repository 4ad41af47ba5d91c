"""The success framework is versioned data: the default ships with every database, and a
new published version leaves assessments made against the old one exactly as they were."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from assessments.admin import FrameworkVersionAdmin
from assessments.models import Characteristic, FrameworkVersion, StageQuestion
from assessments.selectors import Round, framework_current, round_state, trend_for_plan
from assessments.services import framework_copy, framework_publish
from planner.errors import DomainError
from tests.assessments.factories import submit

pytestmark = pytest.mark.django_db


def test_the_default_framework_exists_after_migrate_and_is_marked_reconstructed():
    framework = framework_current()
    assert framework is not None and framework.version == 1 and framework.is_published
    assert "Reconstructed from the cited sources, see sources" in framework.notes
    characteristics = list(framework.characteristics.all())
    assert len(characteristics) == 16
    assert characteristics[0].name == "Shared vision" and characteristics[0].sources == "R15"
    assert {s["tag"] for s in framework.source_list()} == {"R15", "ESCWG", "SSA", "PCA17"}
    assert all(s["url"].startswith("http") for s in framework.source_list())
    assert Characteristic.objects.get(framework=framework, code="legal_fit").sources == (
        "R15 (barrier), PCA17 s.1"
    )


def test_every_assessed_stage_has_a_questionnaire_from_the_framework():
    framework = framework_current()
    for stage, expected in {
        "scoping": {"shared_vision", "public_outcome"},
        "governance_alignment": {"joint_governance", "political_support", "legal_fit"},
        "joint_risk_assessment": {"trust", "resourced_plan", "staff_engagement"},
        "delivery": {"evidence_lessons"},
    }.items():
        codes = set(
            StageQuestion.objects.filter(framework=framework, stage=stage).values_list(
                "characteristic__code", flat=True
            )
        )
        assert expected <= codes, stage


def _publish_reworded_version():
    new = framework_copy(framework=framework_current())
    assert new.status == "draft" and new.version == 2
    assert framework_current().version == 1  # a draft is never used
    Characteristic.objects.filter(framework=new, code="shared_vision").update(
        name="A vision everyone signs", meaning="Reworded."
    )
    StageQuestion.objects.filter(
        framework=new, stage="scoping", characteristic__code="realistic_timetable"
    ).delete()
    return framework_publish(framework=new)


def test_a_new_version_leaves_old_assessments_and_their_results_unchanged(
    plan, police_lead, fire_partner, ambulance_rep, client_for
):
    submit(plan, police_lead, 4)
    submit(plan, fire_partner, 2, shared_vision=5)
    before = round_state(plan, Round("scoping"))
    before_trend = trend_for_plan(plan)
    url = reverse("assessment_results", args=[plan.pk, "scoping"])
    page_before = client_for(ambulance_rep).get(url).content.decode()

    new = _publish_reworded_version()
    assert framework_current() == new

    after = round_state(plan, Round("scoping"))
    assert after.framework.version == 1
    assert after.aggregate == before.aggregate
    assert after.names == before.names and after.names["shared_vision"] == "Shared vision"
    assert [p.aggregate for p in trend_for_plan(plan)] == [p.aggregate for p in before_trend]
    page_after = client_for(ambulance_rep).get(url).content.decode()
    assert "A vision everyone signs" not in page_after
    assert page_after.count("Shared vision") == page_before.count("Shared vision")

    # The round is pinned to version 1, so the last partner answers the same questions.
    late = submit(plan, ambulance_rep, 4)
    assert late.framework.version == 1
    assert late.answers.count() == 6


def test_a_new_round_uses_the_newly_published_version(plan, police_lead):
    new = _publish_reworded_version()
    assessment = submit(plan, police_lead, 4)
    assert assessment.framework == new
    assert assessment.answers.count() == 5
    state = round_state(plan, Round("scoping"))
    assert state.names["shared_vision"] == "A vision everyone signs"


def test_publishing_twice_or_publishing_an_empty_version_is_refused():
    with pytest.raises(DomainError, match="already published"):
        framework_publish(framework=framework_current())
    empty = FrameworkVersion.objects.create(name="Empty", version=9)
    with pytest.raises(DomainError, match="no characteristics"):
        framework_publish(framework=empty)
    empty.refresh_from_db()
    assert empty.status == "draft"


def test_admin_actions_copy_and_publish_and_published_versions_are_read_only(admin_user):
    admin = FrameworkVersionAdmin(FrameworkVersion, site)
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    request._messages = _Messages()
    admin.copy_to_draft(request, FrameworkVersion.objects.filter(version=1))
    draft = FrameworkVersion.objects.get(version=2)
    assert draft.characteristics.count() == 16
    assert draft.questions.count() == framework_current().questions.count()
    assert admin.has_change_permission(request, draft)
    admin.publish(request, FrameworkVersion.objects.filter(pk=draft.pk))
    draft.refresh_from_db()
    assert draft.is_published and framework_current() == draft
    assert not admin.has_change_permission(request, draft)
    assert not admin.has_delete_permission(request, draft)


class _Messages:
    def __init__(self):
        self.items = []

    def add(self, level, message, extra_tags=""):
        self.items.append(message)


def test_the_framework_load_command_adds_a_version_and_refuses_duplicates(tmp_path):
    import json

    from django.core.management import CommandError, call_command

    from assessments.framework_loader import read_framework_file

    data = read_framework_file()
    data["version"] = 7
    data["name"] = "Local variant"
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(data))
    call_command("framework_load", str(path), "--publish")
    assert framework_current().version == 7
    assert framework_current().characteristics.count() == 16
    with pytest.raises(CommandError, match="already exists"):
        call_command("framework_load", str(path))
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"name": "x", "version": 8, "characteristics": [{}]}))
    with pytest.raises(CommandError, match="not a valid framework file"):
        call_command("framework_load", str(broken))
    assert not FrameworkVersion.objects.filter(version=8).exists()
