#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 and that the project's role exists:
# installs Debian's postgresql package when missing, starts a stopped cluster, creates the
# role (LOGIN CREATEDB, password login works under the default pg_hba), and creates the
# databases named as arguments. Idempotent; safe to run before every test run or stack start.
set -euo pipefail

PG_HOST=${CRAFTED_PG_HOST:-127.0.0.1}
PG_PORT=${CRAFTED_PG_PORT:-5432}
PG_ROLE=${CRAFTED_PG_USER:-crafted}
PG_PASSWORD=${CRAFTED_PG_PASSWORD:-crafted}

say() { printf '[postgres] %s\n' "$*"; }
. "$(dirname "$0")/lib.sh"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  say "PostgreSQL is not installed: installing Debian's postgresql package"
  apt_install postgresql
fi

if ! ready; then
  for version in $(ls /etc/postgresql); do
    for cluster in $(ls "/etc/postgresql/$version"); do
      say "starting cluster $version/$cluster"
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
    done
  done
  for _ in $(seq 1 60); do ready && break; sleep 0.5; done
  ready || { say "PostgreSQL did not come up on $PG_HOST:$PG_PORT; see /var/log/postgresql/"; exit 1; }
fi

psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qtA -p "$PG_PORT" "$@"; }

if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$PG_ROLE'")" != "1" ]; then
  say "creating role $PG_ROLE"
  psql_admin -c "create role \"$PG_ROLE\" login createdb password '$PG_PASSWORD'"
fi

for db in "$@"; do
  if [ "$(psql_admin -c "select 1 from pg_database where datname = '$db'")" != "1" ]; then
    say "creating database $db"
    psql_admin -c "create database \"$db\" owner \"$PG_ROLE\""
  fi
done
say "ready on $PG_HOST:$PG_PORT (role $PG_ROLE)"
