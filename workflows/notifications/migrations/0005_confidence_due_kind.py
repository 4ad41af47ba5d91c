from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_condition_due_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("stage_changed", "A plan changed stage"),
                    ("sign_off_recorded", "A governance decision was recorded"),
                    ("assessment_submitted", "A partner submitted an assessment"),
                    ("report_ready", "A governance report is ready"),
                    ("assessment_due", "An assessment is due soon"),
                    ("stage_overdue", "A stage is past its target date"),
                    (
                        "overdue_escalation",
                        "A stage is well past its target date (to leads)",
                    ),
                    (
                        "sign_off_pending",
                        "Your organisation's governance sign-off is awaited",
                    ),
                    ("risk_review_due", "A risk you own is due for review"),
                    ("plan_stalled", "No decision has been logged on a plan for a while"),
                    (
                        "condition_due",
                        "A condition of an approval your organisation owns is due",
                    ),
                    (
                        "confidence_due",
                        "A plan in delivery has no confidence rating this month",
                    ),
                ],
                max_length=30,
            ),
        ),
    ]
