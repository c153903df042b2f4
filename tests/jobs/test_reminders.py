"""The daily reminders, with the clock moved: the right day, the right people, once."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.extensions import db
from app.jobs.models import JobRun
from app.jobs.reminders import remind_agreements, remind_reports_due_and_overdue, send_reminders
from app.jobs.runner import run_job
from app.notifications.models import NoticeKind, Notification

# 2025Q3 ends on 30 September; its reports are due 15 days later, on 15 October.
DUE = date(2025, 10, 15)


def at(day: date, hour: int = 6):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC), tick=False)


def notices(kind=None, user=None):
    query = db.session.query(Notification)
    if kind is not None:
        query = query.filter(Notification.kind == kind)
    if user is not None:
        query = query.filter(Notification.recipient_id == user.id)
    return query.order_by(Notification.id).all()


def reminders_on(day: date):
    with at(day):
        return run_job("reminders")


@pytest.fixture
def network(make, user_factory):
    """Two nodes set up in July 2025, with a coordinator each (LAO has two), a secretariat member, an admin
    and a board member."""
    lao, npl = (make.node(code=code, established_on=date(2025, 7, 1)) for code in ("LAO", "NPL"))
    people = {
        "lao": user_factory("coordinator", node=lao), "lao2": user_factory("coordinator", node=lao),
        "npl": user_factory("coordinator", node=npl), "secretariat": user_factory("secretariat"),
        "admin": user_factory("admin"), "board": user_factory("board"),
    }
    return {"lao_node": lao, "npl_node": npl, **people}


def test_due_soon_fires_seven_days_before_for_that_nodes_coordinators_once(network, client, login):
    assert reminders_on(DUE - timedelta(days=8)).summary.startswith("0 due-soon")
    assert notices() == []
    run = reminders_on(DUE - timedelta(days=7))
    assert run.summary.startswith("3 due-soon, 0 overdue")
    due = notices(NoticeKind.report_due)
    assert sorted(n.recipient_id for n in due) == sorted([network["lao"].id, network["lao2"].id, network["npl"].id])
    lao_notice = next(n for n in due if n.recipient_id == network["lao"].id)
    assert "2025Q3" in lao_notice.text and "LAO" in lao_notice.text and "Oct 15, 2025" in lao_notice.text
    assert lao_notice.link == "/nodes/LAO/reports/2025Q3"
    with at(DUE - timedelta(days=7)):
        login(network["lao"])
        assert client.get(lao_notice.link).headers["Location"] == "/nodes/LAO/reports/2025Q3/edit"
    # Again the same day (claimed), the next days (same key), and the job's body run twice directly.
    assert reminders_on(DUE - timedelta(days=7)) is None
    for day in range(6, -1, -1):
        reminders_on(DUE - timedelta(days=day))
    with at(DUE):
        assert send_reminders(DUE).startswith("0 due-soon")
    assert len(notices(NoticeKind.report_due)) == 3
    assert db.session.query(JobRun).filter_by(job="reminders").count() == 9


def test_a_submitted_report_gets_no_reminder_and_a_draft_does(network, make):
    with at(date(2025, 10, 2)):
        make.quarterly_report(network["lao_node"], "2025Q3", status="submitted")
        make.quarterly_report(network["npl_node"], "2025Q3", status="draft", scenes_received=3)
    reminders_on(DUE - timedelta(days=3))
    assert {n.recipient_id for n in notices(NoticeKind.report_due)} == {network["npl"].id}
    reminders_on(DUE + timedelta(days=1))
    overdue = notices(NoticeKind.report_overdue)
    assert {n.recipient_id for n in overdue} == {network["npl"].id, network["secretariat"].id}


def test_overdue_fires_the_day_after_the_due_date_for_coordinators_and_secretariat_once(network):
    reminders_on(DUE)
    assert notices(NoticeKind.report_overdue) == []
    run = reminders_on(DUE + timedelta(days=1))
    assert "5 overdue" in run.summary  # LAO: 2 coordinators + secretariat; NPL: 1 coordinator + secretariat
    overdue = notices(NoticeKind.report_overdue)
    by_user = {}
    for notice in overdue:
        by_user.setdefault(notice.recipient_id, []).append(notice.key)
    assert by_user[network["secretariat"].id] == ["report_overdue:LAO:2025Q3", "report_overdue:NPL:2025Q3"]
    assert by_user[network["lao"].id] == ["report_overdue:LAO:2025Q3"]
    assert network["admin"].id not in by_user and network["board"].id not in by_user
    for day in range(2, 20):
        reminders_on(DUE + timedelta(days=day))
    assert len(notices(NoticeKind.report_overdue)) == 5


def test_a_returned_report_is_not_called_overdue(network, make):
    with at(DUE + timedelta(days=2)):
        make.quarterly_report(network["lao_node"], "2025Q3", status="returned")
    reminders_on(DUE + timedelta(days=3))
    assert {n.key.split(":")[1] for n in notices(NoticeKind.report_overdue)} == {"NPL"}


def test_a_draft_started_after_the_due_date_is_still_overdue(network, make):
    with at(DUE + timedelta(days=5)):
        report = make.quarterly_report(network["lao_node"], "2025Q3", status="draft", scenes_received=1)
    assert report.due_on == DUE  # fixed by the quarter, not by the day the draft was started
    reminders_on(DUE + timedelta(days=6))
    assert {n.key for n in notices(NoticeKind.report_overdue, user=network["lao"])} == {"report_overdue:LAO:2025Q3"}


def test_a_returned_report_is_announced_the_next_run_and_again_while_it_waits(network, make):
    with at(date(2025, 10, 10), hour=9):
        report = make.quarterly_report(network["lao_node"], "2025Q3", status="returned")
    reminders_on(date(2025, 10, 11))
    returned = notices(NoticeKind.report_returned)
    assert {n.recipient_id for n in returned} == {network["lao"].id, network["lao2"].id}
    assert "Please complete the figures." in returned[0].text
    for day in range(12, 17):
        reminders_on(date(2025, 10, day))
    assert len(notices(NoticeKind.report_returned)) == 2
    reminders_on(date(2025, 10, 17))  # a week of waiting
    waiting = notices(NoticeKind.report_returned)
    assert len(waiting) == 4 and "has waited 7 days" in waiting[-1].text
    assert report.node.code == "LAO"


def test_two_schedulers_racing_create_each_reminder_once(app, network):
    barrier = threading.Barrier(2)
    outcomes = []

    def scheduler():
        with app.app_context(), at(DUE - timedelta(days=7)):
            barrier.wait()
            outcomes.append(run_job("reminders"))
            db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(1 for o in outcomes if o is not None) == 1 and len(outcomes) == 2
    assert len(notices(NoticeKind.report_due)) == 3


def test_the_same_reminders_do_not_repeat_even_when_two_runs_overlap(app, network):
    with at(DUE - timedelta(days=7)):
        assert remind_reports_due_and_overdue(DUE - timedelta(days=7)) == (3, 0)
        assert remind_reports_due_and_overdue(DUE - timedelta(days=7)) == (0, 0)


# --- agreements -----------------------------------------------------------------------

ENDS = date(2026, 6, 30)


@pytest.fixture
def agreement(make, network):
    with at(date(2024, 7, 1)):
        return make.agreement(status="active", reference="MOU-LAO-2024", title="MOU with the Lao node",
                              signed_on=date(2024, 7, 1), effective_from=date(2024, 7, 1), expires_on=ENDS,
                              notice_days=60)


def _agreement_notices(kind):
    return [n for n in notices(kind) if n.key.startswith(f"{kind.value}:")]


@pytest.mark.parametrize("threshold", [180, 90, 30])
def test_expiry_notice_fires_at_each_threshold_for_the_secretariat_once(network, agreement, threshold):
    before = ENDS - timedelta(days=threshold + 1)
    with at(before):
        remind_agreements(before)
    already = len(_agreement_notices(NoticeKind.agreement_expiry))
    day = ENDS - timedelta(days=threshold)
    with at(day):
        remind_agreements(day)
        remind_agreements(day)
    fired = _agreement_notices(NoticeKind.agreement_expiry)[already:]
    assert [(n.recipient_id, n.key) for n in fired] == [
        (network["secretariat"].id, f"agreement_expiry:{agreement.id}:t1:{ENDS.isoformat()}:{threshold}")]
    assert f"in {threshold} days" in fired[0].text and "MOU-LAO-2024" in fired[0].text


def test_each_expiry_threshold_fires_once_across_daily_runs(network, agreement):
    day = ENDS - timedelta(days=250)
    while day <= ENDS + timedelta(days=5):
        with at(day):
            remind_agreements(day)
        day += timedelta(days=1)
    expiry = _agreement_notices(NoticeKind.agreement_expiry)
    assert [n.key.rsplit(":", 1)[1] for n in expiry] == ["180", "90", "30"]
    assert [n.created_at.date() for n in expiry] == [ENDS - timedelta(days=d) for d in (180, 90, 30)]
    notice = _agreement_notices(NoticeKind.agreement_notice)
    notice_on = ENDS - timedelta(days=60)
    assert [n.created_at.date() for n in notice] == [notice_on - timedelta(days=d) for d in (180, 90, 30)]
    assert all(n.recipient_id == network["secretariat"].id for n in expiry + notice)


def test_a_late_starting_scheduler_sends_only_the_tightest_threshold(network, agreement):
    day = ENDS - timedelta(days=50)
    with at(day):
        remind_agreements(day)
    assert [n.key.rsplit(":", 1)[1] for n in _agreement_notices(NoticeKind.agreement_expiry)] == ["90"]


def test_draft_agreements_and_those_without_an_end_get_no_notice(network, make):
    with at(date(2024, 7, 1)):
        make.agreement(status="draft", expires_on=ENDS)
        make.agreement(status="active", signed_on=date(2024, 7, 1), expires_on=None)
    day = ENDS - timedelta(days=30)
    with at(day):
        assert remind_agreements(day) == (0, 0)


def test_reminders_reach_their_people_by_email_through_the_email_job(app, network):
    from app.notifications.services import set_email_choices
    from tests.mailserver import mail_to, smtp_server

    set_email_choices(network["lao2"], [k.value for k in NoticeKind if k != NoticeKind.report_due])
    db.session.commit()
    with smtp_server() as (inbox, port), mail_to(app, port):
        reminders_on(DUE - timedelta(days=7))
        with time_machine.travel(datetime(2025, 10, 8, 6, 10, tzinfo=UTC), tick=False):
            run = run_job("email")
        assert run.summary.startswith("2 e-mail(s) sent")
    assert sorted(inbox.recipients) == sorted([network["lao"].email, network["npl"].email])
    assert all(n.emailed_at is not None for n in notices(NoticeKind.report_due)
               if n.recipient_id != network["lao2"].id)


def test_the_reminders_job_warns_of_agreements_once_across_runs_and_racing_schedulers(app, network, agreement):
    day = ENDS - timedelta(days=90)
    barrier = threading.Barrier(2)
    outcomes = []

    def scheduler():
        with app.app_context(), at(day):
            barrier.wait()
            run = run_job("reminders")
            outcomes.append(run.summary if run else None)
            db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count(None) == 1
    assert next(o for o in outcomes if o).endswith(", 1 expiry and 1 notice-date notice(s)")
    assert reminders_on(day) is None
    reminders_on(day + timedelta(days=1))
    assert db.session.query(JobRun).filter_by(job="reminders").count() == 2
    expiry = _agreement_notices(NoticeKind.agreement_expiry)
    assert [(n.recipient_id, n.key.rsplit(":", 1)[1]) for n in expiry] == [(network["secretariat"].id, "90")]


# --- auto-renewing agreements: reminded before each term's end and notice date, once per term -----------


@pytest.fixture
def rolling(make, network):
    """One-year terms from 2024-07-01 (renewing for 12 months), 60 days' notice."""
    with at(date(2024, 7, 1)):
        return make.agreement(status="active", reference="MOU-ROLL", title="Rolling MOU", signed_on=date(2024, 7, 1),
                              effective_from=date(2024, 7, 1), expires_on=date(2025, 6, 30), notice_days=60,
                              auto_renew=True)


def test_a_rolling_agreement_is_reminded_before_each_terms_notice_date_once_per_term(network, rolling):
    day = date(2024, 10, 1)
    while day <= date(2027, 6, 5):
        with at(day):
            remind_agreements(day)
            if day.day == 1:
                remind_agreements(day)  # a second run the same day adds nothing
        day += timedelta(days=1)
    ends = [date(2025, 6, 30), date(2026, 6, 30), date(2027, 6, 30)]
    notice = _agreement_notices(NoticeKind.agreement_notice)
    expected_notice = [(f"t{n}", end - timedelta(days=60) - timedelta(days=d))
                       for n, end in enumerate(ends, start=1) for d in (180, 90, 30)]
    assert [(n.key.split(":")[2], n.created_at.date()) for n in notice] == expected_notice
    assert [n.key for n in notice][-1] == f"agreement_notice:{rolling.id}:t3:2027-05-01:30"
    expiry = _agreement_notices(NoticeKind.agreement_expiry)
    assert [(n.key.split(":")[2], n.created_at.date()) for n in expiry] == [
        (f"t{n}", end - timedelta(days=d)) for n, end in enumerate(ends, start=1) for d in (180, 90, 30)]
    assert "renews itself for 12 months" in expiry[-1].text
    assert all(n.recipient_id == network["secretariat"].id for n in expiry + notice)


def test_a_terminated_rolling_agreement_gets_no_more_reminders(network, rolling):
    from app.agreements import services
    from tests.factories import SYSTEM

    with at(date(2025, 8, 1)):
        services.terminate_agreement(SYSTEM, rolling, date(2025, 9, 1), "notice given", rolling.version)
        db.session.commit()
    day = date(2025, 8, 1)
    while day <= date(2026, 7, 1):
        with at(day):
            assert remind_agreements(day) == (0, 0)
        day += timedelta(days=7)
