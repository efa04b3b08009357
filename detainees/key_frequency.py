"""How common a name key is, read from PostgreSQL's own statistics of the keys' word index.

A search for a rare key ("rmtl", Rahmatullah: about 1 person in 80) by a lawyer with tens
of thousands of cases is fastest starting from the index on the keys (a few thousand
people, each probed for a case the lawyer may see). The planner instead walks the
lawyer's cases and tests each person's keys, because under ``LIMIT`` it expects to find
enough matches early and it underestimates how many cases the grants leave: 0.9 s at
1,000,000 cases, against 30 ms from the index (bench/README.md). For a common key
("mmd", Mohammad: 4 people in 10) the planner's way is the fast one and starting from the
index is slow (3 s: the index yields 400,000 people first). So the search asks the
statistics ``ANALYZE`` keeps for the index, once every few minutes per process, whether a
key is rare, and only then makes the index the starting point (``detainees.search``).
"""

import time

from django.db import connection

KEYS_INDEX = "detainees_person_search_keys_words"  # detainees migration 0005
# Below this share of people, starting from the index reads fewer rows than walking a
# large caseload until a page of matches turns up (the crossover measured at 3–5 %).
RARE = 0.02
REFRESH_SECONDS = 300

_cached: tuple[float, dict[str, float] | None] = (0.0, None)


def _read() -> dict[str, float] | None:
    """Key -> share of people with it, for the keys common enough to be listed; keys not
    listed are rarer than the least common listed one. None without statistics."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = 'to_tsvector'",
            [KEYS_INDEX],
        )
        row = cursor.fetchone()
    if not row or row[0] is None:
        return None
    keys, shares = row
    # The shares are followed by their minimum and maximum (and, for some types, the share
    # of null values): only the first len(keys) belong to the keys.
    return dict(zip(keys, shares[: len(keys)], strict=True))


def key_shares() -> dict[str, float] | None:
    global _cached
    read_at, shares = _cached
    if time.monotonic() - read_at > REFRESH_SECONDS:
        shares = _read()
        _cached = (time.monotonic(), shares)
    return shares


def forget() -> None:
    """Read the statistics afresh next time (after ``ANALYZE`` in tests)."""
    global _cached
    _cached = (0.0, None)


def all_rare(keys) -> bool:
    """Whether people having every key of ``keys`` are few enough to start from the index:
    the rarest key bounds the share. False without statistics or keys, leaving the
    planner's own choice."""
    if connection.vendor != "postgresql" or not keys:
        return False
    shares = key_shares()
    if not shares:
        return False
    return min(shares.get(key, 0.0) for key in keys) < RARE
