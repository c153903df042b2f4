"""Writes to notices: create once by key, mark read, choose which kinds come by e-mail."""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from flask import after_this_request, current_app, g, has_request_context
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.auth import policy
from app.auth.models import Role, User
from app.core.db import utcnow
from app.core.errors import ValidationFailed
from app.core.languages import Message
from app.extensions import db
from app.notifications.models import EmailPreference, NoticeKind, Notification

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_WITHHELD: ContextVar[bool] = ContextVar("notices_withheld", default=False)


@contextmanager
def notices_withheld():
    """Inside the block `notify` creates no notice, so no e-mail is queued either: for replaying
    steps that happened long ago (the demo network's history), which nobody should hear of now."""
    token = _WITHHELD.set(True)
    try:
        yield
    finally:
        _WITHHELD.reset(token)


def notify(recipients: Iterable, kind: NoticeKind, text, key: str, link: str | None = None) -> int:
    """Give each recipient the notice named by key, unless they already have it; return how many were new.

    ``text``: a string, or a ``Message`` written in each recipient's language. None inside
    `notices_withheld()`.
    """
    if _WITHHELD.get():
        return 0
    insert = _INSERTS[db.session.get_bind().dialect.name]
    created: list[int] = []
    seen: set[int] = set()
    for user in recipients:
        if user.id in seen or not user.is_active:
            continue
        seen.add(user.id)
        written = text.in_language(user.locale) if isinstance(text, Message) else str(text)
        # ON CONFLICT DO NOTHING: two writers racing on the same key leave one notice and no error.
        statement = insert(Notification.__table__).values(
            recipient_id=user.id, kind=kind.value, key=key[:200], text=written[:500], link=link,
            created_at=utcnow(), email_attempts=0,
        ).on_conflict_do_nothing(index_elements=["recipient_id", "key"]).returning(Notification.__table__.c.id)
        if (row := db.session.execute(statement).first()) is not None:
            created.append(row.id)
    if created:
        _mail_after_the_answer(created)
    return len(created)


def _mail_after_the_answer(notice_ids: list[int]) -> None:
    """A request that gave notices mails those (and only those) as soon as its answer has left, once
    it committed; what cannot be sent then, and notices other writers left, wait for the `email`
    job, which retries. No server set: the job logs."""
    if not has_request_context() or not current_app.config.get("MAIL_SERVER"):
        return
    ours = g.get("_notices_to_mail")
    if ours is None:  # the request's first notices: mail them when its answer closes
        ours = g._notices_to_mail = []
        app = current_app._get_current_object()

        @after_this_request
        def send_when_closed(response):
            if response.status_code < 400:  # below 400 the request committed (app/core/transactions.py)
                response.call_on_close(lambda: _deliver(app, ours))
            return response
    ours.extend(notice_ids)


def _deliver(app, notice_ids: list[int]) -> None:
    from app.audit.recorder import set_face
    from app.notifications.mail import deliver_pending

    with app.app_context():
        set_face("job")  # writes like the email job: the write lock is taken up front
        try:
            deliver_pending(limit=50, only=notice_ids)
        except Exception:  # noqa: BLE001  (the job sends it later; the answer has left already)
            app.logger.exception("mail after the answer failed; the email job will retry")
        finally:
            db.session.remove()


def users_with_role(role: Role, node_id: int | None = None) -> list[User]:
    """The active users of a role (bound to that node, when one is given): who a notice goes to."""
    query = select(User).where(User.role == role, User.is_active_account.is_(True))
    if node_id is not None:
        query = query.where(User.node_id == node_id)
    return list(db.session.scalars(query.order_by(User.id)))


def mark_read(user, notice: Notification) -> None:
    """Mark one of the user's own notices read."""
    policy.require_view_notice(user, notice)
    if notice.read_at is None:
        notice.read_at = utcnow()
    db.session.flush()


def mark_all_read(user) -> int:
    """Mark every unread notice of the user read; return how many."""
    policy.require(policy.may_receive_notices(user))
    result = db.session.execute(
        update(Notification).where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount


def email_choices(user) -> dict[NoticeKind, bool]:
    """Which kinds the user gets by e-mail (every kind on unless turned off)."""
    chosen = dict(db.session.execute(
        select(EmailPreference.kind, EmailPreference.by_email).where(EmailPreference.user_id == user.id)
    ).all())
    return {kind: chosen.get(kind, True) for kind in NoticeKind}


def set_email_choices(user, wanted: Iterable[str]) -> None:
    """Keep the user's choice: the kinds in `wanted` by e-mail, the others in the app only."""
    policy.require(policy.may_receive_notices(user))
    wanted = set(wanted)
    unknown = wanted - {k.value for k in NoticeKind}
    if unknown:
        raise ValidationFailed.on("kinds", f"Unknown kind {sorted(unknown)[0]!r}.")
    rows = {p.kind: p for p in db.session.scalars(select(EmailPreference).where(EmailPreference.user_id == user.id))}
    for kind in NoticeKind:
        row = rows.get(kind) or EmailPreference(user_id=user.id, kind=kind)
        row.by_email = kind.value in wanted
        db.session.add(row)
    db.session.flush()
