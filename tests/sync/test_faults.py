"""Sync on a bad link (issue 12, "Faults"): a hub and a node in their own processes, with separate
databases and data folders, and tests/sync/proxy.py between them. A cut, a lost answer, a node killed
with -9, a batch sent twice, a node clock two hours ahead: the run fails cleanly (non-zero exit, the
error kept), the next run completes, and nothing is lost or doubled on either side."""

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from tests.sync.instances import Database, node_cli, seed_year
from tests.sync.proxy import Proxy
from tests.sync.test_two_instances import Hub

pytestmark = pytest.mark.slow


@pytest.fixture
def hub(tmp_path, monkeypatch):
    if os.environ.get("TEST_DATABASE_URL"):  # PostgreSQL: the hub uses the tests' database (emptied after)
        monkeypatch.setenv("HUB_DATABASE_URL", os.environ["TEST_DATABASE_URL"])
    hub = Hub(tmp_path / "hub")
    hub.folder.mkdir()
    hub.start()
    hub.db = Database(os.environ.get("HUB_DATABASE_URL") or f"sqlite:///{hub.folder / 'hub.db'}")
    yield hub
    if hub.process.poll() is None:
        hub.stop()
    hub.db.close()


@pytest.fixture
def proxy(hub):
    proxy = Proxy(hub.port).start()
    yield proxy
    proxy.release()
    proxy.close()


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


class Node:
    """The node instance: its app in this process (to record what its coordinator does), its CLI in another."""

    def __init__(self, folder, hub, proxy):
        self.folder, self.hub, self.proxy = folder, hub, proxy
        self.url = f"http://127.0.0.1:{proxy.port}"
        self.app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'node.db'}",
                               "CSDR_DATA_DIR": str(folder / "data"), "CSDR_INSTANCE": "node",
                               "CSDR_NODE": hub.info["node"], "CSDR_HUB_URL": self.url,
                               "CSDR_HUB_TOKEN": hub.info["coordinator"]})
        self.db = Database(f"sqlite:///{folder / 'node.db'}")

    def cli(self, *args, **kwargs):
        return node_cli(self.folder, self.url, self.hub.info["coordinator"], self.hub.info["node"], *args, **kwargs)

    def sync(self, process=False, **kwargs):
        """`sync run` in its own process, or through the CLI in this one (quicker: no interpreter to start)."""
        if process or kwargs:
            return self.cli("sync", "run", **kwargs)
        with self.app.app_context():
            result = self.app.test_cli_runner().invoke(args=["sync", "run"])
            db.session.remove()
        failed = result.exception if not isinstance(result.exception, SystemExit | None) else None
        return Run(result.exit_code, result.stdout, result.stderr + (f"Traceback: {failed!r}" if failed else ""))

    def status(self):
        with self.app.app_context():
            result = self.app.test_cli_runner().invoke(args=["sync", "status"])
            db.session.remove()
        return json.loads(result.stdout)

    def coordinator(self):
        from app.nodes.models import Node as NodeRecord
        from tests import factories

        node = db.session.scalar(select(NodeRecord).where(NodeRecord.code == self.hub.info["node"]))
        return node, factories.user("coordinator", node=node, email=f"{uuid.uuid4().hex[:8]}@node.example.org")


@pytest.fixture
def node(tmp_path, hub, proxy):
    folder = tmp_path / "node"
    (folder / "data").mkdir(parents=True)
    node = Node(folder, hub, proxy)
    with node.app.app_context():
        db.create_all()
        db.session.remove()
        ready = node.sync()  # the registry comes down: the node is set up
        assert ready.returncode == 0, ready.stderr
        yield node
        db.session.remove()
        db.engine.dispose()
    node.db.close()


def _seed(node, **sizes):
    local_node, coordinator = node.coordinator()
    seed_year(local_node, coordinator, **sizes)
    db.session.remove()  # the node's CLI runs in another process: no transaction held here
    return local_node, coordinator


def _hub_organizations(hub, count):
    for i in range(count):
        hub.call("POST", "/organizations", {"name": f"Partner agency {i} " + "x" * 150, "country": "KEN",
                                            "kind": "research"})


def _post_changes(hub, items, key):
    request = urllib.request.Request(f"http://127.0.0.1:{hub.port}/api/v1/sync/changes", method="POST",
                                     data=json.dumps({"changes": items}).encode(),
                                     headers={"Authorization": f"Bearer {hub.info['coordinator']}",
                                              "Content-Type": "application/json", "Idempotency-Key": key})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (the test hub)
        return dict(response.headers), json.loads(response.read())


def _assert_same_on_both_sides(hub, node, contributions, trainees, cases, reports):
    on_hub, on_node = hub.db.counts(), node.db.counts()
    expected = {"contributions": contributions, "trainees": trainees, "cases": cases, "quarterly_reports": reports,
                "sync_conflicts": 0}
    assert {k: on_hub[k] for k in expected} == expected, on_hub
    assert {k: on_node[k] for k in expected} == expected, on_node
    assert on_node["organizations"] == on_hub["organizations"] and on_node["nodes"] == on_hub["nodes"]
    # Each report submitted once: one step on the hub, one on the node (the hub's, not a second one).
    assert hub.db.value("SELECT count(*) FROM quarterly_report_steps") == reports
    assert node.db.value("SELECT count(*) FROM quarterly_report_steps") == reports
    for table in ("contributions", "trainees", "cases", "quarterly_reports"):
        uids = set(hub.db.rows(f"SELECT uid FROM {table}"))  # noqa: S608 (names above)
        assert uids == set(node.db.rows(f"SELECT uid FROM {table}")), table  # noqa: S608
    # Created once on the hub: one audited creation per record, whatever was retried.
    created = hub.db.value("SELECT count(*) FROM audit_events WHERE record_type = 'contributions' "
                           "AND action = 'create'")
    assert created == contributions
    quiet = node.sync()
    assert quiet.returncode == 0, quiet.stderr
    result = json.loads(quiet.stdout)
    assert result["pulled"]["applied"] == 0 and result["pushed"]["applied"] == 0, result
    assert node.status()["pending"] == 0


def _failed(run, node):
    assert run.returncode != 0, run.stdout
    assert "hub cannot be reached" in run.stderr or "hub answered" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    status = node.status()
    assert status["last_error"], status
    return status


def test_cut_connections_and_lost_answers_fail_cleanly_and_the_next_run_completes(hub, proxy, node):
    with node.app.app_context():
        _seed(node, contributions=20, trainees=5, cases=3, reports=2)
    _hub_organizations(hub, 12)  # something to pull, on more than one page's worth of bytes
    before = node.status()

    proxy.cut_after(3000)  # every answer cut mid-transfer: the pull fails, its cursor stays
    status = _failed(node.sync(process=True), node)  # the real CLI: a message, no traceback, exit 1
    assert status["pull_cursor"] == before["pull_cursor"] and status["pending"] == before["pending"]

    proxy.cut_after(5000, way="up", only="POST")  # the pull goes through; half a batch reaches the hub
    status = _failed(node.sync(), node)
    assert status["pull_cursor"] > before["pull_cursor"]
    assert hub.db.value("SELECT count(*) FROM contributions") == 0  # half a body applies nothing

    proxy.drop_answers(only="POST")  # the hub applies the batch; its answer is lost
    status = _failed(node.sync(), node)
    assert hub.db.value("SELECT count(*) FROM contributions") == 20
    assert status["pending"] == before["pending"]  # the node does not know: it will send again

    proxy.cut_after(300, only="POST")  # the answer to the batch sent again is cut mid-body
    _failed(node.sync(), node)

    proxy.healthy()
    done = node.sync(process=True)
    assert done.returncode == 0, done.stderr
    assert node.status()["last_error"] is None
    # The batch went three times; the Idempotency-Key answered the last ones from the hub's store.
    assert hub.db.value("SELECT count(*) FROM idempotency_keys") == 1
    _assert_same_on_both_sides(hub, node, contributions=20, trainees=5, cases=3, reports=2)


def _wait(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_node_killed_mid_sync_completes_on_the_next_run(hub, proxy, node):
    with node.app.app_context():
        _seed(node)  # a year: 4 reports, 50 contributions, 30 trainees, 10 cases
    proxy.limit(128_000)  # the batch takes seconds to go up
    proxy.reset_counters()
    run = node.sync(wait=False)
    _wait(lambda: proxy.bytes_up > 20_000)  # in the middle of sending the batch
    run.kill()
    run.communicate()
    assert run.returncode == -9
    proxy.limit(None)
    assert hub.db.value("SELECT count(*) FROM contributions") == 0

    proxy.hold_answers(only="POST")  # the hub applies the batch; the node dies before it reads the answer
    run = node.sync(wait=False)
    assert proxy.holding.wait(60)
    run.kill()
    run.communicate()
    proxy.release()
    assert hub.db.value("SELECT count(*) FROM contributions") == 50
    assert node.status()["pending"] > 0

    proxy.healthy()
    done = node.sync()
    assert done.returncode == 0, done.stderr
    _assert_same_on_both_sides(hub, node, contributions=50, trainees=30, cases=10, reports=4)


def test_the_same_batch_twice_is_applied_once(hub, proxy, node):
    from app.auth.actors import SYSTEM
    from app.sync.registry import CODECS

    with node.app.app_context():
        _seed(node, contributions=3, trainees=2, cases=2, reports=1)
        items = []
        for type_ in ("quarterly_report", "contribution", "trainee", "case"):
            codec = CODECS[type_]
            for record in db.session.scalars(select(codec.model)):
                items.append({"type": type_, "uid": record.uid, "op": "upsert", "base_version": None,
                              "data": codec.dump(SYSTEM, record)})
        db.session.remove()
    with urllib.request.urlopen(f"http://127.0.0.1:{proxy.port}/api/v1/openapi.json", timeout=20) as answer:
        through = answer.read()  # a healthy proxy passes the bytes untouched
    with urllib.request.urlopen(f"http://127.0.0.1:{hub.port}/api/v1/openapi.json", timeout=20) as answer:
        assert answer.read() == through and proxy.bytes_down > len(through)
    _, first = _post_changes(hub, items, "batch-one")
    assert [r["status"] for r in first["results"]] == ["applied"] * len(items), first
    audited = hub.db.value("SELECT count(*) FROM audit_events")
    headers, again = _post_changes(hub, items, "batch-one")
    assert headers.get("Idempotent-Replayed") == "true" and again == first
    _, new_key = _post_changes(hub, items, "batch-two")
    assert [(r["uid"], r["status"], r["version"]) for r in new_key["results"]] == \
        [(r["uid"], r["status"], r["version"]) for r in first["results"]]
    assert hub.db.value("SELECT count(*) FROM audit_events") == audited  # nothing written again
    counts = hub.db.counts()
    assert (counts["quarterly_reports"], counts["contributions"], counts["trainees"], counts["cases"]) == (1, 3, 2, 2)
    assert counts["quarterly_report_steps"] == 1


def test_a_node_two_hours_ahead_syncs_by_sequence_and_versions_and_keeps_conflicts(hub, proxy, node):
    import time_machine

    ahead = 2

    def node_time():
        return time_machine.travel(datetime.now(UTC) + timedelta(hours=ahead), tick=True)

    with node.app.app_context(), node_time():
        _seed(node, contributions=3, trainees=0, cases=0, reports=1)
        assert node.sync().returncode == 0
    (uid, hub_id), = hub.db.rows("SELECT uid, id FROM contributions ORDER BY id LIMIT 1")

    # On the hub, in its own time (two hours "before" the node's changes): the report is returned,
    # and the secretariat corrects a contribution the node is also changing.
    hub.call("POST", "/nodes/NODE1/reports/2025Q1/return", {"comment": "Add the users figures."})
    hub_version = hub.call("GET", f"/contributions/{hub_id}")["version"]
    hub.call("PATCH", f"/contributions/{hub_id}", {"amount": "7000", "version": hub_version})
    with node.app.app_context(), node_time():
        from app.nodes.contributions import services as contributions
        from app.nodes.contributions.models import Contribution

        mine = db.session.scalar(select(Contribution).where(Contribution.uid == uid))
        coordinator = node.coordinator()[1]
        contributions.update_contribution(coordinator, mine, {"amount": "9000"}, mine.version)
        db.session.commit()
        db.session.remove()

    done = node.sync(clock_hours=ahead)  # the node's CLI in its own process, its clock two hours ahead
    assert done.returncode == 0, done.stderr
    last_success = datetime.fromisoformat(node.db.value("SELECT value FROM sync_state WHERE name = 'last_success'"))
    assert abs(last_success - datetime.now(UTC) - timedelta(hours=ahead)) < timedelta(minutes=5)
    # The hub's later change with an earlier clock came down: the cursor is a sequence, not a time.
    assert node.db.rows("SELECT status, review_comment FROM quarterly_reports") == \
        [("returned", "Add the users figures.")]
    # Edited on both sides: neither overwritten, both versions kept in each side's conflict list.
    assert float(node.db.value("SELECT amount FROM contributions WHERE uid = :uid", uid=uid)) == 9000
    assert float(hub.db.value("SELECT amount FROM contributions WHERE uid = :uid", uid=uid)) == 7000
    for side, local, remote in ((node.db, 9000, 7000), (hub.db, 7000, 9000)):
        (conflict_uid, local_data, remote_data), = side.rows(
            "SELECT uid, local_data, remote_data FROM sync_conflicts WHERE resolved_at IS NULL")
        local_data, remote_data = (json.loads(d) if isinstance(d, str) else d for d in (local_data, remote_data))
        assert conflict_uid == uid
        assert float(local_data["amount"]) == local and float(remote_data["amount"]) == remote
    # Syncing again changes nothing and doubles no conflict.
    with node_time():
        again = node.sync()
    assert again.returncode == 0, again.stderr
    assert node.db.value("SELECT count(*) FROM sync_conflicts") == 1
    assert hub.db.value("SELECT count(*) FROM sync_conflicts") == 1
    assert hub.db.value("SELECT count(*) FROM contributions") == 3
