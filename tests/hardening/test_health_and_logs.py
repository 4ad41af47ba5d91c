"""The health endpoint and request ids in structured logs."""

import json
import logging

import pytest
from django.db import connection
from django.test import Client, override_settings

from config.observability import JsonFormatter, RequestIdFilter, request_id_var


@pytest.mark.django_db
def test_health_needs_no_sign_in_and_reports_the_database_and_broker():
    response = Client().get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "not configured"}
    assert body["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_a_broker_that_is_down_is_reported_but_the_node_stays_in_service():
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "error"}


@pytest.mark.django_db
def test_a_database_that_is_down_makes_health_fail_for_the_load_balancer(monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "down"


@pytest.mark.django_db
def test_a_load_balancer_may_poll_health_with_head_and_gets_the_status_without_a_body(
    monkeypatch,
):
    response = Client().head("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""

    def refuse(*args, **kwargs):
        raise connection.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    assert Client().head("/health/").status_code == 503


@pytest.mark.django_db
def test_health_refuses_a_post():
    assert Client().post("/health/").status_code == 405


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept():
    fresh = Client().get("/health/")
    assert len(fresh["X-Request-ID"]) == 32
    kept = Client().get("/health/", HTTP_X_REQUEST_ID="lb-7f3a.42")
    assert kept["X-Request-ID"] == "lb-7f3a.42"
    forged = Client().get("/health/", HTTP_X_REQUEST_ID="x\n2026 ERROR forged line")
    assert forged["X-Request-ID"] != "x\n2026 ERROR forged line"
    assert "\n" not in forged["X-Request-ID"]


@pytest.mark.django_db
def test_log_lines_written_during_a_request_carry_its_id(caplog, police_lead, client_for):
    client = client_for(police_lead)
    handler_filter = RequestIdFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.WARNING, logger="django.request"):
            response = client.get("/plans/999999/", HTTP_X_REQUEST_ID="trace-404")
    finally:
        caplog.handler.removeFilter(handler_filter)
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.request_id == "trace-404" for r in records)


def test_the_json_formatter_writes_one_object_per_line_with_the_request_id():
    token = request_id_var.set("abc123")
    try:
        record = logging.LogRecord("planner", 20, __file__, 1, "plan %s saved", ("P1",), None)
        RequestIdFilter().filter(record)
        record.plan_id = 7
    finally:
        request_id_var.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "plan P1 saved"
    assert entry["request_id"] == "abc123"
    assert entry["level"] == "INFO"
    assert entry["plan_id"] == 7


def test_outside_a_request_log_records_say_so():
    record = logging.LogRecord("celery", logging.INFO, __file__, 1, "tick", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"
