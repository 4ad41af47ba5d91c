"""Indexes on other apps' tables that the reminder scan's queries use (see 0002)."""

from django.db import migrations

INDEXES = {
    "notif_assessment_submitted": ("assessments_assessment", "status, submitted_at"),
    "notif_risk_review": ("risks_risk", "status, review_date"),
    "notif_report_rendered": ("reports_reportversion", "status, rendered_at"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_plan_scan_indexes"),
        ("assessments", "0001_initial"),
        ("risks", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, (table, columns) in INDEXES.items()
    ]
