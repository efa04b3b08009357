"""Writes for petitions: drafting, four-eyes approval, rendering, filing, templates, batches.

Every transition is one transaction and one event on the case timeline.
"""

import hashlib
import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, pgettext_lazy

from casework import stored_files
from casework.audit import log_action
from casework.models import Case, Event
from casework.outbox import outbox_enqueue
from casework.selectors import membership_of, user_may
from documents.models import (
    Petition,
    PetitionAnnexure,
    PetitionState,
    PetitionTemplate,
    PetitionTemplateVersion,
)
from documents.petitions.context import petition_context
from documents.petitions.engine import TemplateProblem, compile_template
from documents.petitions.notify import (
    NOTIFY_DEFERRED,
    notify_petition_approved,
    notify_petition_returned,
    notify_petition_submitted,
)
from documents.petitions.offers import why_not
from documents.petitions.selectors import approval_refusal, latest_version

EDITABLE_STATES = (PetitionState.DRAFT,)
RERENDERABLE_STATES = (PetitionState.FAILED, PetitionState.READY, PetitionState.RENDERING)


SUMMARY = {
    "drafted": "drafted the petition",
    "edited": "edited the petition",
    "refreshed": "took the case details again for the petition",
    "submitted": "sent for approval the petition",
    "returned": "returned with comments the petition",
    "approved": "approved the petition",
    "rendering": "asked for the PDF of the petition",
    "ready": "prepared the PDF of the petition",
    "failed": "could not prepare the PDF of the petition",
    "downloaded": "downloaded the PDF of the petition",
    "previewed": "previewed the draft PDF, with its annexures, of the petition",
    "filed": "marked as filed the petition",
}


def _log(verb: str, petition: Petition, by, **data) -> Event:
    # The template's title is the organisation's library, not the client's. A reviewer's
    # comment or a failure's reason is free text that may name people: it stays on the
    # petition (``review_comment``, ``failure_reason``), which retention can wipe.
    title = petition.version.template.title
    summary = f"{SUMMARY[verb]} “{title}”"
    return log_action(
        f"petition.{verb}", organisation=petition.case.organisation, actor=by,
        case=petition.case, obj=petition,
        data={"title": title, "state": petition.state, "summary": summary, **data},
    )  # fmt: skip


def _require_state(petition: Petition, states, action) -> None:
    # ``action`` is a lazy translation ("approved", "returned"), worded when the error is.
    # The row lock makes two people pressing "approve" at once one approval and one refusal.
    petition.state = (
        Petition.objects.select_for_update().values_list("state", flat=True).get(pk=petition.pk)
    )
    if petition.state not in states:
        raise ValidationError(
            gettext("This petition is %(state)s; it cannot be %(action)s now.")
            % {
                "state": petition.get_state_display().lower(),
                "action": action,
            }
        )


def _require_drafter_rights(petition: Petition, by) -> None:
    if not user_may(by, petition.case, "draft_petition"):
        raise ValidationError(gettext("You may not draft petitions on this case."))


def _court_name(court: str) -> str:
    """The court as typed, refused (never cut) when empty or longer than the field."""
    court = court.strip()
    limit = Petition._meta.get_field("court").max_length
    if not court:
        raise ValidationError({"court": gettext("Name the court the petition is addressed to.")})
    if len(court) > limit:
        raise ValidationError(
            {"court": gettext("The court's name is longer than %(limit)s characters.") % {
                "limit": limit
            }}
        )  # fmt: skip
    return court


def _version_note(note: str) -> str:
    limit = PetitionTemplateVersion._meta.get_field("note").max_length
    if len(note) > limit:
        raise ValidationError(
            {"note": gettext("The note is longer than %(limit)s characters.") % {"limit": limit}}
        )
    return note


COURT_HEADINGS = {
    "judicial_magistrate": "Court of the Judicial Magistrate, {district}",
    "sessions": "Court of the Sessions Judge, {district}",
}


def court_heading(court) -> str:
    """How a petition heads the court it is addressed to, from the court record."""
    pattern = COURT_HEADINGS.get(court.level)
    return pattern.format(district=court.district or court.seat) if pattern else court.name


@transaction.atomic
def petition_create(
    *, case: Case, template: PetitionTemplate, by, court: str = "", forum=None, batch=None
) -> Petition:
    """A draft from the template's newest version, with the case snapshotted.

    A template whose remedy cannot lie for the case (habeas against a regularised
    detention, bail without an FIR) is refused with the reason."""
    if template.organisation_id not in (None, case.organisation_id):
        raise ValidationError(gettext("That template belongs to another organisation."))
    if not user_may(by, case, "draft_petition"):
        raise ValidationError(gettext("You may not draft petitions on this case."))
    if reason := why_not(case, template.offered_when):
        raise ValidationError(
            {"template": gettext("Not offered for this case: %(reason)s") % {"reason": reason}}
        )
    if forum is not None and not forum.is_active:
        raise ValidationError({"forum": gettext("Choose a court from the list.")})
    version = latest_version(template)
    if version is None:
        raise ValidationError(gettext("That template has no text yet."))
    heading = court or (court_heading(forum) if forum else "") or template.default_court
    petition = Petition.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        version=version,
        batch=batch,
        context=petition_context(case),
        court=_court_name(heading or "Court"),
        forum=forum,
        drafted_by=by,
    )
    petition.editors.add(by)
    _log("drafted", petition, by, version=version.number)
    return petition


@transaction.atomic
def petition_update(
    *,
    petition: Petition,
    by,
    court: str,
    facts: str,
    grounds: str,
    prayer_additions: str,
    annexures: Sequence[tuple[int, str]] = (),
    forum=None,
) -> Petition:
    """Edit the free-text sections and choose annexures (this case's files, in order)."""
    _require_state(petition, EDITABLE_STATES, pgettext_lazy("petition action", "edited"))
    _require_drafter_rights(petition, by)
    court = _court_name(court)
    file_ids = [file_id for file_id, _ in annexures]
    if len(set(file_ids)) != len(file_ids):
        raise ValidationError({"annexures": gettext("The same file is annexed twice.")})
    title_max = PetitionAnnexure._meta.get_field("title").max_length
    if any(len(title) > title_max for _, title in annexures):
        raise ValidationError({"annexures": gettext(
            "An annexure's title is longer than %(limit)s characters; shorten it."
        ) % {"limit": title_max}})  # fmt: skip
    found = set(petition.case.files.filter(pk__in=file_ids).values_list("pk", flat=True))
    if found != set(file_ids):
        raise ValidationError({"annexures": gettext("Annexures must be files of this case.")})
    if forum is not None and not forum.is_active:
        raise ValidationError({"forum": gettext("Choose a court from the list.")})
    petition.court = court
    petition.forum = forum
    petition.facts, petition.grounds = facts, grounds
    petition.prayer_additions = prayer_additions
    petition.save(update_fields=["court", "forum", "facts", "grounds", "prayer_additions"])
    PetitionAnnexure.objects.filter(petition=petition).delete()
    PetitionAnnexure.objects.bulk_create(
        [
            PetitionAnnexure(petition=petition, file_id=file_id, title=title, position=i)
            for i, (file_id, title) in enumerate(annexures)
        ]
    )
    petition.editors.add(by)
    _log("edited", petition, by, annexures=len(file_ids))
    return petition


@transaction.atomic
def petition_refresh_context(*, petition: Petition, by) -> Petition:
    """Take a new snapshot of the case, e.g. after a document was verified."""
    _require_state(petition, EDITABLE_STATES, pgettext_lazy("petition action", "refreshed"))
    _require_drafter_rights(petition, by)
    petition.context = petition_context(petition.case)
    petition.context_taken_at = timezone.now()
    petition.save(update_fields=["context", "context_taken_at"])
    petition.editors.add(by)
    _log("refreshed", petition, by)
    return petition


@transaction.atomic
def petition_submit(*, petition: Petition, by, notify: bool = True) -> Petition:
    """Send for approval; those who may approve it are told (a batch tells them once)."""
    _require_state(petition, EDITABLE_STATES, pgettext_lazy("petition action", "sent for approval"))
    _require_drafter_rights(petition, by)
    petition.state = PetitionState.IN_REVIEW
    petition.save(update_fields=["state"])
    event = _log("submitted", petition, by)
    if notify:
        outbox_enqueue(
            notify_petition_submitted,
            petition.pk,
            event.pk,
            key=f"petition-submitted:{event.pk}",
            deferred=NOTIFY_DEFERRED,
        )
    return petition


# What the buttons of the edit form do after saving the text as typed.
AFTER_SAVING = {
    "save": None,
    "submit": petition_submit,
    "refresh": petition_refresh_context,
}


@transaction.atomic
def petition_update_then(*, petition: Petition, by, then: str, **text) -> Petition:
    """Save the form's text, then (``then``) send for approval or take the case details
    again: one transaction, so a button pressed before "Save draft" loses nothing, and a
    refused step leaves the petition as it was (the page shows the text with the reason)."""
    if then not in AFTER_SAVING:
        raise ValidationError(gettext("That is not something a draft can do."))
    petition_update(petition=petition, by=by, **text)
    step = AFTER_SAVING[then]
    return step(petition=petition, by=by) if step else petition


def _require_approver(petition: Petition, by) -> None:
    if refusal := approval_refusal(by, petition):
        raise ValidationError(refusal)


@transaction.atomic
def petition_return(*, petition: Petition, by, comment: str) -> Petition:
    _require_state(
        petition, (PetitionState.IN_REVIEW,), pgettext_lazy("petition action", "returned")
    )
    _require_approver(petition, by)
    if not comment.strip():
        raise ValidationError({"comment": gettext("Say what needs to change.")})
    petition.state = PetitionState.DRAFT
    petition.review_comment = comment.strip()
    petition.save(update_fields=["state", "review_comment"])
    event = _log("returned", petition, by)
    outbox_enqueue(
        notify_petition_returned,
        petition.pk,
        event.pk,
        key=f"petition-returned:{event.pk}",
        deferred=NOTIFY_DEFERRED,
    )
    return petition


RENDER_DEFERRED = gettext_noop("Saved. The PDF will be prepared when the queue is back.")


def _start_rendering(petition: Petition, by) -> None:
    petition.state = PetitionState.RENDERING
    petition.render_token = uuid.uuid4().hex
    petition.failure_reason = ""
    petition.render_requested_at = timezone.now()
    petition.save(update_fields=["state", "render_token", "failure_reason", "render_requested_at"])
    _log("rendering", petition, by)
    from documents.petitions.tasks import render_petition

    # The token names the request: a newer one makes this message find nothing to do.
    outbox_enqueue(
        render_petition,
        petition.pk,
        petition.render_token,
        key=f"petition-render:{petition.pk}:{petition.render_token}",
        deferred=RENDER_DEFERRED,
    )


@transaction.atomic
def petition_approve(*, petition: Petition, by) -> Petition:
    """Four eyes, then the final PDF is rendered by a worker."""
    _require_state(
        petition, (PetitionState.IN_REVIEW,), pgettext_lazy("petition action", "approved")
    )
    _require_approver(petition, by)
    petition.state = PetitionState.APPROVED
    petition.approved_by = by
    petition.approved_at = timezone.now()
    petition.review_comment = ""
    petition.save(update_fields=["state", "approved_by", "approved_at", "review_comment"])
    event = _log("approved", petition, by)
    _start_rendering(petition, by)
    outbox_enqueue(
        notify_petition_approved,
        petition.pk,
        event.pk,
        key=f"petition-approved:{event.pk}",
        deferred=NOTIFY_DEFERRED,
    )
    return petition


@transaction.atomic
def petition_rerender(*, petition: Petition, by) -> Petition:
    """After a failure (or to pick up a replaced scan): render the approved text again."""
    _require_state(
        petition, RERENDERABLE_STATES, pgettext_lazy("petition action", "rendered again")
    )
    _require_drafter_rights(petition, by)
    _start_rendering(petition, by)
    return petition


def _locked(petition_id: int, token: str) -> Petition | None:
    return (
        # Only the petition: locking the joined case and organisation rows would block
        # every insert that references them (audit events, documents).
        Petition.objects.select_for_update(of=("self",))
        .select_related("case__organisation", "version__template")
        .filter(pk=petition_id, state=PetitionState.RENDERING, render_token=token)
        .first()
    )


@stored_files.atomic
def petition_store_render(
    *, petition_id: int, token: str, filename: str, data: bytes, pages: int
) -> Petition | None:
    """Keep a rendered PDF, unless the petition moved on (a newer render, or a re-render
    that already finished): then nothing changes, which makes the task idempotent. The
    PDF takes its name once the petition's row commits; the one it replaces is deleted
    then. If the database fails first, neither changes."""
    petition = _locked(petition_id, token)
    if petition is None:
        return None
    stored_files.remove_on_commit(petition.pdf.name)
    petition.pdf.name = stored_files.store(
        f"petitions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf", data
    )
    petition.pdf_sha256 = hashlib.sha256(data).hexdigest()
    petition.pdf_pages = pages
    petition.rendered_at = timezone.now()
    petition.state = PetitionState.READY
    petition.save(update_fields=["pdf", "pdf_sha256", "pdf_pages", "rendered_at", "state"])
    _log("ready", petition, None, sha256=petition.pdf_sha256, pages=pages, filename=filename)
    return petition


@transaction.atomic
def petition_render_failed(*, petition_id: int, token: str, reason: str) -> Petition | None:
    petition = _locked(petition_id, token)
    if petition is None:
        return None
    petition.state = PetitionState.FAILED
    petition.failure_reason = reason[:2000]
    petition.save(update_fields=["state", "failure_reason"])
    _log("failed", petition, None)
    return petition


@transaction.atomic
def petition_mark_filed(*, petition: Petition, by) -> Petition:
    _require_state(
        petition, (PetitionState.READY,), pgettext_lazy("petition action", "marked as filed")
    )
    if not user_may(by, petition.case, "change_case"):
        raise ValidationError(gettext("You may not change this case."))
    petition.state = PetitionState.FILED
    petition.filed_at = timezone.now()
    petition.save(update_fields=["state", "filed_at"])
    _log("filed", petition, by)
    return petition


def petition_downloaded(*, petition: Petition, by, **data) -> None:
    """The PDF left the server (alone, or in a batch's ZIP: ``batch``)."""
    _log("downloaded", petition, by, sha256=petition.pdf_sha256, **data)


def petition_previewed(*, petition: Petition, by) -> None:
    """The draft PDF left the server, annexed scans included: a download like any other."""
    _log("previewed", petition, by, annexures=PetitionAnnexure.objects.filter(
        petition=petition).count())  # fmt: skip


# Templates ------------------------------------------------------------------------------


def _require_admin(by, organisation_id: int) -> None:
    membership = membership_of(by)
    if not membership.is_admin or membership.organisation_id != organisation_id:
        raise ValidationError(gettext("Only an organisation admin edits petition templates."))


def template_preview_downloaded(*, template: PetitionTemplate, case: Case, by) -> None:
    """An admin's template preview PDF, filled from ``case``, left the server."""
    log_action(
        "petition_template.previewed", organisation=case.organisation, actor=by, case=case,
        obj=template, data={"title": template.title},
    )  # fmt: skip


def template_check(*, html: str) -> None:
    try:
        compile_template(html)
    except TemplateProblem as problem:
        raise ValidationError({"html": str(problem)}) from None


@transaction.atomic
def petition_template_save(
    *, template: PetitionTemplate, by, html: str, css: str, note: str = ""
) -> PetitionTemplateVersion:
    """Save a new version. Editing a global template creates the organisation's override,
    so other organisations keep theirs; versions already used are never touched."""
    organisation = membership_of(by).organisation
    _require_admin(by, organisation.pk)
    template_check(html=html)
    if template.organisation_id is None:
        override, _ = PetitionTemplate.objects.get_or_create(
            organisation=organisation,
            key=template.key,
            language=template.language,
            defaults={
                "title": template.title,
                "description": template.description,
                "default_court": template.default_court,
                "default_level": template.default_level,
                "offered_when": template.offered_when,
                "for_review_by_counsel": template.for_review_by_counsel,
            },
        )
        template = override
    elif template.organisation_id != organisation.pk:
        raise ValidationError(gettext("That template belongs to another organisation."))
    current = latest_version(template)
    version = PetitionTemplateVersion.objects.create(
        template=template,
        number=(current.number + 1) if current else 1,
        html=html,
        css=css,
        note=_version_note(note),
        created_by=by,
    )
    log_action(
        "petition_template.saved", organisation=organisation, actor=by, obj=version,
        data={"key": template.key, "language": template.language, "version": version.number},
    )  # fmt: skip
    return version
