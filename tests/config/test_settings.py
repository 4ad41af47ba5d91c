import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x7!Qm2@rP9#vL4$wT6^zB8&nC1*kD3(fH5)jS0_gA-yU+eR=iO~pW"


def run_manage(args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_check_deploy_reports_nothing():
    result = run_manage(
        ["check", "--deploy", "--fail-level", "DEBUG"],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="planner.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ALLOWED_HOSTS": "planner.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_SECRET}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "a.example"}, "SECRET_KEY"),
        (
            {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "a.example", "DATABASE_URL": "mysql:/x"},
            "DATABASE_URL",
        ),
        (
            {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "a.example", "REDIS_URL": "localhost"},
            "REDIS_URL",
        ),
        (
            {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "a.example", "EMAIL_TIMEOUT": "soon"},
            "EMAIL_TIMEOUT",
        ),
    ],
)
def test_production_refuses_to_start_naming_the_bad_variable(env, named):
    result = run_manage(["check"], DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    assert result.returncode != 0
    assert named in result.stderr


def test_env_helpers_fail_loudly_with_the_name(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM")
    monkeypatch.setenv("X_BOOL", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    monkeypatch.delenv("X_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_MISSING"):
        env_str("X_MISSING")
    monkeypatch.setenv("X_LIST", " , ")
    with pytest.raises(ImproperlyConfigured, match="X_LIST"):
        env_list("X_LIST")
    monkeypatch.setenv("X_URL", "ftp://nope")
    with pytest.raises(ImproperlyConfigured, match="X_URL"):
        env_url("X_URL", schemes=("redis",))


def test_env_helpers_read_good_values(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_LIST", "a.example, b.example")
    assert env_int("X_NUM", minimum=1) == 12
    assert env_bool("X_BOOL") is True
    assert env_list("X_LIST") == ["a.example", "b.example"]
    assert env_str("X_ABSENT_WITH_DEFAULT", "d") == "d"
