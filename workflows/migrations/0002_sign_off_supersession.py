"""Sign-offs are superseded explicitly; the decisions already recorded are put in chains.

Before this, every decision of an organisation's body was a row of its own and the latest
recorded one counted. Each organisation's rows become one chain in that order (each later
row supersedes the one before), so the decision that counted still counts, every row is
kept, and the next migration can require one first decision per organisation and gate.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


EARLIER_RULE = (
    "Recorded before a decision had to supersede the earlier one explicitly; it was the "
    "later decision recorded, so it replaced this one."
)


def chain_earlier_decisions(apps, schema_editor):
    SignOff = apps.get_model("workflows", "SignOff")
    previous = {}
    for sign_off in SignOff.objects.order_by("plan_id", "organisation_id", "recorded_at", "pk"):
        key = (sign_off.plan_id, sign_off.organisation_id)
        if key in previous:
            sign_off.supersedes_id = previous[key]
            sign_off.supersession_reason = EARLIER_RULE
            sign_off.save(update_fields=["supersedes", "supersession_reason"])
        previous[key] = sign_off.pk


class Migration(migrations.Migration):

    dependencies = [
        ("planner", "0002_plan_reference_message"),
        ("workflows", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="signoff",
            name="gate",
            field=models.CharField(choices=[("scoping", "Scoping"), ("governance_alignment", "Governance alignment"), ("joint_risk_assessment", "Joint risk assessment"), ("delivery", "Delivery"), ("review", "Review"), ("closed", "Closed"), ("on_hold", "On hold"), ("withdrawn", "Withdrawn")], default="governance_alignment", editable=False, max_length=30),
        ),
        migrations.AddField(
            model_name="signoff",
            name="on_behalf",
            field=models.BooleanField(default=False, help_text="Recorded by the project lead on the organisation's behalf, not by its governance approver."),
        ),
        migrations.AddField(
            model_name="signoff",
            name="supersedes",
            field=models.OneToOneField(blank=True, help_text="The earlier decision of the same body that this one replaces.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="superseded_by", to="workflows.signoff"),
        ),
        migrations.AddField(
            model_name="signoff",
            name="supersession_reason",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(chain_earlier_decisions, migrations.RunPython.noop),
    ]
