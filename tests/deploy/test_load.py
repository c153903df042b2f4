"""gunicorn with 4 workers on the suite's database (PostgreSQL or SQLite) under concurrent writers.

40 coordinators update their own records at once and 2 secretariat members edit the same
record with the same version at once: every write is stored exactly once, one of the two
edits wins and the other gets 409, nothing is lost, and no "database is locked" (or any
5xx) reaches a user.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.nodes.models import Node
from tests.deploy.loadkit import call, gunicorn

pytestmark = pytest.mark.load

COORDINATORS = 40
READERS = 8  # board members reading lists while the writes happen
ROUNDS = 3  # the secretariat's race, repeated: each round exactly one winner


def _seed(make, user_factory):
    nodes = [make.node(code=f"L{i:02d}") for i in range(COORDINATORS)]
    coordinators = [(node.code, make.token(user_factory("coordinator", node=node))) for node in nodes]
    contested = make.node(code="LEAD", name="Lead centre")
    secretariat = [make.token(user_factory("secretariat")) for _ in range(2)]
    board = [make.token(user_factory("board")) for _ in range(READERS)]
    return coordinators, contested.code, secretariat, board


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
            return call(port, "PATCH", f"/api/v1/nodes/{code}", token,
                        {"infrastructure": f"Servers of {code}", "version": node["version"]})

        def secretary(who, token):
            outcomes = []
            for round_ in range(ROUNDS):
                status, node = call(port, "GET", f"/api/v1/nodes/{contested}", token)
                assert status == 200, node
                (barrier if round_ == 0 else race_barrier).wait(timeout=60)
                outcomes.append(call(port, "PATCH", f"/api/v1/nodes/{contested}", token,
                                     {"name": f"Round {round_} by {who}", "version": node["version"]}))
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
    everything = coordinator_results + reader_results + [r for rounds in secretary_results for r in rounds]
    assert not [r for r in everything if r[0] >= 500], [r for r in everything if r[0] >= 500][:3]
    assert "database is locked" not in repr(everything) and "database is locked" not in server_log
    assert "Traceback" not in server_log, server_log[-3000:]

    assert [status for status, _ in reader_results] == [200] * (READERS * 5)
    assert reader_results[0][1]["total"] == COORDINATORS + 1

    # Every coordinator's write is stored, once.
    assert [status for status, _ in coordinator_results] == [200] * COORDINATORS
    stored = {n.code: n for n in db.session.scalars(select(Node).where(Node.code.like("L%"))
                                                    .where(Node.code != "LEAD"))}
    assert {code: n.infrastructure for code, n in stored.items()} == {
        code: f"Servers of {code}" for code, _ in coordinators}
    assert {n.version for n in stored.values()} == {2}

    # Each round of the secretariat's race: one edit wins, the other gets 409 and writes nothing.
    lead = db.session.scalar(select(Node).where(Node.code == contested))
    winners = []
    for round_ in range(ROUNDS):
        pair = [rounds[round_] for rounds in secretary_results]
        assert sorted(status for status, _ in pair) == [200, 409], pair
        loser = next(body for status, body in pair if status == 409)
        assert loser["error"]["code"] == "stale_version"
        winners.append(next(body["name"] for status, body in pair if status == 200))
    assert lead.name == winners[-1] and lead.version == 1 + ROUNDS

    # Nothing lost, nothing doubled: one audit row per successful write.
    updates = db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == "nodes",
                                                          AuditEvent.action == "update")).all()
    assert len(updates) == COORDINATORS + ROUNDS
    assert [e.changes["name"][1] for e in sorted(
        (e for e in updates if e.record_label == contested), key=lambda e: e.id)] == winners
