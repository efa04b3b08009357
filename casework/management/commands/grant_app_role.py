"""Give the application's database role what it needs, and nothing that rewrites history.

Run by the owner of the tables (the role that runs ``migrate``) after every migration:

    python manage.py migrate && python manage.py grant_app_role panah_app

The application then connects as ``panah_app``, which owns nothing: it cannot ALTER a
table, disable the audit trigger or TRUNCATE, and on the audit trail it may only read and
append. PostgreSQL only.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

APPEND_ONLY = ["casework_event"]  # read and append, nothing else
NO_DELETE = ["casework_auditchainhead"]  # heads move forward, never vanish


class Command(BaseCommand):
    help = "Grant the application role table access; keep the audit trail append-only."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the web application and workers use")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role is for PostgreSQL.")
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"The role {role} does not exist: create it first.")
            cursor.execute("SELECT current_user")
            (owner,) = cursor.fetchone()
            if owner == role:
                raise CommandError("Run this as the owner of the tables, not as the app role.")
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {q(role)}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {q(role)}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q(role)}",
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {q(role)}",
            *(f"REVOKE UPDATE, DELETE ON {q(t)} FROM {q(role)}" for t in APPEND_ONLY),
            # The chainer links an event once (the trigger refuses every other change).
            *(f"GRANT UPDATE (seq, hash) ON {q(t)} TO {q(role)}" for t in APPEND_ONLY),
            *(f"REVOKE DELETE ON {q(t)} FROM {q(role)}" for t in NO_DELETE),
            f"REVOKE CREATE ON SCHEMA public FROM {q(role)}",
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"{role} may read and write the application's tables; on the audit trail it "
            "may only read and append. It owns nothing."
        )
