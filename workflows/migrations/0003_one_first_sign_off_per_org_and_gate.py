"""One first decision per organisation and gate: with each decision superseded at most once,
exactly one of an organisation's decisions at a gate is current."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_sign_off_supersession"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="signoff",
            constraint=models.UniqueConstraint(condition=models.Q(("supersedes__isnull", True)), fields=("plan", "organisation", "gate"), name="one_first_sign_off_per_org_and_gate"),
        ),
    ]
