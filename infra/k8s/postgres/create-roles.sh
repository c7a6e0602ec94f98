#!/bin/bash
# Run by the postgres-roles Job (postgres/roles-job.yaml) as the PostgreSQL superuser (PGHOST,
# PGUSER, PGPASSWORD from the Job). The Kubernetes form of infra/docker/postgres-init: per chain
# service (issue 12 finding 8)
# - database ketenpad_<service>, owned by ketenpad_<service>_owner: the role that runs the
#   migrations (DATABASE_MIGRATION_URL) and so owns every table, trigger and function;
# - ketenpad_<service>_app: the role the service's pool connects as (DATABASE_URL). It owns
#   nothing; after each migration run the owner grants it SELECT/INSERT/UPDATE/DELETE on the
#   ordinary tables and only SELECT/INSERT on append-only ones such as access_log
#   (libs/persistence, grantServiceRole), so it cannot disable the access log's trigger;
# - no other role (PUBLIC) may connect to the database; neither role is a superuser or may
#   create databases or roles.
# Unlike the compose init script, which runs once on an empty data directory, this runs on every
# (re)creation of the Job: it creates what is missing and sets the attributes and passwords of
# roles that exist, so re-running it rotates the passwords. Each service has its own passwords
# (Secret <service>-postgres, keys owner-password and app-password), passed in the environment as
# <SERVICE>_DB_OWNER_PASSWORD / <SERVICE>_DB_APP_PASSWORD and read by psql's \getenv, so they
# never appear on a command line.
set -euo pipefail

for attempt in $(seq 1 60); do
  pg_isready --quiet && break
  [ "$attempt" -lt 60 ] || { echo "PostgreSQL at ${PGHOST:-?} did not become ready" >&2; exit 1; }
  sleep 5
done

for service in municipality social_work court_liaison gp timeline partner_gateway; do
  owner_variable="${service^^}_DB_OWNER_PASSWORD"
  app_variable="${service^^}_DB_APP_PASSWORD"
  owner_password="${!owner_variable:-}"
  app_password="${!app_variable:-}"
  for variable in "$owner_variable" "$app_variable"; do
    # The services build DATABASE_URL / DATABASE_MIGRATION_URL around the password: it must be
    # URL-safe (openssl rand -hex 32) and long enough.
    if [[ ! "${!variable:-}" =~ ^[A-Za-z0-9._~-]{24,}$ ]]; then
      echo "$variable must be set to at least 24 URL-safe characters (openssl rand -hex 32)" >&2
      exit 1
    fi
  done
  OWNER_PASSWORD="$owner_password" APP_PASSWORD="$app_password" \
    psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --dbname postgres \
    -v db="ketenpad_${service}" \
    -v owner="ketenpad_${service}_owner" \
    -v app="ketenpad_${service}_app" <<'SQL'
\getenv owner_password OWNER_PASSWORD
\getenv app_password APP_PASSWORD
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', :'owner')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
ALTER ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', :'app')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
SQL
  echo "ketenpad_${service}: roles ketenpad_${service}_owner and ketenpad_${service}_app ready"
done
