#!/bin/sh
# First start of the PostgreSQL container: the login role the application uses. It owns
# nothing; `manage.py grant_app_role panah_app` (the compose `migrate` service) gives it
# its table rights after every migration.
set -eu
psql -v ON_ERROR_STOP=1 -v app_password="$APP_DB_PASSWORD" \
     --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE panah_app LOGIN PASSWORD :'app_password';
SQL
