import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x7!Qm2@rP9#vL4$wT6^zB8&nC1*kD3(fH5)jS0_gA-yU+eR=iO~pW"


# Everything production needs; each refusal test takes one away or spoils it.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "planner.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.org",
    "TRUSTED_PROXY_COUNT": "1",
    "SUPPORT_EMAIL": "planner-support@example.org",
    "SERVICE_OPERATOR": "Example Blue Light Collaboration Unit",
}


def production_env(**changes):
    env = {**PRODUCTION, **changes}
    return {k: v for k, v in env.items() if v is not None}


def run_manage(args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL", *PRODUCTION}
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
    result = run_manage(["check", "--deploy", "--fail-level", "DEBUG"], **production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DATABASE_URL": "mysql:/x"}, "DATABASE_URL"),
        ({"REDIS_URL": "localhost"}, "REDIS_URL"),
        ({"EMAIL_TIMEOUT": "soon"}, "EMAIL_TIMEOUT"),
        # No unsafe fallbacks: no broker means no in-process tasks, no SMTP means no console
        # e-mail (with tokens in the log), and the proxy count must be stated, even as 0.
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST"),
        ({"TRUSTED_PROXY_COUNT": None}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"ALLOWED_HOSTS": ".example.org"}, "SITE_URL"),
    ],
)
def test_production_refuses_to_start_naming_the_bad_variable(changes, named):
    result = run_manage(["check"], **production_env(**changes))
    assert result.returncode != 0
    assert named in result.stderr


def test_production_accepts_an_explicit_zero_proxy_count_and_uses_smtp():
    code = (
        "from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.EMAIL_BACKEND, s.CELERY_TASK_ALWAYS_EAGER, s.SITE_URL)"
    )
    result = run_manage(["shell", "-v", "0", "-c", code], **production_env(TRUSTED_PROXY_COUNT="0"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "0",
        "django.core.mail.backends.smtp.EmailBackend",
        "False",
        "https://planner.example.org",
    ]


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
