"""What flows down (agreements with their documents' metadata, rates, period locks, published reports), what
never leaves the hub, archives both ways, the author of a synced change, and node instances read-only."""

import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app.auth.actors import SYSTEM
from app.extensions import db
from app.sync import engine
from app.sync.registry import CODECS


def _license(licensee, satellites=("GF-2",)):
    return {"licensee_id": licensee.id, "satellites": list(satellites), "product_levels": ["L1"],
            "territory": ["LAO"], "permitted_uses": ["research"]}


def _trainee(node):
    return {"name": "Local trainee", "home_country": "LAO", "node_id": node.id, "start_on": "2024-03-01",
            "host_organization_id": node.host_organization_id}


def _feed(api):
    response = api.get("/api/v1/sync/changes?since=0&limit=500")
    assert response.status_code == 200, response.get_json()
    return {c["uid"]: c for c in response.get_json()["changes"]}


def _push(api, items):
    response = api.post("/api/v1/sync/changes", json={"changes": items},
                        headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"]


@contextmanager
def node_instance(app, code=None):
    before = app.config["CSDR_INSTANCE"], app.config.get("CSDR_NODE")
    app.config.update(CSDR_INSTANCE="node", CSDR_NODE=code)
    try:
        yield
    finally:
        app.config["CSDR_INSTANCE"], app.config["CSDR_NODE"] = before


# --- what flows down, and what never leaves the hub --------------------------------------------------

def test_a_node_pulls_its_hosts_agreements_rates_locks_and_published_reports_only(make, api_as):
    from app.nodes.quarterly import locks

    mine, other = make.node(), make.node()
    ours = make.agreement(parties=[mine.host_organization, make.organization()], kind="data_license",
                          license=_license(mine.host_organization))
    document = make.agreement_document(ours)
    theirs = make.agreement(parties=[other.host_organization, make.organization()])
    make.agreement_document(theirs)
    rate = make.exchange_rate(2025, "EUR", "1.1")
    from app.core.periods import Quarter

    lock = locks.lock_period(SYSTEM, Quarter(2024, 4), "Closed for the annual report")
    db.session.commit()
    published = make.report("annual", 2024, publish=True)
    draft = make.report("annual", 2023)
    other_money = make.contribution(node_id=other.id)
    hub_money = make.contribution()  # tied to no node: not the node's to see either

    feed = _feed(api_as("coordinator", node=mine))
    assert ours.uid in feed and theirs.uid not in feed
    agreement = feed[ours.uid]["data"]
    assert {p["organization_uid"] for p in agreement["parties"]} >= {mine.host_organization.uid}
    assert agreement["license"]["licensee_uid"] == mine.host_organization.uid
    assert agreement["license"]["satellites"] == ["GF-2"]
    assert agreement["documents"] == [{"title": document.title, "version": 1, "filename": "signed.pdf",
                                       "size": document.size, "sha256": document.sha256,
                                       "content_type": "application/pdf",
                                       "uploaded_at": document.uploaded_at.isoformat()}]
    assert feed[rate.uid]["data"]["rate"] == "1.10000000"
    assert feed[lock.uid]["data"] | {"locked_at": None} == {"uid": lock.uid, "year": 2024, "quarter": 4,
                                                           "reason": "Closed for the annual report",
                                                           "locked_at": None}
    report = feed[published.uid]["data"]
    assert report["pdf_sha256"] == published.pdf_sha256 and report["status"] == "published"
    assert report["kind"] == "annual" and report["period"] == "2024" and report["published_at"]
    assert "snapshot_json" not in report
    assert draft.uid not in feed and other_money.uid not in feed and hub_money.uid not in feed
    # The secretariat's own feed holds everything.
    assert {theirs.uid, draft.uid, other_money.uid} <= set(_feed(api_as("secretariat")))


def test_a_nodes_feed_holds_no_documents_of_an_agreement_its_host_only_observes_as_a_licensee(make, api_as):
    mine = make.node()
    other = make.organization()
    lic = make.agreement(parties=[other, make.organization()], kind="data_license",
                         license=_license(mine.host_organization))
    make.agreement_document(lic)
    data = _feed(api_as("coordinator", node=mine))[lic.uid]["data"]
    assert data["license"]["licensee_uid"] == mine.host_organization.uid
    assert data["documents"] == []  # the documents stay with the parties


def _fresh(change: dict, **data) -> dict:
    """The hub's copy of a record this instance does not hold yet (a new uid)."""
    return change | {"uid": str(uuid.uuid4()), "data": change["data"] | data}


def _dumped(type_, record):
    return {"type": type_, "uid": record.uid, "version": getattr(record, "version", 1), "op": "upsert",
            "data": CODECS[type_].dump(SYSTEM, record)}


def test_a_node_applies_an_agreement_with_its_parties_license_and_documents(make):
    from app.agreements.models import Agreement

    host = make.organization()
    agreement = make.agreement(parties=[host, make.organization()], kind="data_license",
                               license=_license(host, ["GF-1"]))
    make.agreement_document(agreement)
    change = _fresh(_dumped("agreement", agreement), reference="AGR-NEW")
    assert engine.apply_pulled(change) == "applied"
    db.session.commit()
    copy = db.session.scalar(select(Agreement).where(Agreement.uid == change["uid"]))
    assert copy.reference == "AGR-NEW" and copy.kind.value == "data_license"
    assert copy.party_organization_ids == agreement.party_organization_ids
    assert copy.license.licensee_id == host.id and copy.license.satellites == ["GF-1"]
    assert [(d.filename, d.sha256, d.size) for d in copy.documents] == \
        [(d.filename, d.sha256, d.size) for d in agreement.documents]
    assert engine.apply_pulled(change) == "skipped"  # held: nothing twice
    assert len(copy.documents) == 1


def test_a_node_applies_rates_locks_and_published_reports(make):
    from app.core.periods import Quarter
    from app.nodes.contributions.models import ExchangeRate
    from app.nodes.quarterly import locks
    from app.nodes.quarterly.models import PeriodLock
    from app.reports.models import Report

    rate = _fresh(_dumped("exchange_rate", make.exchange_rate(2025, "EUR", "1.1")), year=2026)
    lock = locks.lock_period(SYSTEM, Quarter(2024, 4))
    db.session.commit()
    lock_change = _fresh(_dumped("period_lock", lock), year=2023)
    report = _fresh(_dumped("report", make.report("annual", 2024, publish=True)), version=2)
    for change in (rate, lock_change, report):
        assert engine.apply_pulled(change) == "applied", change["type"]
    db.session.commit()
    assert db.session.scalar(select(ExchangeRate).where(ExchangeRate.uid == rate["uid"])).year == 2026
    assert locks.is_locked(Quarter(2023, 4))
    assert db.session.scalar(select(PeriodLock).where(PeriodLock.uid == lock_change["uid"])).quarter == 4
    copy = db.session.scalar(select(Report).where(Report.uid == report["uid"]))
    assert copy.is_published and copy.version == 2 and copy.pdf_sha256 == report["data"]["pdf_sha256"]


def test_a_change_naming_a_record_further_down_the_page_is_applied_after_it(make, monkeypatch):
    """An agreement whose party comes later in the same page is applied once the party is held."""
    from app.agreements.models import Agreement
    from app.partners.models import Organization

    party = make.organization()
    agreement = make.agreement(parties=[party, make.organization()])
    org_change = _fresh(_dumped("organization", party), name="Brand new partner")
    agreement_change = _fresh(_dumped("agreement", agreement), reference="AGR-LATER")
    agreement_change["data"]["parties"][0]["organization_uid"] = org_change["uid"]
    page = {"changes": [agreement_change, org_change], "cursor": 99, "more": False}
    monkeypatch.setattr(engine, "_request", lambda *_a, **_k: page)
    counts = engine.pull()
    assert counts["applied"] == 2 and counts["rejected"] == 0
    copy = db.session.scalar(select(Agreement).where(Agreement.uid == agreement_change["uid"]))
    new_party = db.session.scalar(select(Organization).where(Organization.uid == org_change["uid"]))
    assert new_party.id in copy.party_organization_ids


# --- archives both ways ------------------------------------------------------------------------------

def test_an_archive_from_the_hub_archives_here_once_and_a_restore_restores(make):
    org = make.organization()
    held = _dumped("organization", org)
    assert engine.apply_pulled(held | {"version": 50}) == "applied"
    db.session.commit()
    # The hub archived it: the change comes as op archive, with a newer version.
    change = held | {"op": "archive", "version": 51}
    assert engine.apply_pulled(change) == "applied"
    db.session.commit()
    archived_at = org.archived_at
    assert archived_at is not None
    assert engine.apply_pulled(change) == "skipped" and org.archived_at == archived_at
    assert engine.apply_pulled(held | {"version": 52}) == "applied"  # brought back on the hub
    assert org.archived_at is None


def test_a_node_archives_its_trainee_on_the_hub_and_nothing_else(make, api_as):
    from app.capacity.models import Trainee

    mine, other = make.node(), make.node()
    trainee, theirs = make.trainee(node_id=mine.id), make.trainee(node_id=other.id)
    contribution = make.contribution(node_id=mine.id)
    api = api_as("coordinator", node=mine)
    item = {"type": "trainee", "uid": trainee.uid, "op": "archive", "base_version": trainee.version,
            "data": CODECS["trainee"].dump(SYSTEM, trainee)}
    forged = [item | {"uid": theirs.uid, "base_version": theirs.version},
              {"type": "contribution", "uid": contribution.uid, "op": "archive", "base_version": contribution.version,
               "data": CODECS["contribution"].dump(SYSTEM, contribution)},
              item | {"op": "delete"}]
    results = _push(api, [*forged, item])
    assert [r["status"] for r in results] == ["rejected", "rejected", "rejected", "applied"], results
    db.session.expire_all()
    assert db.session.get(Trainee, trainee.id).archived_at is not None
    assert db.session.get(Trainee, theirs.id).archived_at is None
    again = _push(api, [item | {"base_version": results[-1]["version"]}])[0]
    assert again["status"] == "applied" and again["version"] == results[-1]["version"]  # nothing twice


# --- forged items of the new types --------------------------------------------------------------------

def test_a_node_cannot_write_hub_owned_types_nor_move_a_record_to_another_node(make, api_as):
    from app.capacity.models import Trainee

    mine, other = make.node(), make.node()
    host = mine.host_organization
    agreement = make.agreement(parties=[host, make.organization()])
    rate = make.exchange_rate(2025, "EUR", "1.1")
    trainee = make.trainee(node_id=mine.id)
    api = api_as("coordinator", node=mine)
    forged = [
        {"type": "agreement", "uid": agreement.uid, "op": "upsert", "base_version": agreement.version,
         "data": CODECS["agreement"].dump(SYSTEM, agreement) | {"title": "Ours now"}},
        {"type": "exchange_rate", "uid": rate.uid, "op": "upsert", "data": {"rate": "9"}},
        {"type": "period_lock", "uid": str(uuid.uuid4()), "op": "archive", "data": {"year": 2024, "quarter": 1}},
        {"type": "report", "uid": str(uuid.uuid4()), "op": "upsert", "data": {"kind": "annual"}},
        {"type": "trainee", "uid": trainee.uid, "op": "upsert", "base_version": trainee.version,
         "data": CODECS["trainee"].dump(SYSTEM, trainee) | {"node_uid": other.uid}},
    ]
    results = _push(api, forged)
    assert [r["status"] for r in results] == ["rejected"] * 5, results
    db.session.expire_all()
    assert agreement.title == "An agreement" and str(rate.rate).startswith("1.1")
    assert db.session.get(Trainee, trainee.id).node_id == mine.id


# --- the author of a synced change ----------------------------------------------------------------------

def test_a_synced_change_names_its_author_on_the_node(make, api_as, user_factory, client, login_as):
    from app.audit.models import AuditEvent

    node = make.node(code="LA")
    coordinator = user_factory("coordinator", node=node)
    trainee = make.trainee(node_id=node.id)
    item = {"type": "trainee", "uid": trainee.uid, "op": "upsert", "base_version": trainee.version,
            "data": CODECS["trainee"].dump(SYSTEM, trainee) | {"name": "Renamed on the node"},
            "author": {"name": "Noy Phommachanh", "email": "noy@la.example.org"}}
    assert _push(api_as(coordinator), [item])[0]["status"] == "applied"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == "trainees")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.face == "sync" and event.user_id == coordinator.id
    assert event.author == "Noy Phommachanh <noy@la.example.org>" and event.author_node == "LA"
    # Later changes on the hub name no node author.
    make.organization()
    assert db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first().author is None
    login_as("secretariat")
    page = client.get(f"/trainees/{trainee.id}").get_data(as_text=True)
    assert "by Noy Phommachanh &lt;noy@la.example.org&gt; on node LA, via sync" in page


def test_the_node_sends_who_changed_the_record_with_it(make, user_factory, api_as):
    from app.capacity import services as capacity
    from app.capacity.models import Trainee
    from app.sync import services as sync

    node = make.node()
    coordinator = user_factory("coordinator", node=node, email="maly@la.example.org")
    created = api_as(coordinator).post("/api/v1/trainees", json=_trainee(node))
    trainee = db.session.get(Trainee, created.get_json()["id"])
    assert sync.author_of(trainee) == {"name": coordinator.name, "email": "maly@la.example.org"}
    capacity.archive_trainee(SYSTEM, trainee)
    db.session.commit()
    assert sync.op_of(trainee) == "archive"


def test_the_feed_names_who_made_a_change_on_the_hub_and_nothing_more(make, api_as, user_factory, client,
                                                                        login_as):
    from app.audit.recorder import set_author
    from app.partners import services as partners
    from app.partners.models import Organization
    from app.sync import services as sync

    staff = user_factory("secretariat", email="ana@hub.example.org")
    made = api_as(staff).post("/api/v1/organizations", json={"name": "Named", "country": "LAO", "kind": "ngo"})
    named = db.session.get(Organization, made.get_json()["id"])
    quiet = make.organization(name="Made by a command")
    node = make.node()
    coordinator = user_factory("coordinator", node=node)
    trainee = make.trainee(node_id=node.id)
    item = {"type": "trainee", "uid": trainee.uid, "op": "upsert", "base_version": trainee.version,
            "data": CODECS["trainee"].dump(SYSTEM, trainee) | {"name": "Renamed on the node"},
            "author": {"name": "Noy Phommachanh", "email": "noy@la.example.org"}}
    assert _push(api_as(coordinator), [item])[0]["status"] == "applied"
    authors = {change["uid"]: change["author"] for change in sync.changes_since(coordinator, 0, 500)[0]}
    assert authors[named.uid] == {"name": staff.name}  # no address goes down
    assert authors[quiet.uid] is None and authors[trainee.uid] is None  # a command's; the node's own
    # On a node, the change applied by sync names the hub's author in the record's history.
    set_author(f"{staff.name} (hub)")
    try:
        partners.update_organization(SYSTEM, named, {"name": "Renamed at the hub"}, named.version)
        db.session.commit()
    finally:
        set_author(None)
    login_as("secretariat")
    page = client.get(f"/organizations/{named.id}").get_data(as_text=True)
    assert f"by {staff.name} (hub), via sync" in page and "on node –" not in page


# --- node instances: what the hub owns is read-only ---------------------------------------------------

def test_on_a_node_instance_nobody_edits_what_the_hub_owns(app, make, api_as, client, login_as):
    node = make.node()
    org = make.organization()
    agreement = make.agreement()
    staff = api_as("secretariat")
    coordinator = api_as("coordinator", node=node)
    with node_instance(app, node.code):
        assert staff.post("/api/v1/organizations",
                          json={"name": "Local", "country": "LAO", "kind": "ngo"}).status_code == 403
        assert staff.patch(f"/api/v1/organizations/{org.id}",
                         json={"name": "Renamed", "version": org.version}).status_code == 403
        assert staff.patch(f"/api/v1/agreements/{agreement.id}",
                         json={"title": "Renamed", "version": agreement.version}).status_code == 403
        assert staff.put("/api/v1/period-locks/2024Q4", json={}).status_code == 403
        # What the node owns stays its own to write.
        created = coordinator.post("/api/v1/trainees", json=_trainee(node))
        assert created.status_code == 201, created.get_json()
        login_as("secretariat")
        assert client.get("/organizations/new").status_code == 403
        assert client.get(f"/organizations/{org.id}/edit").status_code == 403
        assert client.get("/contributions/rates").status_code == 403
        page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
        assert f"/agreements/{agreement.id}/edit" not in page
    # The hub itself is unchanged.
    assert staff.put("/api/v1/period-locks/2024Q4", json={}).status_code == 200


def test_the_sync_applies_hub_records_on_a_node_instance(app, make):
    with node_instance(app):
        org = make.organization()
        change = _fresh(_dumped("organization", org), name="From the hub")
        assert engine.apply_pulled(change) == "applied"
    from app.partners.models import Organization

    assert db.session.scalar(select(func.count()).select_from(Organization)
                             .where(Organization.uid == change["uid"])) == 1


# --- period locks -----------------------------------------------------------------------------------

def test_a_closed_quarter_refuses_report_changes_until_opened(make, api_as):
    node = make.node()
    report = make.quarterly_report(node, "2025Q1", scenes_received=1)
    staff = api_as("secretariat")
    assert api_as("coordinator", node=node).put("/api/v1/period-locks/2025Q1", json={}).status_code == 403
    locked = staff.put("/api/v1/period-locks/2025Q1", json={"reason": "Annual report"})
    assert locked.status_code == 200 and locked.get_json()["quarter"] == "2025Q1"
    assert [lock["quarter"] for lock in staff.get("/api/v1/period-locks").get_json()["items"]] == ["2025Q1"]
    refused = staff.put(f"/api/v1/nodes/{node.code}/reports/2025Q1",
                        json={"scenes_received": 2, "version": report.version})
    assert refused.status_code == 409 and "quarter" in refused.get_json()["error"]["fields"]
    assert staff.delete("/api/v1/period-locks/2025Q1").status_code == 204
    assert staff.delete("/api/v1/period-locks/2025Q1").status_code == 404
    opened = staff.put(f"/api/v1/nodes/{node.code}/reports/2025Q1",
                       json={"scenes_received": 2, "version": report.version})
    assert opened.status_code == 200, opened.get_json()
    assert staff.get("/api/v1/period-locks").get_json()["items"] == []
    assert staff.put("/api/v1/period-locks/2025Q9", json={}).status_code == 404


# --- the navbar -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("instance", "role", "shown"), [
    ("hub", "secretariat", True), ("hub", "coordinator", False), ("hub", "board", False),
    ("node", "coordinator", True), ("node", "board", True)])
def test_the_navbar_links_to_the_sync_page(app, make, client, login_as, instance, role, shown):
    node = make.node()
    login_as(role, node=node if role == "coordinator" else None)
    with node_instance(app, node.code) if instance == "node" else _nothing():
        page = client.get("/").get_data(as_text=True)
        assert ('id="nav-sync"' in page) is shown
        if shown:
            assert client.get("/sync").status_code == 200


@contextmanager
def _nothing():
    yield


def test_the_hub_page_shows_what_each_node_last_sent_and_the_node_page_its_own_state(app, make, api_as, client,
                                                                                     login_as):
    node = make.node(code="LA")
    make.node(code="KH")  # a node that sent nothing yet
    trainee = make.trainee(node_id=node.id)
    item = {"type": "trainee", "uid": trainee.uid, "op": "upsert", "base_version": trainee.version,
            "data": CODECS["trainee"].dump(SYSTEM, trainee) | {"name": "Renamed on the node"}}
    assert _push(api_as("coordinator", node=node), [item])[0]["status"] == "applied"
    login_as("secretariat")
    page = client.get("/sync").get_data(as_text=True)
    table = page[page.index('id="sync-nodes"'):]
    la, kh = table.index("LA ·"), table.index("KH ·")
    assert "never" not in table[la:table.index("</tr>", la)] and "never" in table[kh:table.index("</tr>", kh)]
    assert 'id="sync-state"' not in page
    with node_instance(app, node.code):
        page = client.get("/sync").get_data(as_text=True)
    assert 'id="sync-state"' in page and 'id="sync-nodes"' not in page


def test_a_trainee_archived_here_and_not_yet_sent_is_not_brought_back_by_the_hubs_copy(make):
    from app.capacity import services as capacity
    from app.sync import services as sync

    trainee = make.trainee(node_id=make.node().id)
    hub_copy = _dumped("trainee", trainee) | {"version": 7}
    sync.remember_link("trainee", trainee.uid, 6, trainee.version)
    capacity.archive_trainee(SYSTEM, trainee)  # archived on the node, not pushed yet
    db.session.commit()
    assert engine.apply_pulled(hub_copy) == "applied"
    assert trainee.archived_at is not None


def test_a_published_report_whose_pdf_has_not_come_yet_is_a_404_not_a_500(make, api_as):
    from app.reports.models import Report

    change = _fresh(_dumped("report", make.report("annual", 2024, publish=True)), version=3,
                    pdf_sha256="0" * 64)
    assert engine.apply_pulled(change) == "applied"
    db.session.commit()
    copy = db.session.scalar(select(Report).where(Report.uid == change["uid"]))
    response = api_as("board").get(f"/api/v1/reports/{copy.id}/pdf")
    assert response.status_code == 404 and "next sync" in response.get_json()["error"]["message"]
