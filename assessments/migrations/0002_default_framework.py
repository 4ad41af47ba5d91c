from django.db import migrations
from django.utils import timezone


def load_default(apps, schema_editor):
    from assessments.framework_loader import framework_load_data, read_framework_file

    FrameworkVersion = apps.get_model("assessments", "FrameworkVersion")
    data = read_framework_file()
    if FrameworkVersion.objects.filter(version=data["version"]).exists():
        return
    framework_load_data(
        data,
        models={
            name: apps.get_model("assessments", name)
            for name in ("FrameworkVersion", "Characteristic", "StageQuestion")
        },
        published_at=timezone.now(),
    )


def unload_default(apps, schema_editor):
    apps.get_model("assessments", "FrameworkVersion").objects.filter(
        version=1, assessments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load_default, unload_default)]
