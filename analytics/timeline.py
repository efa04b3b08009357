"""Timeline sentences for the supervisors' exports and monthly reports."""

from casework.timeline import when

SENTENCES = {
    "analytics.exported": lambda d: (
        f"downloaded the {d.get('page', '')} table {d.get('table', '')} as CSV "
        f"({d.get('rows', 0)} rows)"
    ),
    "report.requested": lambda d: f"asked for the monthly report of {when(d.get('month'), False)}",
    "report.downloaded": lambda d: (
        f"downloaded the monthly report of {when(d.get('month'), False)}"
    ),
}
