"""The daily reminders of data requests waiting (the rules are in app/datarequests/reminders.py)."""

from datetime import date

from app.datarequests.reminders import remind_waiting_requests
from app.jobs.registry import at, daily, job


@job("data_request_reminders", "Remind of data requests waiting for a decision or a confirmation of receipt.",
     period=daily, trigger=at("REMINDER_TIME"))
def send_data_request_reminders(today: date) -> str:
    """Create today's reminders of waiting data requests."""
    waiting, confirming = remind_waiting_requests(today)
    return f"{waiting} waiting-for-decision and {confirming} waiting-for-confirmation notice(s)"
