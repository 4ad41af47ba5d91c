"""Indexes on planner_plan that the reminder scan's queries use.

Owned here rather than in planner because only the scan needs them: each is (stage, date),
so "plans in this stage whose date has passed" is an index range scan whose cost grows with
the number of plans due, not with the size of the table.
"""

from django.db import migrations

INDEXES = {
    "notif_plan_scoping_target": "stage, scoping_target",
    "notif_plan_governance_target": "stage, governance_alignment_target",
    "notif_plan_risk_target": "stage, joint_risk_assessment_target",
    "notif_plan_delivery_target": "stage, delivery_target",
    "notif_plan_stage_changed": "stage, stage_changed_at",
    "notif_plan_stage_created": "stage, created_at",
}


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("planner", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON planner_plan ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
