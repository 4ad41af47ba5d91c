"""Load a success framework version from a JSON file (the format of
assessments/data/default_framework.json), as a draft unless --publish is given."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.framework_loader import framework_load_data, read_framework_file
from assessments.models import Characteristic, FrameworkVersion, StageQuestion


class Command(BaseCommand):
    help = "Load a success framework version from JSON. Old assessments keep their version."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON file with name, version, characteristics, ...")
        parser.add_argument(
            "--publish", action="store_true", help="Publish it now, so new assessments use it."
        )

    def handle(self, *args, path, publish, **options):
        try:
            data = read_framework_file(path)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        if FrameworkVersion.objects.filter(version=data.get("version")).exists():
            raise CommandError(f"Version {data.get('version')} already exists; nothing loaded.")
        try:
            with transaction.atomic():
                framework = framework_load_data(
                    data,
                    models={
                        "FrameworkVersion": FrameworkVersion,
                        "Characteristic": Characteristic,
                        "StageQuestion": StageQuestion,
                    },
                    published_at=timezone.now() if publish else None,
                )
        except (KeyError, TypeError, IntegrityError) as exc:
            raise CommandError(
                f"{path} is not a valid framework file ({exc!r}); nothing loaded."
            ) from exc
        state = "published" if publish else "loaded as a draft (publish it in the admin)"
        self.stdout.write(
            f"{framework.name}, version {framework.version}: "
            f"{framework.characteristics.count()} characteristics, {state}."
        )
