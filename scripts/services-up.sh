#!/usr/bin/env bash
# Start the local PostgreSQL 15 and Redis on 127.0.0.1 if they are down, and wait until they
# answer. Used by CI (.ci/run) before the suite and by `make bench` before the load test, so
# both start the services the same way. Safe to run again: services already up are left alone.
set -euo pipefail

wait_for() {
  local what="$1" check="$2"
  for _ in $(seq 1 30); do
    if eval "$check" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "$what did not come up" >&2
  return 1
}

for tool in pg_isready redis-cli; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is not installed: the load test needs PostgreSQL 15 and Redis (apt-get install postgresql redis-server)" >&2
    exit 1
  fi
done

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "PostgreSQL is down; starting it"
  pg_ctlcluster 15 main start 2>/dev/null || service postgresql start
  wait_for PostgreSQL "pg_isready -h 127.0.0.1 -p 5432 -q"
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  echo "Redis is down; starting it"
  service redis-server start 2>/dev/null || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""
  wait_for Redis "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG"
fi
