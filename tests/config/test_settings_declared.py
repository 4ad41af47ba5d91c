"""Every tunable is declared once, in config/settings/base.py, and read as `settings.NAME`.

A `getattr(settings, "NAME", default)` hides the default at the call site, where nobody
looking at the settings finds it; and a `settings.NAME` that no settings module declares
fails only when that line first runs. Both are caught here by reading the code, not by
running it.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("planner", "workflows", "assessments", "config")


def _project_modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def _settings_names(tree: ast.AST) -> set[str]:
    """The names a module gives django.conf.settings (`settings` unless imported as another)."""
    names = {"settings"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.conf":
            names |= {
                alias.asname or alias.name for alias in node.names if alias.name == "settings"
            }
    return names


def _is_settings(node: ast.AST, names: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in names
    # django.conf.settings written out in full.
    return isinstance(node, ast.Attribute) and node.attr == "settings"


def _getattr_on_settings(tree: ast.AST) -> list[int]:
    names = _settings_names(tree)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and node.args
        and _is_settings(node.args[0], names)
    ]


def _settings_read(tree: ast.AST) -> set[str]:
    names = _settings_names(tree)
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.isupper()
        and _is_settings(node.value, names)
    }


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), filename=str(path))


def test_the_scan_sees_the_project_code():
    modules = _project_modules()
    assert ROOT / "config" / "settings" / "base.py" in modules
    assert ROOT / "workflows" / "notifications" / "rules.py" in modules


@pytest.mark.parametrize(
    "source, found",
    [
        ('from django.conf import settings\ngetattr(settings, "X", 1)\n', True),
        ('from django.conf import settings as s\ngetattr(s, "X")\n', True),
        ('import django.conf\ngetattr(django.conf.settings, "X", 1)\n', True),
        ('from django.conf import settings\nsettings.X\ngetattr(other, "X", 1)\n', False),
    ],
)
def test_the_check_recognises_a_getattr_on_settings(source, found):
    tree = ast.parse(source)
    assert bool(_getattr_on_settings(tree)) is found


def test_no_code_reads_a_setting_with_getattr_and_a_hidden_default():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _project_modules()
        for line in _getattr_on_settings(_parse(path))
    ]
    assert not found, (
        "Declare these settings in config/settings/base.py with a comment and read them as "
        f"settings.NAME: {found}"
    )


def test_every_setting_the_code_reads_is_declared():
    read = {
        name: path.relative_to(ROOT)
        for path in _project_modules()
        for name in _settings_read(_parse(path))
    }
    # The scan must actually find the reads, or an empty result would pass silently.
    assert {"NOTIFICATIONS_STALLED_DAYS", "RISK_BANDS", "CASE_MATCH_LIMIT"} <= set(read)
    missing = {name: str(path) for name, path in read.items() if not hasattr(django_settings, name)}
    assert not missing, f"Read but declared in no settings module: {missing}"
