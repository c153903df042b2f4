"""A hub and a node instance: two processes on loopback, separate databases and data folders."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db

HUB_SCRIPT = Path(__file__).with_name("hub_process.py")


class Hub:
    def __init__(self, folder: Path):
        self.folder, self.process, self.port = folder, None, 0

    def start(self):
        self.process = subprocess.Popen([sys.executable, str(HUB_SCRIPT), str(self.folder), str(self.port)],
                                        stdout=subprocess.PIPE, text=True)
        self.info = json.loads(self.process.stdout.readline())
        self.port = self.info["port"]
        return self

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.process.stdout.close()

    def call(self, method, path, body=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/v1{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Bearer {self.info['secretariat']}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (the test hub)
            body = response.read()
            return json.loads(body) if body else None


@pytest.fixture
def hub(tmp_path):
    hub = Hub(tmp_path / "hub")
    hub.folder.mkdir()
    hub.start()
    yield hub
    if hub.process.poll() is None:
        hub.stop()


@pytest.fixture
def node_app(tmp_path, hub):
    folder = tmp_path / "node"
    (folder / "data").mkdir(parents=True)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'node.db'}",
                      "CSDR_DATA_DIR": str(folder / "data"), "WTF_CSRF_ENABLED": False,
                      "CSDR_INSTANCE": "node", "CSDR_NODE": hub.info["node"],
                      "CSDR_HUB_URL": f"http://127.0.0.1:{hub.port}", "CSDR_HUB_TOKEN": hub.info["coordinator"]})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _sync(app):
    return app.test_cli_runner().invoke(args=["sync", "run"])


def _local_report(uid=None):
    from app.nodes.quarterly.models import QuarterlyReport

    db.session.expire_all()
    return db.session.scalar(select(QuarterlyReport) if uid is None
                             else select(QuarterlyReport).where(QuarterlyReport.uid == uid))


def test_file_offline_submit_return_fix_resubmit_accept(hub, node_app):
    from app.core.periods import Quarter
    from app.nodes.models import Node
    from app.nodes.quarterly import services as quarterly
    from tests import factories

    first = _sync(node_app)
    assert first.exit_code == 0, first.output
    node = db.session.scalar(select(Node).where(Node.code == "NODE1"))
    assert node is not None and node.uid == hub.info["node_uid"]  # the registry came down, same uid
    coordinator = factories.user("coordinator", node=node, email="local@example.org")

    hub.stop()  # no link: the coordinator files and submits on the node
    report, _ = quarterly.save_report(coordinator, node, Quarter(2025, 1), {"scenes_received": 12,
                                                                         "highlights": "First light"})
    quarterly.submit_report(coordinator, report)
    db.session.commit()
    offline = _sync(node_app)
    assert offline.exit_code != 0 and "cannot be reached" in offline.output
    status = json.loads(node_app.test_cli_runner().invoke(args=["sync", "status"]).output)
    assert status["pending"] >= 1 and status["last_error"]

    hub.start()  # the link is back (same port, same database)
    assert _sync(node_app).exit_code == 0
    on_hub = hub.call("GET", "/nodes/NODE1/reports/2025Q1")
    assert on_hub["status"] == "submitted" and on_hub["scenes_received"] == 12

    hub.call("POST", "/nodes/NODE1/reports/2025Q1/return", {"comment": "Add the users figures."})
    assert _sync(node_app).exit_code == 0
    local = _local_report(report.uid)
    assert local.status.value == "returned" and local.review_comment == "Add the users figures."

    quarterly.save_report(coordinator, node, Quarter(2025, 1), {"users_registered": 40}, local.version)
    quarterly.submit_report(coordinator, _local_report(report.uid))
    db.session.commit()
    assert _sync(node_app).exit_code == 0
    on_hub = hub.call("GET", "/nodes/NODE1/reports/2025Q1")
    assert on_hub["status"] == "submitted" and on_hub["users_registered"] == 40

    hub.call("POST", "/nodes/NODE1/reports/2025Q1/accept", {})
    again = _sync(node_app)
    assert again.exit_code == 0, again.output
    assert _local_report(report.uid).status.value == "accepted"
    # Nothing doubled: one report on each side, and a further sync has nothing to do.
    assert len(hub.call("GET", "/quarterly-reports")["items"]) == 1
    quiet = json.loads(_sync(node_app).output)
    assert quiet["pulled"]["applied"] == 0 and quiet["pushed"]["applied"] == 0


def test_an_agreement_and_a_period_lock_come_down_and_an_archived_trainee_goes_up(hub, node_app):
    from app.agreements.models import Agreement
    from app.capacity import services as capacity
    from app.capacity.models import Trainee
    from app.core.periods import Quarter
    from app.nodes.models import Node
    from app.nodes.quarterly import locks
    from tests import factories

    host_id = hub.call("GET", "/nodes/NODE1")["host_organization_id"]
    partner = hub.call("POST", "/organizations", {"name": "Partner agency", "country": "FRA", "kind": "government"})
    hub.call("POST", "/agreements", {"kind": "mou", "reference": "MOU-NODE1", "title": "Hosting the node",
                                     "status": "active", "parties": [{"organization_id": host_id, "role": "lead"},
                                                                     {"organization_id": partner["id"]}]})
    hub.call("POST", "/agreements", {"kind": "mou", "reference": "MOU-OTHERS", "title": "Not the node's",
                                     "parties": [{"organization_id": partner["id"], "role": "lead"}]})
    hub.call("PUT", "/period-locks/2024Q4", {"reason": "Annual report 2024"})

    first = _sync(node_app)
    assert first.exit_code == 0, first.output
    db.session.expire_all()
    agreement = db.session.scalar(select(Agreement).where(Agreement.reference == "MOU-NODE1"))
    assert agreement is not None and agreement.status.value == "active"
    node = db.session.scalar(select(Node).where(Node.code == "NODE1"))
    from app.partners.models import Organization

    partner_here = db.session.scalar(select(Organization).where(Organization.name == "Partner agency"))
    assert agreement.party_organization_ids == {node.host_organization_id, partner_here.id}
    assert db.session.scalar(select(Agreement).where(Agreement.reference == "MOU-OTHERS")) is None
    assert locks.is_locked(Quarter(2024, 4))
    from app.audit.models import AuditEvent

    def last_event(record):  # of this record, in the node's audit log
        return db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == record.__tablename__,
                                                           AuditEvent.record_id == record.id)
                                  .order_by(AuditEvent.id.desc())).first()

    for record in (agreement, locks.find_lock(Quarter(2024, 4))):  # made by the hub's staff, through the API
        event = last_event(record)
        assert (event.face, event.author, event.author_node) == ("sync", "secretariat user (hub)", None)
    assert last_event(node).author is None  # the hub made it by a command: no one to name

    # A trainee recorded on the node goes up; archived on the node, it is archived on the hub.
    trainee = factories.trainee(node_id=node.id, host=node.host_organization, name="Node trainee")
    assert _sync(node_app).exit_code == 0
    on_hub = [t for t in hub.call("GET", "/trainees?archived=1")["items"] if t["name"] == "Node trainee"]
    assert len(on_hub) == 1 and on_hub[0]["archived_at"] is None
    capacity.archive_trainee(factories.SYSTEM, db.session.get(Trainee, trainee.id))
    db.session.commit()
    assert _sync(node_app).exit_code == 0
    on_hub = [t for t in hub.call("GET", "/trainees?archived=1")["items"] if t["name"] == "Node trainee"]
    assert len(on_hub) == 1 and on_hub[0]["archived_at"] is not None

    # The hub opens the quarter again: the lock is archived there, and here.
    hub.call("DELETE", "/period-locks/2024Q4")
    assert _sync(node_app).exit_code == 0
    db.session.expire_all()
    assert not locks.is_locked(Quarter(2024, 4))
    quiet = json.loads(_sync(node_app).output)
    assert quiet["pulled"]["applied"] == 0 and quiet["pushed"]["applied"] == 0
