# The two commands: `make run` (the app with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
UV_RUN := uv run --frozen
PYTEST_ARGS ?=

.PHONY: run setup setup-test migrate demo test lint bench worker beat

setup:
	./scripts/setup.sh run

setup-test:
	./scripts/setup.sh test

migrate:
	$(UV_RUN) python manage.py migrate --noinput

demo: migrate
	$(UV_RUN) python manage.py demo_data

run: setup demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	@# Embedded reminders: scans and sends in-process every minute (stops itself with REDIS_URL).
	$(UV_RUN) python manage.py run_reminders --every 60 & trap "kill $$! 2>/dev/null" EXIT; \
	$(UV_RUN) python manage.py runserver 127.0.0.1:8000

lint:
	$(UV_RUN) ruff check .
	$(UV_RUN) ruff format --check .

test: setup-test lint
	$(UV_RUN) python manage.py makemigrations --check --dry-run
	$(UV_RUN) pytest $(PYTEST_ARGS)

bench: setup-test
	$(UV_RUN) python benchmarks/run_all.py

worker:
	$(UV_RUN) celery -A config worker --loglevel=INFO

beat:
	$(UV_RUN) celery -A config beat --loglevel=INFO
