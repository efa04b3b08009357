import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Organisation(models.Model):
    """A legal-aid organisation. Nothing crosses from one organisation to another."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    reference_prefix = models.CharField(
        max_length=8,
        help_text=_("Start of every case reference, e.g. ISB in ISB-2026-0042."),
    )
    time_zone = models.CharField(max_length=64, default=settings.DEFAULT_ORGANISATION_TIME_ZONE)
    letterhead = models.TextField(blank=True, help_text=_("Printed at the top of petitions."))
    retention_days = models.PositiveIntegerField(
        default=730,
        help_text=_("Days after closing before a case's personal data is anonymised."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    SUPERVISOR = "supervisor", _("Supervisor")
    LAWYER = "lawyer", _("Lawyer")
    PARALEGAL = "paralegal", _("Paralegal")


# Roles that see every case of their organisation without object permissions.
ORGANISATION_WIDE_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})
# Roles that work on cases they are assigned to, and keep access to the cases they log.
CASE_TEAM_ROLES = frozenset({Role.LAWYER, Role.PARALEGAL})


class Membership(models.Model):
    """A user's place in exactly one organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    # Paralegals told of every new case, with the supervisors, so papers are chased at once.
    on_intake_duty = models.BooleanField(default=False)
    # What member pages are addressed by: user ids are sequential, and guessable.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A senior lawyer a supervisor trusts to approve petitions on every case of the
    # organisation (besides the cases where approval was granted one by one).
    approves_petitions = models.BooleanField(
        _("approves petitions organisation-wide"), default=False
    )
    # The interface language the member chose (a code from settings.LANGUAGES); blank
    # follows the browser. Kept here so it follows the member to every device.
    language = models.CharField(max_length=16, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @classmethod
    def of(cls, user) -> "Membership":
        """The acting user's membership, for services (views use ``membership_of``, a 404)."""
        membership = getattr(user, "membership", None)
        if membership is None:
            raise ValidationError(gettext("This account does not belong to an organisation."))
        return membership

    # Who the actor is, asked in one place: views and services use these, never ``role ==``.

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_lawyer(self) -> bool:
        return self.role == Role.LAWYER

    @property
    def sees_whole_organisation(self) -> bool:
        return self.role in ORGANISATION_WIDE_ROLES

    @property
    def joins_case_teams(self) -> bool:
        return self.role in CASE_TEAM_ROLES

    @property
    def may_assign_cases(self) -> bool:
        return self.sees_whole_organisation

    @property
    def may_see_special_category(self) -> bool:
        # The case team and supervisors; admins manage accounts, not cases.
        return self.role != Role.ADMIN

    def approval_refusal(self, petition, *, granted_on_case: bool) -> str:
        """Why this member may not approve (or return) ``petition``, or "" if they may.

        Four eyes, the one implementation: never the drafter nor anyone who edited the
        text (``petition.editors``); then a supervisor, or a lawyer granted approval on the
        petition's case (``approve_petition``) or organisation-wide (``approves_petitions``).
        """
        if self.organisation_id != petition.organisation_id:
            return gettext("This petition belongs to another organisation.")
        if self.user_id == petition.drafted_by_id or self.user_id in petition.editor_ids():
            return gettext(
                "A petition must be approved by someone who neither drafted nor edited it."
            )
        if self.is_supervisor or (self.is_lawyer and (granted_on_case or self.approves_petitions)):
            return ""
        return gettext(
            "Only a supervisor, or a lawyer allowed to approve petitions on this case, may "
            "approve or return it."
        )

    def may_approve(self, petition, *, granted_on_case: bool) -> bool:
        return not self.approval_refusal(petition, granted_on_case=granted_on_case)


class Stage(models.TextChoices):
    """Where a case stands, derived from its records (panah/selectors.py), never stored:
    a stored stage drifted from the papers, petitions and hearings it summarised."""

    INTAKE = "intake", _("Intake")
    DOCUMENTS = "documents", _("Verifying documents")
    PETITION = "petition", _("Petition in preparation")
    COURT = "court", _("Before the court")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    RELEASED_BY_POLICE = "released_by_police", _("Released by police before charge")
    RELEASED_BY_COURT = "released_by_court", _("Released by court order")
    BAIL_MAGISTRATE = "bail_magistrate", _("Bail granted (magistrate)")
    BAIL_SESSIONS = "bail_sessions", _("Bail granted (sessions court)")
    BAIL_HIGH_COURT = "bail_high_court", _("Bail granted (high court)")
    BAIL_REFUSED = "bail_refused", _("Bail refused")
    FIR_QUASHED = "fir_quashed", _("FIR quashed")
    WITHDRAWN = "withdrawn", _("Case withdrawn")
    DISCHARGED = "discharged", _("Discharged")
    CONVICTED_HELD = "convicted_held", _("Convicted, then held for deportation")
    POST_SENTENCE_CHALLENGED = "post_sentence_challenged", _("Detention after sentence challenged")
    DEPORTED = "deported", _("Deported")
    HOLDING_CENTRE = "holding_centre", _("Transferred to a holding centre")
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", _("Whereabouts unknown")


# Outcomes only a court gives: a case with one of them is, or was, before the court.
COURT_OUTCOMES = frozenset({
    Outcome.RELEASED_BY_COURT, Outcome.BAIL_MAGISTRATE, Outcome.BAIL_SESSIONS,
    Outcome.BAIL_HIGH_COURT, Outcome.BAIL_REFUSED, Outcome.FIR_QUASHED, Outcome.WITHDRAWN,
    Outcome.DISCHARGED, Outcome.CONVICTED_HELD, Outcome.POST_SENTENCE_CHALLENGED,
})  # fmt: skip


class Case(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=32)
    person = models.ForeignKey("detainees.Person", on_delete=models.PROTECT, related_name="cases")
    detention = models.OneToOneField(
        "detainees.Detention", on_delete=models.PROTECT, related_name="case"
    )
    lead_lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_cases",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaseAssignment",
        through_fields=("case", "user"),
        related_name="team_cases",
        blank=True,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why the case was closed or reopened last; retention counts from closed_at.
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The case list's default order, copied onto the case row so that a page is read from
    # one index instead of sorting every case joined with its detention and risk screening.
    # Written only by database triggers on the detention, the risk screening and the case
    # itself (detainees/migrations/0013_case_list_order_triggers.py), never by Python code.
    list_urgent = models.BooleanField(default=False, editable=False)
    list_awaiting = models.BooleanField(default=False, editable=False)
    list_arrested_at = models.DateTimeField(null=True, editable=False)
    # Custody facts the supervisor's Today and Analytics pages count over every case (who
    # is still held, who was released and when), copied from the detention by the same
    # triggers (detainees/migrations/0017_case_custody_facts.py) so that counting them
    # reads the case rows alone instead of joining every case with its detention.
    custody_held = models.BooleanField(default=False, editable=False)
    custody_released_at = models.DateTimeField(null=True, editable=False)
    # When the case's first petition was drafted, for the Analytics page's hours from arrest
    # to first petition, kept by database triggers on the petitions and on the case itself
    # (documents/migrations/0014_case_first_petition.py), never by Python code.
    first_petition_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="case_reference_unique_per_org"
            )
        ]
        indexes = [
            models.Index(
                fields=[
                    "organisation",
                    "-list_urgent",
                    "-list_awaiting",
                    "list_arrested_at",
                    "-id",
                ],
                name="case_list_order",
            )
        ]
        permissions = [
            ("draft_petition", "Can draft petitions for the case"),
            ("approve_petition", "Can approve petitions for the case"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseAssignment(models.Model):
    """A team member on a case. Creating or removing one grants or revokes permissions."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_assignment_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.case}"


class ReferenceCounter(models.Model):
    """Last case number used per organisation and year; locked while a reference is taken."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.last_number}"


class CaseUserObjectPermission(UserObjectPermissionBase):
    # Direct foreign key: guardian's generic tables are far slower at scale.
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class Event(models.Model):
    """Append-only record of something that happened: the case timeline and audit trail."""

    # Null for events outside any organisation, e.g. a failed login of an unknown username.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Tamper evidence (casework/audit.py): one hash chain per organisation (0: none), each
    # entry's hash covering its content and the previous entry's hash. An event is inserted
    # unlinked (no seq, no hash) and linked after its transaction commits by the chainer.
    chain = models.PositiveBigIntegerField(default=0)
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        indexes = [
            models.Index(fields=["case", "created_at"]),
            models.Index(fields=["organisation", "-created_at", "-id"], name="event_org_recent"),
            # Small: only the events waiting to be linked.
            models.Index(
                fields=["chain", "id"],
                condition=models.Q(seq__isnull=True),
                name="event_unlinked",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="event_one_entry_per_link")
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.verb} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"


class AuditChainHead(models.Model):
    """The newest link of one audit hash chain, row-locked only by the chainer.

    Also what reveals a deleted *last* entry, which no later link would notice.
    """

    chain = models.PositiveBigIntegerField(unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.seq}"


class Notification(models.Model):
    """A message to one user, shown in the app and sent by email once.

    ``key`` makes delivery idempotent: a task that runs twice, or two schedulers
    that both fire, find the existing row instead of notifying again.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["recipient", "read_at"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class OutboxMessage(models.Model):
    """Work to do after a change: written in the change's own transaction, so the work
    exists exactly when the change does, and delivered by a worker (``casework.outbox``).

    ``args`` are ids, tokens and plain values, never a client's data. ``key`` is the
    message's identity: enqueueing a key twice enqueues it once.
    """

    key = models.CharField(max_length=255, unique=True)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    queue = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # When a worker should next take it: a nudge is on its way until then, or a failed
    # attempt waits out its backoff.
    available_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    # A worker's lease while it runs the message: others leave it alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The exception's class name only: an error text can quote a client's data.
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        # Only undelivered rows are ever searched, and they are few among millions.
        indexes = [
            models.Index(
                fields=["available_at"],
                name="outbox_due",
                condition=models.Q(delivered_at__isnull=True),
            ),
            models.Index(
                fields=["task", "created_at"],
                name="outbox_waiting_by_task",
                condition=models.Q(delivered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.key
