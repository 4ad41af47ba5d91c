"""Load a framework version (characteristics, sources, stage questionnaires) from JSON.

Used by the data migration that ships the default framework, so it exists on every fresh
database after `migrate`, and by the `framework_load` command for a replacement version.
"""

import json
from pathlib import Path

DEFAULT_FRAMEWORK_FILE = Path(__file__).resolve().parent / "data" / "default_framework.json"


def framework_load_data(data: dict, *, models, published_at=None):
    """Create a framework version from `data`; `models` maps model names to classes.

    Taking the classes as an argument lets the migration pass its historical models.
    Published when `published_at` is given, otherwise left as a draft.
    """
    version = models["FrameworkVersion"].objects.create(
        name=data["name"],
        version=data["version"],
        status="published" if published_at else "draft",
        notes=data.get("notes", ""),
        sources="\n".join(
            f"{s['tag']} | {s['title']} | {s['url']}" for s in data.get("sources", [])
        ),
        published_at=published_at,
    )
    by_code = {}
    for order, item in enumerate(data["characteristics"], start=1):
        by_code[item["code"]] = models["Characteristic"].objects.create(
            framework=version,
            code=item["code"],
            name=item["name"],
            meaning=item["meaning"],
            sources=item["sources"],
            order=order,
        )
    for stage, questions in data.get("questionnaires", {}).items():
        for order, question in enumerate(questions, start=1):
            models["StageQuestion"].objects.create(
                framework=version,
                stage=stage,
                characteristic=by_code[question["code"]],
                prompt=question["prompt"],
                order=order,
            )
    return version


def read_framework_file(path=DEFAULT_FRAMEWORK_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
