"""Hearings, outcomes, agendas and the calendar feed. Views only adapt: access check, one
service or selector, render."""

import zoneinfo
from datetime import datetime, time, timedelta
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.links import absolute_url
from casework.selectors import case_for_user, membership_of
from detainees import outcomes
from detainees.hearings import calendar_feed
from detainees.hearings import selectors as hearing_selectors
from detainees.hearings import services as hearing_services
from detainees.hearings.forms import (
    DiaryFilterForm,
    HearingCancelForm,
    HearingForm,
    HearingResultForm,
    OutcomeForm,
    OutcomeReviewForm,
)
from detainees.models import CalendarFeed
from detainees.selectors import my_expiring_remands
from detainees.unhcr.selectors import UNHCR_ANSWER_DAYS, my_overdue_unhcr_requests
from documents.uploads import accept_upload

FORM_TEMPLATE = "detainees/hearing_form.html"
DIARY_DAYS = 7


def _render_form(request, case, form, *, title, submit, hearing=None):
    log_read(request, "case.viewed", organisation=case.organisation, case=case,
             obj=hearing or case, data={"page": "hearing"})  # fmt: skip
    return render(
        request,
        FORM_TEMPLATE,
        {"case": case, "form": form, "title": title, "submit": submit, "hearing": hearing},
        status=400 if form.errors else 200,
    )


def _to_case(request, case, message):
    messages.success(request, message)
    return redirect("casework:case-detail", reference=case.reference)


def _hearing_of(case, hearing_id: UUID):
    # Through the case, by public id: a hearing of another case is simply not found.
    return get_object_or_404(
        case.hearings.select_related("court", "organisation").prefetch_related("attending"),
        public_id=hearing_id,
    )


def hearing_create(request, reference: str):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    candidates = hearing_selectors.attendee_candidates(case)
    initial = {"attending": [u for u in candidates if u.pk == request.user.pk]}
    form = HearingForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hearing_services.hearing_schedule(case=case, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _to_case(request, case, gettext("Hearing added to the agenda."))
    return _render_form(
        request, case, form, title=gettext("New hearing"), submit=gettext("Add hearing")
    )


def hearing_edit(request, reference: str, hearing_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    hearing = _hearing_of(case, hearing_id)
    initial = {
        "court": hearing.court, "starts_at": timezone.localtime(hearing.starts_at),
        "purpose": hearing.purpose, "judge": hearing.judge,
        "attending": list(hearing.attending.all()),
    }  # fmt: skip
    form = HearingForm(
        request.POST or None,
        candidates=hearing_selectors.attendee_candidates(case),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            hearing_services.hearing_update(
                hearing=hearing, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _to_case(request, case, gettext("Hearing saved."))
    return _render_form(
        request,
        case,
        form,
        title=gettext("Change the hearing"),
        submit=gettext("Save"),
        hearing=hearing,
    )


def hearing_cancel(request, reference: str, hearing_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    hearing = _hearing_of(case, hearing_id)
    form = HearingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hearing_services.hearing_cancel(
                hearing=hearing, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _to_case(request, case, gettext("Hearing taken off the agenda."))
    return _render_form(
        request, case, form, title=gettext("Take this hearing off the agenda"),
        submit=gettext("Remove hearing"), hearing=hearing,
    )  # fmt: skip


def hearing_result(request, reference: str, hearing_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    hearing = _hearing_of(case, hearing_id)
    initial = {"result": hearing.result, "next_date": hearing.next_date}
    form = HearingResultForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = accept_upload(data["order"]) if data["order"] else None
        except ValidationError as error:
            form.add_error("order", error)
        else:
            try:
                hearing_services.hearing_record_result(
                    hearing=hearing, result=data["result"], next_date=data["next_date"],
                    schedule_next=data["schedule_next"], order=order,
                    outcome=data["outcome"], by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return _to_case(request, case, gettext("Result recorded."))
    return _render_form(
        request,
        case,
        form,
        title=gettext("Record the result"),
        submit=gettext("Save result"),
        hearing=hearing,
    )


def outcome_create(request, reference: str):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = OutcomeForm(
        request.POST or None,
        hearings=case.hearings.select_related("court").order_by("-starts_at"),
        initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = outcomes.outcome_record(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if getattr(record, "repeated", False):
                return _to_case(request, case, gettext("That outcome was already recorded a moment "
                                "ago; it is kept once."))  # fmt: skip
            return _to_case(request, case, gettext("Outcome recorded; supervisors will review it."))
    return _render_form(
        request, case, form, title=gettext("Record an outcome"), submit=gettext("Record outcome")
    )


def outcome_review(request, reference: str, outcome_id: UUID):
    case = case_for_user(request.user, reference)
    if not membership_of(request.user).sees_whole_organisation:
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    outcome = get_object_or_404(
        case.outcomes.select_related("hearing__court", "recorded_by", "reviewed_by"),
        public_id=outcome_id,
    )
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=outcome,
             data={"page": "outcome"})  # fmt: skip
    form = OutcomeReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.outcome_review(
                outcome=outcome, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                gettext("Outcome of %(reference)s marked as reviewed.")
                % {"reference": case.reference},
            )
            return redirect("detainees:outcome-queue")
    return render(
        request,
        "detainees/outcome_review.html",
        {"case": case, "outcome": outcome, "form": form},
        status=400 if form.errors else 200,
    )


def _list_read(request, organisation, page: str) -> None:
    # Lists of hearings name the people to be produced: one read per request, the page's
    # name only, never who was on it.
    log_read(request, "case_list.viewed", organisation=organisation, data={"page": page})


AGENDA_VIEWS = {"today": _("Today"), "week": _("This week"), "agenda": _("Agenda")}


def hearing_list(request):
    """My hearings: today, the seven days from today, or everything from today on."""
    membership = membership_of(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    view = request.GET.get("view", "today")
    if view not in AGENDA_VIEWS:
        view = "today"
    now = timezone.now()
    zone = zoneinfo.ZoneInfo(membership.organisation.time_zone)
    today = datetime.combine(timezone.localtime(now, zone).date(), time.min, tzinfo=zone)
    start, end = {
        "today": (today, today + timedelta(days=1)),
        "week": (today, today + timedelta(days=7)),
        "agenda": (today, today + timedelta(days=365)),
    }[view]
    context = {
        "view": view,
        "view_label": AGENDA_VIEWS[view],
        "views": AGENDA_VIEWS,
        "hearings": hearing_selectors.my_hearings(request.user, start=start, end=end),
        "awaiting_result": hearing_selectors.my_hearings_awaiting_result(request.user, now=now),
        "remands": my_expiring_remands(request.user, today=today.date()),
        "unhcr_overdue": my_overdue_unhcr_requests(request.user, today=today.date()),
        "unhcr_answer_days": UNHCR_ANSWER_DAYS,
        "now": now,
    }
    _list_read(request, membership.organisation, "agenda")
    return render(request, "detainees/hearing_list.html", context)


def court_diary(request):
    """The organisation's hearings by day and court, for supervisors."""
    if not membership_of(request.user).sees_whole_organisation:
        raise Http404
    if refused := method_not_allowed(request, "GET"):
        return refused
    form = DiaryFilterForm(request.GET or None)
    first_day, court = timezone.localdate(), None
    if form.is_bound and form.is_valid():
        first_day = form.cleaned_data["start"] or first_day
        court = form.cleaned_data["court"]
    diary = hearing_selectors.organisation_hearings(
        request.user, first_day=first_day, days=DIARY_DAYS, court=court
    )
    context = {
        "form": form,
        "diary": diary,
        "first_day": first_day,
        "last_day": first_day + timedelta(days=DIARY_DAYS - 1),
        "previous": first_day - timedelta(days=DIARY_DAYS),
        "next": first_day + timedelta(days=DIARY_DAYS),
        "court": court,
    }
    _list_read(request, membership_of(request.user).organisation, "court_diary")
    return render(request, "detainees/court_diary.html", context)


def outcome_queue(request):
    membership = membership_of(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    _list_read(request, membership.organisation, "outcome_queue")
    queue = list(hearing_selectors.outcome_review_queue(request.user)[:200])
    recent = hearing_selectors.outcomes_recently_reviewed(request.user)
    context = {
        "queue": queue,
        "recent": recent,
        "last_review": hearing_selectors.last_review_by(request.user),
    }
    return render(request, "detainees/outcome_queue.html", context)


def calendar_settings(request):
    """Issue, regenerate or revoke the feed. The URL is shown once, right after issuing."""
    membership_of(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    feed_url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            token = calendar_feed.calendar_feed_issue(user=request.user)
            feed_url = absolute_url("detainees:calendar-feed", token=token)
        elif action == "revoke":
            calendar_feed.calendar_feed_revoke(user=request.user)
            messages.success(
                request, gettext("Calendar feed revoked: the old link no longer works.")
            )
            return redirect("detainees:calendar-settings")
        else:
            return render(
                request, "detainees/calendar_settings.html",
                {"feed": None, "error": "Choose what to do with the feed."}, status=400,
            )  # fmt: skip
    feed = CalendarFeed.objects.filter(user=request.user).first()
    response = render(
        request, "detainees/calendar_settings.html", {"feed": feed, "feed_url": feed_url}
    )
    # The page may hold the only copy of a working feed URL.
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
def calendar_feed_ics(request, token: str):
    """The only page without a session: the token is the credential; a wrong one is 404."""
    user = calendar_feed.calendar_feed_owner(token)
    if user is None:
        raise Http404
    if refused := method_not_allowed(request, "GET"):
        return refused
    body = calendar_feed.render_ics(calendar_feed.feed_hearings(user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="panah-hearings.ics"'
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
