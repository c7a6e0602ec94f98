#!/bin/bash
# Runs once, when the postgres container initialises an empty data directory
# (docker-entrypoint-initdb.d), as the superuser POSTGRES_USER.
#
# Per chain service (issue 12 finding 8):
# - database ketenpad_<service>, owned by ketenpad_<service>_owner: the role that runs the
#   migrations (DATABASE_MIGRATION_URL) and so owns every table, trigger and function;
# - ketenpad_<service>_app: the role the service's pool connects as (DATABASE_URL). It owns
#   nothing; after each migration run the owner grants it SELECT/INSERT/UPDATE/DELETE on the
#   ordinary tables and only SELECT/INSERT on append-only ones such as access_log
#   (libs/persistence, grantServiceRole). Not owning access_log, it cannot ALTER TABLE ...
#   DISABLE TRIGGER; not a superuser, it cannot SET session_replication_role.
# - no other role (PUBLIC) may connect to the database; neither role is a superuser or may
#   create databases or roles.
#
# A data directory initialised before this script existed keeps its old users: run this
# script by hand (psql as the superuser) or start from an empty volume.
set -euo pipefail

for service in municipality social_work court_liaison gp timeline partner_gateway; do
  # Each service has its own pair (<SERVICE>_DB_OWNER_PASSWORD, <SERVICE>_DB_APP_PASSWORD, as the
  # Kubernetes roles Job reads them): a service that knew another's password could read its database.
  owner_variable="${service^^}_DB_OWNER_PASSWORD"
  app_variable="${service^^}_DB_APP_PASSWORD"
  : "${!owner_variable:?set $owner_variable, the password of ketenpad_${service}_owner}"
  : "${!app_variable:?set $app_variable, the password of ketenpad_${service}_app}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v db="ketenpad_${service}" \
    -v owner="ketenpad_${service}_owner" \
    -v app="ketenpad_${service}_app" \
    -v owner_password="${!owner_variable}" \
    -v app_password="${!app_variable}" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
SQL
done
