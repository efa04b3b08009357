"""Narrow locks for work that must happen one at a time within an organisation.

A row lock on the organisation itself (``SELECT … FOR UPDATE``) would also block every
insert that references the organisation by foreign key (events, cases, documents take a
key-share lock on it), so one long intake would hold up every page view of the
organisation. A transaction-level advisory lock serialises only those who ask for the
same one, and is released when the transaction ends.
"""

import zlib

from django.db import connection


def organisation_lock(purpose: str, organisation_id: int) -> None:
    """Wait until no other transaction holds ``purpose`` for this organisation; hold it
    until this transaction ends. Call inside ``transaction.atomic``.

    SQLite lets one writer at a time anyway, so there it does nothing.
    """
    if connection.vendor != "postgresql":
        return
    # Two 32-bit keys: the purpose's checksum and the organisation.
    key = zlib.crc32(purpose.encode()) - 2**31
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [key, organisation_id])
