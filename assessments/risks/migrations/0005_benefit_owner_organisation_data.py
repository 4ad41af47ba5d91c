"""Give every existing benefit the owner organisation it was attributed to until now: the
organisation its owner works for (as "who pays, who gains" counted it)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_owner_organisation(apps, schema_editor):
    Benefit = apps.get_model("risks", "Benefit")
    User = apps.get_model("planner", "User")
    owners = User.objects.filter(pk=OuterRef("owner_id")).values("organisation_id")[:1]
    Benefit.objects.filter(owner_organisation__isnull=True).update(
        owner_organisation_id=Subquery(owners)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("risks", "0004_benefits_realisation"),
    ]

    operations = [
        # Reversing leaves the column to be dropped by 0004's reversal.
        migrations.RunPython(fill_owner_organisation, migrations.RunPython.noop),
    ]
