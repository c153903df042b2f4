"""gunicorn with 4 workers on the suite's database (PostgreSQL or SQLite) under concurrent writers.

40 coordinators at once update their node, file their quarterly report (PUT the draft,
submit it, and retry the submit with the same Idempotency-Key as a node on a poor link
would), and 2 secretariat members edit the same agreement with the same version at once
(three rounds), while board members read lists: every report is stored exactly once and
submitted once, one of the two edits wins and the other gets 409, nothing is lost, and no
"database is locked" (or any 5xx) reaches a user.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from app.agreements.models import Agreement
from app.audit.models import AuditEvent
from app.core.periods import Quarter, today
from app.extensions import db
from app.nodes.models import Node
from app.nodes.quarterly.models import QuarterlyReport, QuarterlyReportStep, ReportStatus
from tests.deploy.loadkit import call, gunicorn

pytestmark = pytest.mark.load

COORDINATORS = 40
READERS = 8  # board members reading lists while the writes happen
ROUNDS = 3  # the secretariat's race, repeated: each round exactly one winner
QUARTER = Quarter.containing(today()).previous().label  # the server runs on the real clock


def _seed(make, user_factory):
    nodes = [make.node(code=f"L{i:02d}") for i in range(COORDINATORS)]
    coordinators = [(node.code, make.token(user_factory("coordinator", node=node))) for node in nodes]
    contested = make.agreement(reference="MOU-LOAD", title="MOU under load", status="active")
    secretariat = [make.token(user_factory("secretariat")) for _ in range(2)]
    board = [make.token(user_factory("board")) for _ in range(READERS)]
    return coordinators, contested.id, secretariat, board


def test_concurrent_writers_on_four_gunicorn_workers(app, make, user_factory, tmp_path):
    coordinators, contested, secretariat, board = _seed(make, user_factory)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()  # the test holds no connection or lock while the server works
    with gunicorn(url, tmp_path / "data", workers=4) as (port, log_path):
        barrier = threading.Barrier(COORDINATORS + 2 + READERS)
        race_barrier = threading.Barrier(2)

        def coordinator(code, token):
            status, node = call(port, "GET", f"/api/v1/nodes/{code}", token)
            assert status == 200, node
            barrier.wait(timeout=60)
            patched = call(port, "PATCH", f"/api/v1/nodes/{code}", token,
                           {"infrastructure": f"Servers of {code}", "version": node["version"]})
            url = f"/api/v1/nodes/{code}/reports/{QUARTER}"
            draft = call(port, "PUT", url, token, {"scenes_received": int(code[1:]) + 100, "highlights": code})
            submit = {"version": draft[1].get("version")}
            key = {"Idempotency-Key": f"submit-{code}-{QUARTER}"}
            submitted = call(port, "POST", f"{url}/submit", token, submit, headers=key)
            retried = call(port, "POST", f"{url}/submit", token, submit, headers=key)
            return patched, draft, submitted, retried

        def secretary(who, token):
            outcomes = []
            for round_ in range(ROUNDS):
                status, agreement = call(port, "GET", f"/api/v1/agreements/{contested}", token)
                assert status == 200, agreement
                (barrier if round_ == 0 else race_barrier).wait(timeout=60)
                outcomes.append(call(port, "PATCH", f"/api/v1/agreements/{contested}", token,
                                     {"title": f"Round {round_} by {who}", "version": agreement["version"]}))
                race_barrier.wait(timeout=60)  # both answered before the next round reads
            return outcomes

        def reader(token):
            barrier.wait(timeout=60)
            return [call(port, "GET", f"/api/v1/nodes?per_page=100&page={1 + i % 2}", token) for i in range(5)]

        with ThreadPoolExecutor(max_workers=COORDINATORS + 2 + READERS) as pool:
            coordinator_futures = [pool.submit(coordinator, code, token) for code, token in coordinators]
            secretary_futures = [pool.submit(secretary, who, token) for who, token in zip("AB", secretariat,
                                                                                          strict=True)]
            reader_futures = [pool.submit(reader, token) for token in board]
            coordinator_results = [f.result(timeout=120) for f in coordinator_futures]
            reader_results = [r for f in reader_futures for r in f.result(timeout=120)]
            secretary_results = [f.result(timeout=120) for f in secretary_futures]
        server_log = log_path.read_text()

    assert server_log.count("Booting worker") >= 4
    everything = ([r for steps in coordinator_results for r in steps] + reader_results
                  + [r for rounds in secretary_results for r in rounds])
    assert not [r for r in everything if r[0] >= 500], [r for r in everything if r[0] >= 500][:3]
    assert "database is locked" not in repr(everything) and "database is locked" not in server_log
    assert "Traceback" not in server_log, server_log[-3000:]

    assert [status for status, _ in reader_results] == [200] * (READERS * 5)
    assert reader_results[0][1]["total"] == COORDINATORS

    # Every coordinator's write is stored, once.
    assert [[status for status, _ in steps] for steps in coordinator_results] == [[200, 201, 200, 200]] * COORDINATORS
    assert all(steps[2] == steps[3] for steps in coordinator_results)  # the retry replays the first answer
    stored = {n.code: n for n in db.session.scalars(select(Node))}
    assert {code: n.infrastructure for code, n in stored.items()} == {
        code: f"Servers of {code}" for code, _ in coordinators}
    assert {n.version for n in stored.values()} == {2}
    quarter = Quarter.parse(QUARTER)
    reports = db.session.scalars(select(QuarterlyReport).where(QuarterlyReport.year == quarter.year,
                                                               QuarterlyReport.quarter == quarter.number)).all()
    assert sorted((r.node.code, r.status, r.scenes_received) for r in reports) == [
        (code, ReportStatus.submitted, int(code[1:]) + 100) for code, _ in coordinators]
    steps = db.session.scalars(select(QuarterlyReportStep).where(QuarterlyReportStep.status == ReportStatus.submitted))
    assert sorted(step.report.node.code for step in steps) == [code for code, _ in coordinators]  # once each

    # Each round of the secretariat's race: one edit wins, the other gets 409 and writes nothing.
    agreement = db.session.get(Agreement, contested)
    winners = []
    for round_ in range(ROUNDS):
        pair = [rounds[round_] for rounds in secretary_results]
        assert sorted(status for status, _ in pair) == [200, 409], pair
        loser = next(body for status, body in pair if status == 409)
        assert loser["error"]["code"] == "stale_version"
        winners.append(next(body["title"] for status, body in pair if status == 200))
    assert agreement.title == winners[-1] and agreement.version == 1 + ROUNDS

    # Nothing lost, nothing doubled: one audit row per successful write.
    updates = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")
                                 .order_by(AuditEvent.id)).all()
    assert len([e for e in updates if e.record_type == "nodes"]) == COORDINATORS
    assert [e.changes["title"][1] for e in updates if e.record_type == "agreements"] == winners
