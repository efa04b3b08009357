"""The detainee's part of a case export: person, detention, hearings, outcomes, referrals and
the risk level only (values_list never decrypts the special-category columns)."""

from casework.registry import ExportPart


def _context(case) -> dict:
    from detainees.models import RiskScreening

    return {
        "person": case.person,
        "detention": case.detention,
        "hearings": case.hearings.select_related("court").order_by("starts_at"),
        "outcomes": case.outcomes.order_by("occurred_at"),
        "referrals": case.referrals.all(),
        "risk_level": RiskScreening.objects.filter(case=case)
        .values_list("level", flat=True)
        .first(),
    }


EXPORT_PART = ExportPart(
    key="detainees", template="detainees/_export_summary.html", context=_context, order=10
)
