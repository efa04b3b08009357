"""Timeline sentences for the supervisors' exports and monthly reports."""

from django.utils.translation import gettext

from casework.timeline import when

SENTENCES = {
    "analytics.exported": lambda d: (
        gettext("downloaded the %(page)s table %(table)s as CSV (%(rows)s rows)")
        % {"page": d.get("page", ""), "table": d.get("table", ""), "rows": d.get("rows", 0)}
    ),
    "report.requested": lambda d: (
        gettext("asked for the monthly report of %(month)s")
        % {"month": when(d.get("month"), False)}
    ),
    "report.downloaded": lambda d: (
        gettext("downloaded the monthly report of %(month)s")
        % {"month": when(d.get("month"), False)}
    ),
}
