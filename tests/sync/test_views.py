"""The sync page: state, conflicts with both versions, resolved by choosing a side."""

from app.extensions import db
from app.sync.models import SyncConflict


def _conflict(report):
    conflict = SyncConflict(type="quarterly_report", uid=report.uid, node_id=report.node_id,
                            local_version=report.version, local_data={"scenes_received": 20},
                            remote_version=report.version - 1,
                            remote_data={"node_uid": report.node.uid, "year": 2025, "quarter": 1,
                                         "scenes_received": 30},
                            diff={"scenes_received": [20, 30]})
    db.session.add(conflict)
    db.session.commit()
    return conflict


def test_the_page_shows_a_conflict_with_both_versions(make, client, login_as):
    node = make.node()
    _conflict(make.quarterly_report(node, scenes_received=20))
    login_as("coordinator", node=node)
    page = client.get("/sync").get_data(as_text=True)
    assert "Scenes received" in page and ">20<" in page and ">30<" in page
    assert "scenes_received" not in page  # labelled, not a raw field name


def test_a_coordinator_does_not_see_another_nodes_conflicts(make, client, login_as):
    _conflict(make.quarterly_report(make.node(), scenes_received=20))
    login_as("coordinator", node=make.node())
    assert 'id="no-conflicts"' in client.get("/sync").get_data(as_text=True)


def test_choosing_the_other_side_applies_it(make, client, login_as):
    node = make.node()
    report = make.quarterly_report(node, scenes_received=20)
    conflict = _conflict(report)
    login_as("secretariat")
    response = client.post(f"/sync/conflicts/{conflict.id}/resolve", data={"side": "remote"})
    assert response.status_code == 302
    db.session.expire_all()
    assert report.scenes_received == 30 and conflict.resolved_at is not None and conflict.resolution == "remote"


def test_keeping_this_side_changes_nothing_and_no_side_is_refused(make, client, login_as):
    report = make.quarterly_report(make.node(), scenes_received=20)
    conflict = _conflict(report)
    login_as("secretariat")
    client.post(f"/sync/conflicts/{conflict.id}/resolve", data={"side": "sideways"})
    db.session.expire_all()
    assert conflict.resolved_at is None
    client.post(f"/sync/conflicts/{conflict.id}/resolve", data={"side": "local"})
    db.session.expire_all()
    assert report.scenes_received == 20 and conflict.resolution == "local"


def test_the_sync_job_does_nothing_on_the_hub(app):
    from app.jobs.sync import _slot

    assert _slot(None, None) is None
