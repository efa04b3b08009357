"""One call records what happened: ``log_action``. Services call it inside their transaction.

The events form the audit trail, made tamper-evident by a hash chain per organisation:
each entry's hash covers its own content and the previous entry's hash, so altering or
removing any entry breaks every later link (``manage.py audit_verify``).

Appending takes no lock: an event is inserted unlinked, and the chainer
(``audit_link_pending``, run by beat every few seconds and by ``audit_verify``) links the
committed ones in order afterwards, under the chain head's row lock that only chainers
take. So no request ever waits on another organisation-wide row, and an event committed
by a process that then dies is linked all the same.

The chainer links the *unlinked* events it can see, never "everything up to the highest
id": ids are handed out at insert, not at commit, so a watermark would skip an event
whose transaction commits late. Such an event is simply still unlinked at the next run,
and linked then (its place in the chain is the order in which it was linked).

On PostgreSQL a trigger (migrations 0004, 0015) refuses UPDATE and DELETE on the table,
except the one change the chainer makes: giving an unlinked event its ``seq`` and
``hash``. Whoever owns the tables can still disable the trigger, rewrite and re-hash, or
TRUNCATE. So the application connects as a role that owns nothing (``grant_app_role``),
and the chain heads are signed with ``AUDIT_HEAD_KEY`` (held in the environment, never in
the database) and exported outside it (``heads_export``, periodically): a chain that was
rewritten or emptied no longer passes through the last exported head
(``audit_verify --since-export``).
"""

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Min
from django.utils import timezone

from casework.models import AuditChainHead, Case, Event, Organisation

GENESIS = "0" * 64
# Events linked per chain in one transaction: short transactions, bounded memory.
LINK_BATCH = 2000


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


def log_action(
    verb: str,
    *,
    organisation: Organisation | None,
    actor,
    case: Case | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    (event,) = _insert(verb, organisation=organisation, actor=actor, entries=[(case, obj, data)])
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
    label = obj._meta.label_lower if obj else ""
    key = (verb, getattr(case, "pk", None), label, getattr(obj, "pk", None))
    if key in reads:
        return
    reads.add(key)
    log_action(verb, organisation=organisation, actor=request.user, case=case, obj=obj, data=data)


def log_actions(
    verb: str,
    *,
    organisation: Organisation,
    actor,
    entries: Sequence[tuple[Case | None, models.Model | None, dict[str, Any] | None]],
) -> list[Event]:
    """Many events of one verb, as ``(case, obj, data)``: one bulk insert, so bulk intake
    records an event per case at a cost that does not grow with the cases."""
    if not entries:
        return []
    return _insert(verb, organisation=organisation, actor=actor, entries=entries)


def _insert(verb, *, organisation, actor, entries) -> list[Event]:
    """Insert the entries unlinked; the chainer links them once their transaction ends."""
    chain = chain_of(organisation.pk if organisation is not None else None)
    now = timezone.now()
    events = [
        Event(
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
        )
        for case, obj, data in entries
    ]
    return Event.objects.bulk_create(events)


# Linking: after commit, in order, in one resumable place ---------------------------------


def _head_for_linking(chain: int) -> AuditChainHead | None:
    """The chain's head, row-locked; None while another chainer holds it (it links them)."""
    if not AuditChainHead.objects.filter(chain=chain).exists():
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(chain=chain, hash=GENESIS)
        except IntegrityError:
            pass  # another chainer created it first
    return AuditChainHead.objects.select_for_update(skip_locked=True).filter(chain=chain).first()


def _link_batch(chain: int) -> int:
    with transaction.atomic():
        head = _head_for_linking(chain)
        if head is None:
            return 0
        # Read after the lock: whatever another chainer linked meanwhile is not seen again.
        events = list(
            Event.objects.filter(chain=chain, seq__isnull=True).order_by("id")[:LINK_BATCH]
        )
        seq, previous = head.seq, head.hash
        for event in events:
            seq += 1
            event.seq = seq
            event.hash = previous = event_digest(previous, event)
        Event.objects.bulk_update(events, ["seq", "hash"], batch_size=500)
        head.seq, head.hash = seq, previous
        head.save(update_fields=["seq", "hash"])
    return len(events)


def audit_link_pending(*, limit: int = 50_000) -> int:
    """Link every committed, unlinked event into its chain, in order; returns how many.

    Idempotent and resumable: what a dead chainer left unlinked is linked by the next run,
    and two chainers at once share the chains (one skips a head the other holds).
    ``limit`` bounds one run; the next run continues.
    """
    linked = 0
    unlinked = Event.objects.filter(seq__isnull=True)
    chains = sorted(set(unlinked.values_list("chain", flat=True).distinct()))
    for chain in chains:
        while linked < limit:
            count = _link_batch(chain)
            linked += count
            if count < LINK_BATCH:
                break
    return linked


@dataclass(frozen=True)
class LinkLag:
    waiting: int
    oldest: datetime | None

    def seconds(self, now: datetime | None = None) -> int:
        if self.oldest is None:
            return 0
        return max(0, int(((now or timezone.now()) - self.oldest).total_seconds()))


def audit_link_lag() -> LinkLag:
    """How many events wait to be linked and since when: the health page shows it."""
    figures = Event.objects.filter(seq__isnull=True).aggregate(
        waiting=models.Count("id"), oldest=Min("created_at")
    )
    return LinkLag(figures["waiting"], figures["oldest"])


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
        Event.objects.filter(chain=head.chain, seq__isnull=False)
        .order_by("seq")
        .iterator(chunk_size=2000)
    )
    for event in events:
        if event.seq != expected_seq:
            return BrokenLink(
                head.chain,
                expected_seq,
                None,
                f"missing (removed); the next entry present is {event.seq}",
            )
        if event_digest(previous_hash, event) != event.hash:
            return BrokenLink(head.chain, event.seq, event.pk, "content altered (hash mismatch)")
        previous_hash, expected_seq, last_id = event.hash, expected_seq + 1, event.pk
    if head.seq != expected_seq - 1 or head.hash != previous_hash:
        return BrokenLink(
            head.chain,
            expected_seq,
            last_id,
            f"the chain ends at entry {expected_seq - 1} but its head records entry {head.seq}: "
            "entries at the end were removed",
        )
    return None


def audit_verify() -> tuple[list[BrokenLink], int]:
    """The first broken link of every chain, and how many linked entries were checked.

    Only reads: events not yet linked are not part of any chain yet (``audit_link_pending``
    links them; the ``audit_verify`` command does that first)."""
    broken = []
    for head in AuditChainHead.objects.order_by("chain"):
        problem = _verify_chain(head)
        if problem is not None:
            broken.append(problem)
    orphan_chains = (
        Event.objects.filter(seq__isnull=False)
        .exclude(chain__in=AuditChainHead.objects.values("chain"))
        .values_list("chain", flat=True)
    )
    for chain in sorted(set(orphan_chains)):
        broken.append(BrokenLink(chain, 1, None, "entries exist but the chain head is missing"))
    return broken, Event.objects.filter(seq__isnull=False).count()


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
        {
            "chain": h.chain,
            "seq": h.seq,
            "hash": h.hash,
            "signature": head_signature(h.chain, h.seq, h.hash, exported_at),
        }
        for h in AuditChainHead.objects.order_by("chain")
    ]
    return {"exported_at": exported_at, "heads": heads}


def heads_export(path: str | None = None) -> dict[str, Any]:
    """Append the signed heads to the export file (one JSON line) and to the log.

    Both live outside the database: put the file on storage its administrators cannot
    rewrite, and ship the log elsewhere.
    """
    audit_link_pending()  # what has committed is part of the heads signed now
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
            broken.append(
                BrokenLink(
                    chain,
                    seq,
                    None,
                    f"missing: the head exported at {exported_at} is gone (removed or truncated)",
                )
            )
        elif not hmac.compare_digest(event.hash, head_hash):
            broken.append(
                BrokenLink(
                    chain,
                    seq,
                    event.pk,
                    f"rewritten: its hash differs from the head exported at {exported_at}",
                )
            )
    return broken
