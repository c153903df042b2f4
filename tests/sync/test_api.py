"""The sync API: the feed as a token may read it, and a node's batch applied, kept as a conflict, or refused."""

import uuid

from sqlalchemy import func, select

from app.extensions import db
from app.nodes.quarterly.models import QuarterlyReport
from app.sync.models import SyncConflict


def _feed(api, since=0):
    response = api.get(f"/api/v1/sync/changes?since={since}&limit=500")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _report_item(node, uid=None, base=None, **fields):
    data = {"node_uid": node.uid, "year": 2025, "quarter": 1, "status": "draft", "scenes_received": 10} | fields
    return {"type": "quarterly_report", "uid": uid or str(uuid.uuid4()), "base_version": base, "op": "upsert",
            "data": data}


def _push(api, items, key=None):
    return api.post("/api/v1/sync/changes", json={"changes": items},
                    headers={"Idempotency-Key": key or str(uuid.uuid4())})


def test_a_coordinator_reads_the_registry_and_its_own_node_only(make, api_as):
    mine, other = make.node(), make.node()
    own_report = make.quarterly_report(mine, "2025Q1")
    other_report = make.quarterly_report(other, "2025Q1", status="accepted")
    other_money = make.contribution(node_id=other.id)
    feed = _feed(api_as("coordinator", node=mine))
    uids = {c["uid"] for c in feed["changes"]}
    assert own_report.uid in uids and mine.uid in uids and other.uid in uids  # the registry flows down
    assert other_report.uid not in uids and other_money.uid not in uids
    report = next(c for c in feed["changes"] if c["uid"] == own_report.uid)
    assert report["data"]["node_uid"] == mine.uid and report["op"] == "upsert"
    assert feed["more"] is False and feed["cursor"] >= max(c["seq"] for c in feed["changes"])
    assert _feed(api_as("coordinator", node=mine), since=feed["cursor"])["changes"] == []


def test_the_cursor_pages_through_the_feed(make, api_as):
    for _ in range(3):
        make.organization()
    api = api_as("secretariat")
    first = api.get("/api/v1/sync/changes?since=0&limit=1").get_json()
    assert first["more"] is True and len(first["changes"]) == 1
    rest = _feed(api, first["cursor"])
    assert first["changes"][0]["uid"] not in {c["uid"] for c in rest["changes"]}


def test_people_without_a_node_do_not_sync(api_as):
    assert api_as("board").get("/api/v1/sync/changes").status_code == 403


def test_a_node_files_and_submits_through_sync(make, api_as):
    node = make.node()
    api = api_as("coordinator", node=node)
    item = _report_item(node, status="submitted", highlights="Good quarter")
    result = _push(api, [item]).get_json()["results"][0]
    assert result["status"] == "applied", result
    report = db.session.scalar(select(QuarterlyReport).where(QuarterlyReport.uid == item["uid"]))
    assert report.status.value == "submitted" and report.highlights == "Good quarter"
    assert result["version"] == report.version


def test_a_replayed_batch_applies_nothing_twice(make, api_as):
    node = make.node()
    api = api_as("coordinator", node=node)
    item = _report_item(node)
    first = _push(api, [item], key="batch-1")
    again = _push(api, [item], key="batch-1")
    assert again.headers.get("Idempotent-Replayed") == "true" and again.get_json() == first.get_json()
    other_key = _push(api, [item], key="batch-2").get_json()["results"][0]
    assert other_key["status"] == "applied" and other_key["version"] == first.get_json()["results"][0]["version"]
    assert db.session.scalar(select(func.count()).select_from(QuarterlyReport)) == 1


def test_forged_items_are_rejected_and_write_nothing(make, api_as):
    mine, other = make.node(), make.node()
    other_report = make.quarterly_report(other, "2025Q2")
    api = api_as("coordinator", node=mine)
    forged = [
        _report_item(other),                                                       # another node
        {"type": "organization", "uid": str(uuid.uuid4()), "op": "upsert",
         "data": {"name": "Mine now", "country": "FRA", "kind": "ngo"}},            # a hub-owned type
        _report_item(mine, uid=other_report.uid, base=other_report.version, quarter=2),  # another node's uid
        {"type": "nonsense", "uid": str(uuid.uuid4()), "data": {}},
        "not an object",
    ]
    good = _report_item(mine)
    results = _push(api, [*forged, good]).get_json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * 5 + ["applied"]
    assert all(r["errors"] for r in results[:5])
    db.session.expire_all()
    assert other_report.scenes_received is None
    assert db.session.scalar(select(func.count()).select_from(QuarterlyReport)) == 2  # other's + the good one


def test_a_change_made_on_both_sides_is_a_conflict_with_both_kept(make, api_as):
    node = make.node()
    api = api_as("coordinator", node=node)
    item = _report_item(node, scenes_received=10)
    base = _push(api, [item]).get_json()["results"][0]["version"]
    # The hub's copy changes (say the secretariat corrects it)…
    staff = api_as("secretariat")
    assert staff.put(f"/api/v1/nodes/{node.code}/reports/2025Q1",
                     json={"scenes_received": 20, "version": base}).status_code == 200
    # …and the node, which last saw `base`, sends its own edit.
    stale = _report_item(node, uid=item["uid"], base=base, scenes_received=30)
    result = _push(api, [stale]).get_json()["results"][0]
    assert result["status"] == "conflict"
    db.session.expire_all()
    report = db.session.scalar(select(QuarterlyReport).where(QuarterlyReport.uid == item["uid"]))
    assert report.scenes_received == 20  # nothing overwritten
    conflict = db.session.scalar(select(SyncConflict))
    assert conflict.uid == item["uid"] and conflict.node_id == node.id
    assert conflict.local_data["scenes_received"] == 20 and conflict.remote_data["scenes_received"] == 30
    assert conflict.diff == {"scenes_received": [20, 30]}


def test_a_push_needs_an_idempotency_key(make, api_as):
    node = make.node()
    response = api_as("coordinator", node=node).post("/api/v1/sync/changes", json={"changes": []})
    assert response.status_code == 400 and "Idempotency-Key" in response.get_json()["error"]["fields"]


def test_a_synced_change_is_audited_with_the_face_sync(make, api_as, user_factory):
    from app.audit.models import AuditEvent

    node = make.node()
    coordinator = user_factory("coordinator", node=node)
    item = _report_item(node)
    assert _push(api_as(coordinator), [item]).get_json()["results"][0]["status"] == "applied"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == "quarterly_reports")).all()
    assert events and all(e.face == "sync" and e.user_id == coordinator.id for e in events)
