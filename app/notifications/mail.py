"""E-mail of notices: SMTP when MAIL_SERVER is set, the log otherwise.

A notice is claimed (attempts + 1) and committed before it is sent, and marked sent right
after, so two senders never mail the same notice and a failure leaves it unsent but kept,
with its error, for the next run to try again.
"""

import logging
import smtplib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import and_, exists, select, update

from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db
from app.notifications.models import EmailPreference, Notification

log = logging.getLogger("csdr.mail")

# Errors that mean the server is unreachable or broken: stop this run, try again later.
_SERVER_ERRORS = (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError,
                  smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError)


class Mailer:
    """One SMTP connection for a batch of messages (or the log, without a MAIL_SERVER)."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.config["MAIL_FROM"]
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        if not self.config["MAIL_SERVER"]:
            log.info("mail (no MAIL_SERVER, logged only) to %r: %r %r", to, subject, body)  # %r: no forged lines
            return
        if self.smtp is None:
            self.smtp = self._connect()
        self.smtp.send_message(message)

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.sent} e-mail(s) sent, {self.failed} failed"
        return text + (f" ({self.errors[0]})" if self.errors else "")


def pending_query(now: datetime):
    """Notices still to be mailed: unsent, attempts left, not too old, and wanted by their recipient."""
    config = current_app.config
    opted_out = exists().where(and_(EmailPreference.user_id == Notification.recipient_id,
                                    EmailPreference.kind == Notification.kind,
                                    EmailPreference.by_email.is_(False)))
    return (select(Notification.id, Notification.email_attempts)
            .join(User, User.id == Notification.recipient_id)
            .where(Notification.emailed_at.is_(None),
                   Notification.email_attempts < config["MAIL_MAX_ATTEMPTS"],
                   Notification.created_at >= now - timedelta(days=config["MAIL_GIVE_UP_DAYS"]),
                   User.is_active_account.is_(True), ~opted_out)
            .order_by(Notification.id))


def _claim(notice_id: int, attempts: int, now: datetime) -> bool:
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.id == notice_id, Notification.emailed_at.is_(None),
               Notification.email_attempts == attempts)
        .values(email_attempts=attempts + 1, last_attempt_at=now)
    ).rowcount == 1
    db.session.commit()
    return claimed


def _message(notice: Notification) -> tuple[str, str]:
    base = current_app.config["BASE_URL"]
    with force_locale(notice.recipient.locale or "en"):  # jobs run outside a request: no locale to guess
        subject = f"[CSDR Hub] {notice.kind_label}"
        footer = gettext("CSDR Hub. Choose which notices come by e-mail: %(link)s",
                         link=f"{base}/notifications/preferences")
    body = notice.text  # written in the recipient's language when it was made
    if notice.link:
        body += f"\n\n{base}{notice.link}"
    body += f"\n\n--\n{footer}\n"
    return subject, body


def deliver_pending(now: datetime | None = None, limit: int = 500, only: Collection[int] | None = None) -> Delivery:
    """Mail every pending notice (or those of `only`, ids) once; commits after each, so nothing is sent twice."""
    now = now or utcnow()
    result = Delivery()
    query = pending_query(now)
    if only is not None:
        query = query.where(Notification.id.in_(list(only)))
    pending = db.session.execute(query.limit(limit)).all()
    db.session.commit()
    mailer = Mailer(current_app.config)
    try:
        for notice_id, attempts in pending:
            if not _claim(notice_id, attempts, now):
                continue  # another sender has it
            notice = db.session.get(Notification, notice_id)
            subject, body = _message(notice)
            try:
                mailer.send(notice.recipient.email, subject, body)
            except (smtplib.SMTPException, OSError) as error:
                notice.last_error = f"{type(error).__name__}: {error}"[:1000]
                db.session.commit()
                result.failed += 1
                result.errors.append(notice.last_error)
                if isinstance(error, _SERVER_ERRORS):
                    mailer.close()
                    break
                continue
            notice.emailed_at = utcnow()
            notice.last_error = None
            db.session.commit()
            result.sent += 1
    finally:
        mailer.close()
    return result
