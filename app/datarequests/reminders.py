"""Reminders of data requests waiting: for a decision (secretariat), for a confirmation of receipt (node).

A notice's key names the request and how many reminder intervals it has waited, so a job run
twice on a day (or two schedulers) creates each reminder once, and a request still waiting
is reminded again every interval.
"""

import os
from datetime import date

from flask import current_app
from sqlalchemy import select

from app.auth.models import Role, User
from app.datarequests.models import RequestStatus
from app.datarequests.queries import waiting_requests
from app.extensions import db
from app.notifications.models import NoticeKind
from app.notifications.services import notify


def reminder_days() -> int:
    """Days a request may wait before a reminder (CSDR_DATA_REQUEST_REMINDER_DAYS, default 5)."""
    configured = current_app.config.get("DATA_REQUEST_REMINDER_DAYS")
    return max(int(configured or os.environ.get("CSDR_DATA_REQUEST_REMINDER_DAYS", "5")), 1)


def _users(role: Role, node_id: int | None = None) -> list[User]:
    query = select(User).where(User.role == role, User.is_active_account.is_(True))
    if node_id is not None:
        query = query.where(User.node_id == node_id)
    return list(db.session.scalars(query.order_by(User.id)))


def remind_waiting_requests(today: date) -> tuple[int, int]:
    """Notices for requests submitted, or delivered and unconfirmed, for more than reminder_days()."""
    every = reminder_days()
    secretariat = _users(Role.secretariat)
    waiting = confirming = 0
    for request in waiting_requests():
        link = f"/data-requests/{request.id}"
        if request.status == RequestStatus.submitted:
            days = (today - request.submitted_at.date()).days
            if days > every:
                waiting += notify(secretariat, NoticeKind.data_request_waiting,
                                  f"Data request #{request.id} of {request.node.code} ({request.title}) has waited "
                                  f"{days} days for a decision.",
                                  key=f"data_request_waiting:{request.id}:{days // every}", link=link)
        elif request.delivered_at is not None:
            days = (today - request.delivered_at.date()).days
            if days > every:
                confirming += notify(_users(Role.coordinator, request.node_id), NoticeKind.delivery_unconfirmed,
                                     f"Data for request #{request.id} ({request.title}) was delivered {days} days "
                                     "ago: please confirm that it arrived.",
                                     key=f"delivery_unconfirmed:{request.id}:{days // every}", link=link)
    return waiting, confirming
