"""Writes for the applications already made for a case (bail, habeas, release)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Case
from detainees.models import Application, ApplicationKind, ApplicationResult, Court


def _validate(case: Case, *, kind, court, filed_on, result, order_on, bond_amount) -> None:
    errors = {}
    if bond_amount is not None and not (
        kind == ApplicationKind.BAIL and result == ApplicationResult.GRANTED
    ):
        errors["bond_amount"] = gettext("A bond amount is fixed only when bail is granted.")
    elif bond_amount is not None and bond_amount <= 0:
        errors["bond_amount"] = gettext("Enter the bond amount in rupees, in figures.")
    if kind not in ApplicationKind.values:
        errors["kind"] = gettext("Choose what kind of application it was.")
    if court is None or not court.is_active:
        errors["court"] = gettext("Choose the court from the list.")
    if filed_on is None:
        errors["filed_on"] = gettext("Enter the date the application was filed.")
    elif filed_on < case.detention.arrested_at.date():
        errors["filed_on"] = gettext("An application cannot be filed before the arrest.")
    if result not in ApplicationResult.values:
        errors["result"] = gettext("Choose the result from the list.")
    elif result != ApplicationResult.PENDING and order_on is None:
        errors["order_on"] = gettext("Enter the date of the court's order.")
    if order_on is not None and filed_on is not None and order_on < filed_on:
        errors["order_on"] = gettext("The order cannot come before the application was filed.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_record(
    *,
    case: Case,
    by,
    kind: str,
    court: Court,
    filed_on: date,
    number: str = "",
    result: str = ApplicationResult.PENDING,
    order_on: date | None = None,
    bond_amount: int | None = None,
    application: Application | None = None,
) -> Application:
    """Record a new application, or correct one already recorded on this case."""
    _validate(
        case, kind=kind, court=court, filed_on=filed_on, result=result, order_on=order_on,
        bond_amount=bond_amount,
    )  # fmt: skip
    if application is not None and application.case_id != case.pk:
        raise ValidationError(gettext("That application belongs to another case."))
    verb = "application.updated" if application else "application.recorded"
    application = application or Application(
        organisation_id=case.organisation_id, case=case, created_by=by
    )
    application.kind, application.court, application.filed_on = kind, court, filed_on
    application.number = number.strip()
    application.result = result
    application.order_on = order_on if result != ApplicationResult.PENDING else None
    application.bond_amount = bond_amount
    application.save()
    summary = (
        f"{application.get_kind_display()} before {court.name}, "
        f"{application.get_result_display().lower()}"
    )
    if bond_amount is not None:
        summary += f", bond Rs. {bond_amount:,}"
    log_action(
        verb, organisation=case.organisation, actor=by, case=case, obj=application,
        data={"summary": summary},
    )  # fmt: skip
    return application
