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
	@$(UV_RUN) python manage.py migrate --noinput -v 0

demo: migrate
	@$(UV_RUN) python manage.py demo_data

# Where `make run` serves: 127.0.0.1:8000 unless given (`make run PORT=8001`). The app is told
# the same address as SITE_URL, so the links in its e-mails open where it runs; a SITE_URL left
# in the environment is not used, one given on the command line is.
ADDRESS ?= 127.0.0.1
PORT ?= 8000
run: export SITE_URL = http://$(ADDRESS):$(PORT)
run: setup demo
	@# Embedded reminders and report sweep, every minute, in the background with their own log
	@# (the process stops itself when REDIS_URL is set: then beat and a worker do this).
	@mkdir -p var/log
	@$(UV_RUN) python manage.py run_background >>var/log/background.log 2>&1 & \
	trap "kill $$! 2>/dev/null" EXIT; \
	echo "Open $$SITE_URL and sign in with an account above (Ctrl+C to stop)."; \
	$(UV_RUN) python manage.py runserver $(ADDRESS):$(PORT)

lint:
	$(UV_RUN) ruff check .
	$(UV_RUN) ruff format --check .

test: setup-test lint
	$(UV_RUN) python manage.py makemigrations --check --dry-run
	$(UV_RUN) pytest $(PYTEST_ARGS)

# The load test needs PostgreSQL and Redis: started here if they are down, as CI does.
# BENCH_ONLY=load_test runs one script; BENCH_PAGES=dashboard,plan_detail some pages of the load test.
bench: setup-test
	./scripts/services-up.sh
	$(UV_RUN) python benchmarks/run_all.py

worker:
	$(UV_RUN) celery -A config worker --loglevel=INFO

beat:
	$(UV_RUN) celery -A config beat --loglevel=INFO
