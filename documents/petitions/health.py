"""The petitions' line on the health page: how long the oldest awaited PDF has waited."""

from datetime import timedelta

from documents.petitions.selectors import oldest_waiting_render_seconds

# A render takes seconds; the sweeper resends a lost one within minutes. Longer than this,
# someone should look.
RENDER_WAIT_ALARM = timedelta(minutes=15)


def renders_check() -> dict:
    oldest = oldest_waiting_render_seconds()
    ok = oldest is None or oldest <= RENDER_WAIT_ALARM.total_seconds()
    return {"ok": ok, "oldest_waiting_seconds": oldest}
