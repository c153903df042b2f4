"""Notices and their e-mails are written in each recipient's language, dates included."""

from datetime import date

from app.core.languages import Message
from app.extensions import db
from app.notifications import services
from app.notifications.mail import _message
from app.notifications.models import NoticeKind, Notification


def test_one_notice_reaches_each_recipient_in_their_language(app, user_factory):
    chinese, french, plain = user_factory(), user_factory(), user_factory()
    chinese.locale, french.locale = "zh", "fr"
    db.session.commit()
    due = Message("The %(quarter)s quarterly report of %(node)s is due on %(day)s (days left: %(days)s).",
                  quarter="Q3 2025", node="LAO", day=date(2025, 10, 15), days=1234)
    assert services.notify([chinese, french, plain], NoticeKind.report_due, due, key="due:LAO:2025Q3") == 3
    db.session.commit()
    text = {n.recipient_id: n.text for n in db.session.query(Notification)}
    assert text[chinese.id] == "LAO 的 Q3 2025 季度报告将于 2025年10月15日 到期（剩余天数：1,234）。"
    assert text[french.id] == ("Le rapport trimestriel Q3 2025 de LAO est à remettre le 15 oct. 2025 "
                               "(jours restants : 1\u202f234).")
    assert text[plain.id] == "The Q3 2025 quarterly report of LAO is due on Oct 15, 2025 (days left: 1,234)."


def test_the_e_mail_footer_is_in_the_recipients_language(app, user_factory):
    user = user_factory()
    user.locale = "es"
    services.notify([user], NoticeKind.report_due, "x", key="k")
    db.session.commit()
    subject, body = _message(db.session.query(Notification).one())
    assert "Elija qué avisos recibe por correo electrónico" in body
