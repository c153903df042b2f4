"""A node applying the hub's changes: applied once, skipped when held, a conflict when changed on both sides."""

from sqlalchemy import func, select

from app.auth.actors import SYSTEM
from app.core.periods import Quarter
from app.extensions import db
from app.nodes.quarterly import services as quarterly
from app.sync import engine
from app.sync import services as sync
from app.sync.models import SyncConflict
from app.sync.registry import CODECS


def _hub_copy(report, version, **changes):
    data = CODECS["quarterly_report"].dump(SYSTEM, report) | changes
    return {"type": "quarterly_report", "uid": report.uid, "version": version, "op": "upsert", "data": data}


def test_a_page_applied_twice_changes_nothing_the_second_time(make):
    report = make.quarterly_report(make.node(), scenes_received=5)
    change = _hub_copy(report, 7, status="returned", review_comment="More, please.")
    assert engine.apply_pulled(change) == "applied"
    db.session.commit()
    version = report.version
    assert report.status.value == "returned" and report.review_comment == "More, please."
    assert engine.apply_pulled(change) == "skipped"
    assert report.version == version


def test_a_record_changed_here_and_at_the_hub_is_a_conflict_both_kept(make):
    node = make.node()
    report = make.quarterly_report(node, scenes_received=5)
    sync.remember_link("quarterly_report", report.uid, 3, report.version)
    quarterly.save_report(SYSTEM, node, Quarter(2025, 1), {"scenes_received": 6}, report.version)  # edited here
    db.session.commit()
    assert engine.apply_pulled(_hub_copy(report, 4, scenes_received=9)) == "conflict"
    db.session.commit()
    assert report.scenes_received == 6
    conflict = db.session.scalar(select(SyncConflict))
    assert conflict.diff == {"scenes_received": [6, 9]} and conflict.remote_version == 4
    # The same change again does not double the conflict.
    engine.apply_pulled(_hub_copy(report, 4, scenes_received=9))
    assert db.session.scalar(select(func.count()).select_from(SyncConflict)) == 1


def test_sync_run_refuses_on_the_hub(runner):
    result = runner.invoke(args=["sync", "run"])
    assert result.exit_code != 0 and "hub" in result.output


def test_sync_status_reports_pending_and_conflicts(runner, make):
    import json

    status = json.loads(runner.invoke(args=["sync", "status"]).output)
    assert status["conflicts"] == 0 and status["last_success"] is None


def test_a_node_instance_loads_no_demo_network(app, runner):
    app.config["CSDR_INSTANCE"] = "node"
    try:
        result = runner.invoke(args=["demo", "load", "--if-empty"])
    finally:
        app.config["CSDR_INSTANCE"] = "hub"
    assert result.exit_code == 0 and "from the hub" in result.output
    from app.nodes.models import Node

    assert db.session.scalar(select(func.count()).select_from(Node)) == 0


def test_pending_items_are_the_newest_state_of_each_own_record_not_what_sync_wrote(make, monkeypatch):
    from flask import g

    from app.audit.recorder import set_face
    from app.sync import bundles

    node, other = make.node(), make.node()
    first = make.quarterly_report(node, "2025Q1", scenes_received=1)
    second = make.quarterly_report(node, "2025Q2", scenes_received=2)
    quarterly.save_report(SYSTEM, node, Quarter(2025, 1), {"scenes_received": 3}, first.version)  # again
    make.quarterly_report(other, "2025Q1", scenes_received=4)  # another node's
    db.session.commit()
    before = (g.get("audit_face"), g.get("audit_user_id"))
    set_face("sync", None)  # what a pull wrote here goes back up with no push
    try:
        make.quarterly_report(node, "2025Q3", scenes_received=5)
    finally:
        g.audit_face, g.audit_user_id = before

    items, versions, last = engine.pending_items(node, 0, whole=True)
    assert [item["uid"] for item in items] == [second.uid, first.uid]  # in the order of their last change
    assert items[1]["data"]["scenes_received"] == 3
    assert versions == {first.uid: ["quarterly_report", first.version],
                        second.uid: ["quarterly_report", second.version]}
    assert engine.pending_items(node, last) == ([], {}, last)

    monkeypatch.setattr(engine, "PAGE", 1)  # `sync run` sends a page, a bundle the whole of it
    items, _, page_end = engine.pending_items(node, 0)
    assert len(items) == 1 and page_end < last
    assert [item["uid"] for item in engine.pending_items(node, 0, whole=True)[0]] == [second.uid, first.uid]
    bundled, start, end = bundles._node_items(node)
    assert (start, end) == (0, last)
    assert [(item["uid"], item["local_version"]) for item in bundled] == [(second.uid, second.version),
                                                                          (first.uid, first.version)]
