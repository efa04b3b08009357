"""One call records what happened: ``log_action``. Services call it inside their transaction.

The events form the audit trail, made tamper-evident by a hash chain per organisation:
each entry's hash covers its own content and the previous entry's hash, so altering or
removing any entry breaks every later link (``manage.py audit_verify``). Appends to one
chain are serialised by a row lock on its ``AuditChainHead``; on PostgreSQL a trigger
(migration 0004) refuses UPDATE and DELETE on the table.

Whoever owns the tables can still disable the trigger, rewrite and re-hash, or TRUNCATE.
So the application connects as a role that owns nothing (``grant_app_role``), and the
chain heads are signed with ``AUDIT_HEAD_KEY`` (held in the environment, never in the
database) and exported outside it (``heads_export``, periodically): a chain that was
rewritten or emptied no longer passes through the last exported head
(``audit_verify --since-export``).
"""

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from casework.models import AuditChainHead, Case, Event, Organisation

GENESIS = "0" * 64


def chain_of(organisation_id: int | None) -> int:
    return organisation_id or 0


def event_digest(previous_hash: str, event: Event) -> str:
    content = {
        "chain": event.chain,
        "seq": event.seq,
        "organisation": event.organisation_id,
        "case": event.case_id,
        "actor": event.actor_id,
        "verb": event.verb,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
    }
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous_hash}\n{payload}".encode()).hexdigest()


def _lock_head(chain: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:  # the chain's first entry; a racing creator makes get_or_create re-read
        AuditChainHead.objects.get_or_create(chain=chain, defaults={"hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def log_action(
    verb: str,
    *,
    organisation: Organisation | None,
    actor,
    case: Case | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    # No savepoint of its own: one query less per event, and the lock is held until the
    # caller's transaction commits either way.
    with transaction.atomic(savepoint=False):
        (event,) = _append(
            verb, organisation=organisation, actor=actor, entries=[(case, obj, data)]
        )
    return event


# Reads of identifying data: audited, but not part of what a case's timeline tells.
READ_VERBS = ("case.viewed", "case_list.viewed", "incident.viewed", "inbox.viewed")


def log_read(
    request,
    verb: str,
    *,
    organisation: Organisation,
    case: Case | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """One event per request for each thing read, however many parts of it a page shows.

    ``data`` holds page names, counts and filter *names*: never what was searched for or
    anything else the client typed or the page showed.
    """
    reads = request.__dict__.setdefault("_panah_reads", set())
    key = (verb, getattr(case, "pk", None), obj._meta.label_lower if obj else "",
           getattr(obj, "pk", None))  # fmt: skip
    if key in reads:
        return
    reads.add(key)
    log_action(verb, organisation=organisation, actor=request.user, case=case, obj=obj,
               data=data)  # fmt: skip


def log_actions(
    verb: str,
    *,
    organisation: Organisation,
    actor,
    entries: Sequence[tuple[Case | None, models.Model | None, dict[str, Any] | None]],
) -> list[Event]:
    """Many events of one verb, as ``(case, obj, data)``: one lock and one bulk insert, so
    bulk intake appends a chain link per case at a cost that does not grow with the cases."""
    if not entries:
        return []
    with transaction.atomic():
        return _append(verb, organisation=organisation, actor=actor, entries=entries)


def _append(verb, *, organisation, actor, entries) -> list[Event]:
    """Link the entries onto their chain; the caller holds the transaction."""
    chain = chain_of(organisation.pk if organisation is not None else None)
    # Held until the surrounding transaction commits: two writers never share a link.
    head = _lock_head(chain)
    now, seq, previous, events = timezone.now(), head.seq, head.hash, []
    for case, obj, data in entries:
        seq += 1
        event = Event(
            organisation=organisation,
            case=case,
            actor=actor if getattr(actor, "pk", None) else None,
            verb=verb,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            # A JSON round trip now, so the hash covers exactly what the database returns.
            data=json.loads(json.dumps(data or {})),
            created_at=now,
            chain=chain,
            seq=seq,
        )
        event.hash = previous = event_digest(previous, event)
        events.append(event)
    Event.objects.bulk_create(events)
    head.seq, head.hash = seq, previous
    head.save(update_fields=["seq", "hash"])
    return events


@dataclass(frozen=True)
class BrokenLink:
    chain: int
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"chain {self.chain} (organisation {self.chain or 'none'}), entry {self.seq}"
        if self.event_id is not None:
            where += f" (event id {self.event_id})"
        return f"{where}: {self.reason}"


def _verify_chain(head: AuditChainHead) -> BrokenLink | None:
    previous_hash, expected_seq = GENESIS, 1
    last_id = None
    events: Iterator[Event] = (
        Event.objects.filter(chain=head.chain).order_by("seq").iterator(chunk_size=2000)
    )
    for event in events:
        if event.seq != expected_seq:
            return BrokenLink(
                head.chain, expected_seq, None,
                f"missing (removed); the next entry present is {event.seq}",
            )  # fmt: skip
        if event_digest(previous_hash, event) != event.hash:
            return BrokenLink(head.chain, event.seq, event.pk, "content altered (hash mismatch)")
        previous_hash, expected_seq, last_id = event.hash, expected_seq + 1, event.pk
    if head.seq != expected_seq - 1 or head.hash != previous_hash:
        return BrokenLink(
            head.chain, expected_seq, last_id,
            f"the chain ends at entry {expected_seq - 1} but its head records entry {head.seq}: "
            "entries at the end were removed",
        )  # fmt: skip
    return None


def audit_verify() -> tuple[list[BrokenLink], int]:
    """The first broken link of every chain, and how many entries were checked."""
    broken = []
    for head in AuditChainHead.objects.order_by("chain"):
        problem = _verify_chain(head)
        if problem is not None:
            broken.append(problem)
    orphan_chains = Event.objects.exclude(
        chain__in=AuditChainHead.objects.values("chain")
    ).values_list("chain", flat=True)
    for chain in sorted(set(orphan_chains)):
        broken.append(BrokenLink(chain, 1, None, "entries exist but the chain head is missing"))
    return broken, Event.objects.count()


# Signed heads, exported outside the database ------------------------------------------

export_log = logging.getLogger("panah.audit.heads")


def head_signature(chain: int, seq: int, head_hash: str, exported_at: str) -> str:
    key = settings.AUDIT_HEAD_KEY.encode()
    message = f"panah-audit-head\n{chain}\n{seq}\n{head_hash}\n{exported_at}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def heads_signed() -> dict[str, Any]:
    """Every chain head now, each signed with the key the database does not hold."""
    exported_at = timezone.now().astimezone(UTC).isoformat()
    heads = [
        {"chain": h.chain, "seq": h.seq, "hash": h.hash,
         "signature": head_signature(h.chain, h.seq, h.hash, exported_at)}
        for h in AuditChainHead.objects.order_by("chain")
    ]  # fmt: skip
    return {"exported_at": exported_at, "heads": heads}


def heads_export(path: str | None = None) -> dict[str, Any]:
    """Append the signed heads to the export file (one JSON line) and to the log.

    Both live outside the database: put the file on storage its administrators cannot
    rewrite, and ship the log elsewhere.
    """
    export = heads_signed()
    line = json.dumps(export, sort_keys=True, separators=(",", ":"))
    with open(path or settings.AUDIT_HEAD_EXPORT_PATH, "a", encoding="utf-8") as out:
        out.write(line + "\n")
    export_log.info("audit heads %s", line)
    return export


def last_export(path: str | None = None) -> dict[str, Any] | None:
    try:
        with open(path or settings.AUDIT_HEAD_EXPORT_PATH, encoding="utf-8") as exported:
            lines = [line for line in exported if line.strip()]
    except FileNotFoundError:
        return None
    return json.loads(lines[-1]) if lines else None


def verify_since_export(export: dict[str, Any]) -> list[BrokenLink]:
    """Each exported head must still be in its chain, with the same hash.

    Events removed from the end (and the head moved back), a chain rewritten and
    re-hashed, or a TRUNCATE all lose the exported entry or change its hash. A head
    whose signature fails means the export itself was altered.
    """
    broken = []
    exported_at = export.get("exported_at", "")
    for head in export.get("heads", []):
        chain, seq, head_hash = int(head["chain"]), int(head["seq"]), str(head["hash"])
        expected = head_signature(chain, seq, head_hash, exported_at)
        if not hmac.compare_digest(expected, str(head.get("signature", ""))):
            broken.append(BrokenLink(chain, seq, None, "the exported head's signature is wrong"))
            continue
        if seq == 0:
            continue
        event = Event.objects.filter(chain=chain, seq=seq).only("pk", "hash").first()
        if event is None:
            broken.append(BrokenLink(
                chain, seq, None,
                f"missing: the head exported at {exported_at} is gone (removed or truncated)",
            ))  # fmt: skip
        elif not hmac.compare_digest(event.hash, head_hash):
            broken.append(BrokenLink(
                chain, seq, event.pk,
                f"rewritten: its hash differs from the head exported at {exported_at}",
            ))  # fmt: skip
    return broken
