"""Signed bundles: a hub (the test app, SQLite or PostgreSQL) and a node instance (its own SQLite database and
data folder) in one process, exchanging files through `sync export` / `sync import` only."""

import json
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth.actors import SYSTEM
from app.core.periods import Quarter
from app.extensions import db
from app.nodes.models import Node
from app.nodes.quarterly import services as quarterly
from app.nodes.quarterly.models import QuarterlyReport
from app.sync.models import SyncState
from tests import factories


@pytest.fixture
def node_app(tmp_path):
    (tmp_path / "node-data").mkdir()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'node.db'}",
                      "CSDR_DATA_DIR": str(tmp_path / "node-data"), "WTF_CSRF_ENABLED": False,
                      "CSDR_INSTANCE": "node", "CSDR_NODE": "NODE1", "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def on(app):
    with app.app_context():
        yield
        db.session.remove()


def cli(app, *args):
    """A command run in that app's own context (the CLI otherwise runs in whichever app is current)."""
    with on(app):
        return app.test_cli_runner().invoke(args=["sync", *args])


def ok(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


@pytest.fixture
def pair(app, node_app, tmp_path):
    """The hub knows NODE1 and its coordinator; each side trusts the other's key; the node holds the registry."""
    node = factories.node("NODE1")
    coordinator = factories.user("coordinator", node=node, email="coord@node1.example")
    hub_key = cli(app, "key").output.strip()
    node_key = cli(node_app, "key").output.strip()
    assert hub_key != node_key
    ok(cli(app, "trust", "--node", "NODE1", "--key", node_key))
    ok(cli(node_app, "trust", "--hub", "--key", hub_key))
    first = tmp_path / "first.bundle"
    assert ok(cli(app, "export", "--for", "NODE1", "--out", str(first)))["changes"] >= 1
    assert ok(cli(node_app, "import", str(first)))["pulled"]["applied"] >= 1
    return {"node": node, "coordinator": coordinator, "folder": tmp_path}


def _file_report_on_node(node_app, **figures):
    with on(node_app):
        node = db.session.scalar(select(Node).where(Node.code == "NODE1"))
        local = factories.user("coordinator", node=node, email="local@node1.example")
        report, _ = quarterly.save_report(local, node, Quarter(2025, 1), {"scenes_received": 12, **figures})
        quarterly.submit_report(local, report)
        db.session.commit()
        return report.uid


def _hub_report(uid):
    db.session.expire_all()
    return db.session.scalar(select(QuarterlyReport).where(QuarterlyReport.uid == uid))


def _node_report(node_app, uid):
    with on(node_app):
        report = db.session.scalar(select(QuarterlyReport).where(QuarterlyReport.uid == uid))
        return report.status.value, report.review_comment, report.scenes_received


def test_round_trip_node_to_hub_and_back(app, node_app, pair):
    folder = pair["folder"]
    uid = _file_report_on_node(node_app)
    up = folder / "up.bundle"
    assert ok(cli(node_app, "export", "--out", str(up)))["changes"] == 1
    answer = ok(cli(app, "import", str(up)))
    assert answer["pushed"]["applied"] == 1 and answer["from"] == "NODE1"
    report = _hub_report(uid)
    assert report.status.value == "submitted" and report.scenes_received == 12
    from app.audit.models import AuditEvent

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.record_type == "quarterly_reports")
                              .order_by(AuditEvent.id.desc()))
    assert event.face == "sync" and event.user_id == pair["coordinator"].id  # as the node's coordinator

    staff = factories.user("secretariat")
    quarterly.return_report(staff, report, "Add the users figures.")
    db.session.commit()
    down = folder / "down.bundle"
    ok(cli(app, "export", "--for", "NODE1", "--out", str(down)))
    pulled = ok(cli(node_app, "import", str(down)))
    assert pulled["pulled"]["applied"] >= 1 and pulled["acknowledged"] > 0
    assert _node_report(node_app, uid) == ("returned", "Add the users figures.", 12)
    with on(node_app):  # the hub acknowledged the node's changes: nothing waits any more
        assert ok(cli(node_app, "status"))["pending"] == 0

    # The same bundle again applies nothing, on both sides.
    again = ok(cli(node_app, "import", str(down)))
    assert again["status"] == "already imported"
    assert ok(cli(app, "import", str(up)))["status"] == "already imported"
    assert _hub_report(uid).status.value == "returned"


def test_a_nodes_trainees_and_contributions_travel_too(app, node_app, pair):
    from decimal import Decimal

    from app.capacity.models import Trainee
    from app.nodes.contributions import services as contributions

    with on(node_app):
        node = db.session.scalar(select(Node).where(Node.code == "NODE1"))
        local = factories.user("coordinator", node=node, email="local@node1.example")
        trainee = factories.trainee(local, host=node.host_organization, node_id=node.id)
        money = contributions.create_contribution(local, {
            "organization_id": node.host_organization_id, "node_id": node.id, "year": 2025, "kind": "financial",
            "status": "received", "amount": Decimal("1234.50"), "currency": "USD"})
        db.session.commit()
        uids = {trainee.uid, money.uid}
    up = pair["folder"] / "up.bundle"
    ok(cli(node_app, "export", "--out", str(up)))
    answer = ok(cli(app, "import", str(up)))
    assert answer["pushed"]["applied"] == 2, answer
    from app.nodes.contributions.models import Contribution

    held = {r.uid for r in db.session.scalars(select(Trainee))} | {
        r.uid for r in db.session.scalars(select(Contribution))}
    assert uids <= held


def test_the_same_changes_in_a_later_bundle_are_not_applied_twice(app, node_app, pair):
    folder = pair["folder"]
    uid = _file_report_on_node(node_app)
    ok(cli(node_app, "export", "--out", str(folder / "a.bundle")))
    ok(cli(node_app, "export", "--out", str(folder / "b.bundle")))  # the same changes, a new bundle id
    ok(cli(app, "import", str(folder / "a.bundle")))
    version = _hub_report(uid).version
    second = ok(cli(app, "import", str(folder / "b.bundle")))
    assert second["status"] == "imported" and second["pushed"] == {"applied": 0, "conflict": 0, "rejected": 0}
    assert _hub_report(uid).version == version
    assert db.session.scalar(select(func.count()).select_from(QuarterlyReport)) == 1


def _hub_state():
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(QuarterlyReport)),
            sorted((s.name, s.value) for s in db.session.scalars(select(SyncState))))


@pytest.mark.parametrize("where", ["body", "header", "signature", "end"])
def test_a_bundle_with_one_byte_changed_is_refused_whole(app, node_app, pair, where):
    _file_report_on_node(node_app)
    bundle = pair["folder"] / "up.bundle"
    ok(cli(node_app, "export", "--out", str(bundle)))
    content = bytearray(bundle.read_bytes())
    text = content.decode()
    index = {"body": text.index('"scenes_received":12') + len('"scenes_received":1'),
             "header": text.index('"created_at":"') + len('"created_at":"20'),
             "signature": text.index('"signature":"') + len('"signature":"') + 5,
             "end": len(content) - 1}[where]
    content[index] = ord("3") if content[index] != ord("3") else ord("4")
    if where == "end":
        content[index:] = b" }"
    bundle.write_bytes(bytes(content))
    before = _hub_state()
    result = cli(app, "import", str(bundle))
    assert result.exit_code != 0
    assert "Nothing was imported" in result.output or "refused whole" in result.output
    assert _hub_state() == before


def test_a_bundle_signed_by_a_foreign_key_is_refused(app, node_app, pair):
    _file_report_on_node(node_app)
    (pair["folder"] / "node-data" / "sync" / "ed25519.key").unlink()  # the node now signs with another key
    bundle = pair["folder"] / "up.bundle"
    ok(cli(node_app, "export", "--out", str(bundle)))
    before = _hub_state()
    result = cli(app, "import", str(bundle))
    assert result.exit_code != 0 and "signature does not match" in result.output
    assert _hub_state() == before


def test_a_bundle_from_an_untrusted_node_is_refused(app, node_app, pair):
    factories.node("NODE2")
    with on(node_app):
        node_app.config["CSDR_NODE"] = "NODE2"
        try:
            from app.sync import bundles

            host = db.session.scalar(select(Node).where(Node.code == "NODE1")).host_organization_id
            db.session.add(Node(code="NODE2", name="Another", country="LAO", host_organization_id=host))
            db.session.commit()
            content, _ = bundles.export_node()
        finally:
            node_app.config["CSDR_NODE"] = "NODE1"
    bundle = pair["folder"] / "node2.bundle"
    bundle.write_bytes(content)
    result = cli(app, "import", str(bundle))
    assert result.exit_code != 0 and "No key is trusted for NODE2" in result.output


def test_a_bundle_for_another_node_is_refused(app, node_app, pair):
    other = factories.node("NODE2")
    factories.user("coordinator", node=other, email="coord@node2.example")
    with on(node_app):
        from app.sync import bundles

        node2_key = bundles.public_key()  # trusted for NODE2 too, so the hub may answer it
    ok(cli(app, "trust", "--node", "NODE2", "--key", node2_key))
    bundle = pair["folder"] / "for-node2.bundle"
    ok(cli(app, "export", "--for", "NODE2", "--out", str(bundle)))
    with on(node_app):
        before = sorted((s.name, s.value) for s in db.session.scalars(select(SyncState)))
    result = cli(node_app, "import", str(bundle))
    assert result.exit_code != 0 and "NODE2" in result.output and "not for this instance" in result.output
    with on(node_app):
        assert sorted((s.name, s.value) for s in db.session.scalars(select(SyncState))) == before
    # A node's own bundle imported back on a node is refused too.
    mine = pair["folder"] / "mine.bundle"
    ok(cli(node_app, "export", "--out", str(mine)))
    assert cli(node_app, "import", str(mine)).exit_code != 0


def test_a_node_bundle_cannot_write_another_nodes_or_the_hubs_records(app, node_app, pair):
    other = factories.node("NODE2")
    theirs = factories.quarterly_report(other, "2025Q1")
    with on(node_app):
        from app.sync import bundles

        content, _ = bundles.export_node()
    bundle = json.loads(content)
    forged = {"type": "quarterly_report", "uid": theirs.uid, "op": "upsert", "base_version": None,
              "data": {"node_uid": other.uid, "year": 2025, "quarter": 1, "scenes_received": 99}}
    hub_owned = {"type": "node", "uid": other.uid, "op": "upsert", "base_version": None,
                 "data": {"name": "Renamed", "code": "NODE2"}}
    bundle["body"]["changes"] = [forged, hub_owned]
    bundle["body"]["push_to"] = 10**6
    with on(node_app):  # signed by the node's trusted key: only the policy stands in the way
        from app.sync.bundles import _seal

        content = _seal(bundle["header"], bundle["body"])
    path = pair["folder"] / "forged.bundle"
    path.write_bytes(content)
    answer = ok(cli(app, "import", str(path)))
    assert [r["status"] for r in answer["results"]] == ["rejected", "rejected"]
    db.session.expire_all()
    assert db.session.get(QuarterlyReport, theirs.id).scenes_received != 99
    assert db.session.get(Node, other.id).name != "Renamed"


def test_trust_refuses_a_key_that_is_not_one(app):
    factories.user("coordinator", node=factories.node("NODE1"))
    result = cli(app, "trust", "--node", "NODE1", "--key", "not-a-key")
    assert result.exit_code != 0 and "Ed25519" in result.output


def test_export_for_a_node_without_a_trusted_key_is_refused(app, tmp_path):
    factories.node("NODE1")
    result = cli(app, "export", "--for", "NODE1", "--out", str(tmp_path / "x.bundle"))
    assert result.exit_code != 0 and "No key is trusted" in result.output
    assert not (tmp_path / "x.bundle").exists()


def test_the_hub_key_may_come_from_the_settings(app, node_app, tmp_path):
    node = factories.node("NODE1")
    factories.user("coordinator", node=node)
    ok(cli(app, "trust", "--node", "NODE1", "--key", cli(node_app, "key").output.strip()))
    node_app.config["CSDR_HUB_PUBLIC_KEY"] = cli(app, "key").output.strip()
    bundle = tmp_path / "first.bundle"
    ok(cli(app, "export", "--for", "NODE1", "--out", str(bundle)))
    assert ok(cli(node_app, "import", str(bundle)))["status"] == "imported"
    with on(node_app):
        assert db.session.scalar(select(Node).where(Node.code == "NODE1")).uid == node.uid


def test_the_hubs_bundle_carries_the_files_its_changes_name_that_the_node_may_see(app, node_app, pair, make,
                                                                                  monkeypatch):
    from app.agreements.documents import stored_path
    from app.sync.registry import CODECS

    node = pair["node"]
    ours = make.agreement(parties=[node.host_organization, make.organization()])
    theirs = make.agreement()
    our_copy = make.agreement_document(ours, content=b"%PDF-1.4\n% our MOU\n%%EOF\n")
    their_copy = make.agreement_document(theirs, content=b"%PDF-1.4\n% their MOU\n%%EOF\n")
    codec = CODECS["agreement"]
    plain = codec.dump

    def with_documents(user, record):  # as an agreement's documents flowing down name them
        return plain(user, record) | {"documents": [{"sha256": d.sha256} for d in record.documents]}

    monkeypatch.setattr(codec, "dump", with_documents)
    bundle = pair["folder"] / "down.bundle"
    assert ok(cli(app, "export", "--for", "NODE1", "--out", str(bundle)))["files"] == 1  # not the other copy
    ours_sha, theirs_sha = our_copy.sha256, their_copy.sha256
    answer = ok(cli(node_app, "import", str(bundle)))
    assert answer["files"] == 1
    with on(node_app):
        assert stored_path(ours_sha).read_bytes() == b"%PDF-1.4\n% our MOU\n%%EOF\n"
        assert not stored_path(theirs_sha).exists()
        wanted = db.session.get(SyncState, "blobs_wanted")
        assert wanted is None or ours_sha not in (wanted.value or "")


def test_a_record_changed_on_both_sides_between_bundles_is_a_conflict_both_kept(app, node_app, pair):
    from app.sync.models import SyncConflict

    folder = pair["folder"]
    with on(node_app):
        node = db.session.scalar(select(Node).where(Node.code == "NODE1"))
        local = factories.user("coordinator", node=node, email="local@node1.example")
        report, _ = quarterly.save_report(local, node, Quarter(2025, 1), {"scenes_received": 12})
        db.session.commit()
        uid = report.uid
    ok(cli(node_app, "export", "--out", str(folder / "1.bundle")))
    ok(cli(app, "import", str(folder / "1.bundle")))
    ok(cli(app, "export", "--for", "NODE1", "--out", str(folder / "2.bundle")))
    ok(cli(node_app, "import", str(folder / "2.bundle")))
    hub_copy = _hub_report(uid)
    quarterly.save_report(factories.user("secretariat"), pair["node"], Quarter(2025, 1), {"scenes_received": 20},
                          hub_copy.version)  # changed at the hub
    db.session.commit()
    with on(node_app):
        node = db.session.scalar(select(Node).where(Node.code == "NODE1"))
        mine = db.session.scalar(select(QuarterlyReport).where(QuarterlyReport.uid == uid))
        quarterly.save_report(SYSTEM, node, Quarter(2025, 1), {"scenes_received": 15}, mine.version)
        db.session.commit()  # and on the node
    ok(cli(node_app, "export", "--out", str(folder / "3.bundle")))
    answer = ok(cli(app, "import", str(folder / "3.bundle")))
    assert answer["pushed"]["conflict"] == 1
    assert _hub_report(uid).scenes_received == 20
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.uid == uid))
    assert conflict.diff == {"scenes_received": [20, 15]}
