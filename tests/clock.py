"""The clock in tests that count days or hours.

Such a test runs under a frozen clock (time-machine), set before its fixtures make any
data, so it passes whatever the hour of the run. Dates are the organisation's: every
evening from 19:00 UTC, Karachi's date is already tomorrow's.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

# 01:30 on 1 April in Karachi, still 31 March in UTC: the hour that once failed the suite,
# at a month's end.
KARACHI_IS_TOMORROW = datetime(2026, 3, 31, 20, 30, tzinfo=UTC)
# 09:00 in Karachi on 26 November 2026: the morning after the arrests the intake tests type.
THE_MORNING_AFTER = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)


def frozen(moment: datetime) -> pytest.MarkDecorator:
    """The clock stands at ``moment`` for the test and every fixture it uses."""
    return pytest.mark.time_machine(moment, tick=False)


def local_today(organisation) -> date:
    """Today's date where the organisation works, as its pages count days."""
    return timezone.localdate(timezone=ZoneInfo(organisation.time_zone))
