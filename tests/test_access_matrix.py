"""Deny by default, and the role × route matrix over every route of the app.

Every (endpoint, method) must be listed in EXPECTED below: a new route without an entry
fails `test_every_route_is_in_the_matrix`, so access is decided, not assumed.
"""

import pytest

from app.auth.models import Role

ROLES = ("admin", "secretariat", "coordinator", "board")
OK = "ok"  # passed the policy: any status except 401/403/404/405/5xx
ALL = dict.fromkeys(ROLES, OK)
STAFF = {"admin": OK, "secretariat": OK, "coordinator": 403, "board": 403}
ADMIN = {"admin": OK, "secretariat": 403, "coordinator": 403, "board": 403}

PUBLIC = {"static", "bootstrap.static", "main.healthz", "main.favicon", "auth.login", "api.openapi",
          "assets.plotly_js", "assets.plotly_stylesheet"}  # old URLs of the vendored plotly.js
PUBLIC |= {"reports.progress", "reports.public_pdf"}  # the public progress page
PUBLIC |= {"auth.language"}  # the language switch: visitors too (a cookie), signed-in users (their account)
PUBLIC |= {"assets.topojson"}  # the map data plotly.js fetches, a static file under its fingerprint
PUBLIC |= {"help.index"}  # the help page and glossary: a visitor may need them before signing in

# (endpoint, method) -> expected outcome per role. URLs point at records of ANOTHER node
# than the coordinator's, and at records no coordinator owns.
EXPECTED = {
    ("main.home", "GET"): ALL,
    ("auth.logout", "POST"): ALL,
    ("auth.profile", "GET"): ALL,
    ("auth.change_password", "POST"): ALL,
    ("auth.create_token", "POST"): ALL,
    ("auth.preferences", "POST"): ALL,
    ("auth.revoke_token", "POST"): {"admin": OK, "secretariat": 404, "coordinator": 404, "board": 404},
    ("auth.users", "GET"): ADMIN,
    ("auth.users", "POST"): ADMIN,
    ("auth.user_detail", "GET"): ADMIN,
    ("auth.user_detail", "POST"): ADMIN,
    ("auth.set_active", "POST"): ADMIN,
    ("audit.index", "GET"): STAFF,
    ("partners.organizations", "GET"): ALL,
    ("partners.organization", "GET"): ALL,
    ("partners.new_organization", "GET"): STAFF,
    ("partners.new_organization", "POST"): STAFF,
    ("partners.edit_organization", "GET"): STAFF,
    ("partners.edit_organization", "POST"): STAFF,
    ("partners.archive_organization", "POST"): STAFF,
    ("partners.people", "GET"): ALL,
    ("partners.person", "GET"): ALL,
    ("partners.new_person", "GET"): STAFF,
    ("partners.new_person", "POST"): STAFF,
    ("partners.edit_person", "GET"): STAFF,
    ("partners.edit_person", "POST"): STAFF,
    ("partners.archive_person", "POST"): STAFF,
    ("nodes.index", "GET"): ALL,
    ("nodes.detail", "GET"): ALL,
    ("nodes.new", "GET"): STAFF,
    ("nodes.new", "POST"): STAFF,
    ("nodes.edit", "GET"): STAFF,
    ("nodes.edit", "POST"): STAFF,
    ("nodes.archive", "POST"): STAFF,
    ("notifications.index", "GET"): ALL,
    ("notifications.read", "POST"): dict.fromkeys(ROLES, 404),  # another user's notice
    ("notifications.read_all", "POST"): ALL,
    ("notifications.preferences", "GET"): ALL,
    ("notifications.preferences", "POST"): ALL,
    ("jobs.index", "GET"): ADMIN,
}
# Reports: the URLs point at a draft, which only staff may see.
HIDDEN = {"admin": OK, "secretariat": OK, "coordinator": 404, "board": 404}
EXPECTED |= {
    ("reports.index", "GET"): ALL, ("reports.generate", "GET"): STAFF, ("reports.generate", "POST"): STAFF,
    ("reports.detail", "GET"): HIDDEN, ("reports.regenerate", "POST"): HIDDEN, ("reports.publish", "POST"): HIDDEN,
    ("reports.summary", "POST"): HIDDEN, ("api.report_summary", "PUT"): HIDDEN,
    ("reports.correct", "POST"): HIDDEN, ("reports.pdf", "GET"): HIDDEN, ("reports.data", "GET"): HIDDEN,
    ("reports.xlsx", "GET"): HIDDEN, ("reports.csv", "GET"): HIDDEN,
    ("reports.dashboard", "GET"): ALL, ("reports.dashboard_data", "GET"): ALL,
    ("api.reports_list", "GET"): ALL, ("api.reports_item", "GET"): HIDDEN, ("api.reports_generate", "POST"): STAFF,
    ("api.report_publish", "POST"): HIDDEN, ("api.report_pdf", "GET"): HIDDEN, ("api.report_data", "GET"): HIDDEN,
}
STAFF_404 = {"admin": OK, "secretariat": OK, "coordinator": 404, "board": 404}  # confidential to others
EXPECTED |= {
    ("agreements.index", "GET"): ALL,
    ("agreements.export", "GET"): ALL,
    ("agreements.timeline_page", "GET"): ALL,
    ("agreements.new", "GET"): STAFF,
    ("agreements.new", "POST"): STAFF,
    ("agreements.detail", "GET"): ALL,
    ("agreements.edit", "GET"): STAFF,
    ("agreements.edit", "POST"): STAFF,
    ("agreements.renew", "GET"): STAFF,
    ("agreements.renew", "POST"): STAFF,
    ("agreements.terminate", "GET"): STAFF,
    ("agreements.terminate", "POST"): STAFF,
    ("agreements.delete", "POST"): STAFF,
    ("agreements.upload", "POST"): STAFF_404,
    ("agreements.download", "GET"): STAFF_404,
    ("api.agreement_documents", "GET"): STAFF_404,
    ("api.agreement_upload", "POST"): STAFF_404,
    ("api.agreement_document", "GET"): STAFF_404,
    ("api.agreement_renew", "POST"): STAFF,
    ("api.agreement_terminate", "POST"): STAFF,
}
for collection in ("organizations", "people", "nodes", "agreements"):
    EXPECTED |= {
        (f"api.{collection}_list", "GET"): ALL,
        (f"api.{collection}_item", "GET"): ALL,
        (f"api.{collection}_create", "POST"): STAFF,
        (f"api.{collection}_update", "PATCH"): STAFF,
        (f"api.{collection}_delete", "DELETE"): STAFF,
    }


# Capacity building and application cases: coordinators add their own node's trainees,
# events and cases; the world's records belong to another node.
NODE_WRITERS = {"admin": OK, "secretariat": OK, "coordinator": OK, "board": 403}
for blueprint, plural, register_page, detail, new, edit, archive in (
    ("capacity", "trainees", "trainees", "trainee", "new_trainee", "edit_trainee", "archive_trainee"),
    ("capacity", "events", "events", "event", "new_event", "edit_event", "archive_event"),
    ("cases", "cases", "index", "detail", "new", "edit", "archive"),
):
    EXPECTED |= {
        (f"{blueprint}.{register_page}", "GET"): ALL,
        (f"{blueprint}.{detail}", "GET"): ALL,
        (f"{blueprint}.{new}", "GET"): NODE_WRITERS,
        (f"{blueprint}.{new}", "POST"): NODE_WRITERS,
        (f"{blueprint}.{edit}", "GET"): STAFF,
        (f"{blueprint}.{edit}", "POST"): STAFF,
        (f"{blueprint}.{archive}", "POST"): STAFF,
        (f"api.{plural}_list", "GET"): ALL,
        (f"api.{plural}_item", "GET"): ALL,
        (f"api.{plural}_create", "POST"): NODE_WRITERS,
        (f"api.{plural}_update", "PATCH"): STAFF,
        (f"api.{plural}_delete", "DELETE"): STAFF,
    }
EXPECTED |= {
    ("capacity.totals", "GET"): ALL,
    ("cases.coverage", "GET"): ALL,
    ("cases.tag_search", "GET"): ALL,
    ("cases.vocabularies", "GET"): ALL,
    ("cases.vocabulary_page", "GET"): ALL,
    ("api.vocabulary", "GET"): ALL,
    ("api.cases_coverage", "GET"): ALL,
    ("api.case_license", "GET"): ALL,
}


def capacity_world(make, other_node):
    """A trainee, an event and a case of another node, and a vocabulary name, for the matrix's URLs."""
    trainee = make.trainee(node_id=other_node.id)
    event = make.event(node_id=other_node.id)
    case = make.case(node_id=other_node.id)
    return {"trainee_id": trainee.id, "event_id": event.id, "case_id": case.id, "name": "sdg",
            "key": {"trainees": trainee.id, "events": event.id, "cases": case.id}}


STAFF_BOARD = {"admin": OK, "secretariat": OK, "coordinator": 403, "board": OK}
FILERS = {"admin": OK, "secretariat": OK, "coordinator": OK, "board": 403}  # coordinators for their own node
# The world's quarterly report is another node's *submitted* report: invisible to that
# coordinator and to the board (they see accepted reports only).
EXPECTED |= {
    ("api.quarterly_report", "GET"): STAFF_404,
    ("api.quarterly_report_put", "PUT"): STAFF_404,
    ("api.quarterly_report_submit", "POST"): STAFF_404,
    ("api.quarterly_report_accept", "POST"): STAFF_404,
    ("api.quarterly_report_return", "POST"): STAFF_404,
    ("api.quarterly_report_form", "GET"): STAFF_404,
    ("api.quarterly_report_form_upload", "PUT"): STAFF_404,
    ("api.quarterly_report_form_upload", "POST"): STAFF_404,
    ("api.quarterly_reports", "GET"): ALL,
    ("api.quarterly_completeness", "GET"): STAFF_BOARD,
    ("api.contribution_totals", "GET"): ALL,
    ("api.contributions_list", "GET"): ALL,
    ("api.contributions_item", "GET"): ALL,
    ("api.contributions_create", "POST"): FILERS,
    ("api.contributions_update", "PATCH"): STAFF,
    ("api.contributions_delete", "DELETE"): STAFF,
    ("quarterly.index", "GET"): ALL,
    ("quarterly.review", "GET"): STAFF,
    ("quarterly.completeness_matrix", "GET"): STAFF_BOARD,
    ("quarterly.report", "GET"): STAFF_404,
    ("quarterly.edit", "GET"): STAFF_404,
    ("quarterly.edit", "POST"): STAFF_404,
    ("quarterly.submit", "POST"): STAFF_404,
    ("quarterly.accept", "POST"): STAFF_404,
    ("quarterly.send_back", "POST"): STAFF_404,
    ("quarterly.offline_form", "GET"): STAFF_404,
    ("quarterly.offline_upload", "POST"): STAFF_404,
    ("contributions.index", "GET"): ALL,
    ("contributions.new", "GET"): FILERS,
    ("contributions.new", "POST"): FILERS,
    ("contributions.detail", "GET"): ALL,
    ("contributions.edit", "GET"): STAFF,
    ("contributions.edit", "POST"): STAFF,
    ("contributions.delete", "POST"): STAFF,
    ("contributions.upload", "GET"): FILERS,
    ("contributions.upload", "POST"): FILERS,
    ("contributions.template", "GET"): ALL,
    ("contributions.export", "GET"): ALL,
    ("contributions.rates", "GET"): STAFF,
    ("contributions.rates", "POST"): STAFF,
    ("contributions.delete_rate", "POST"): STAFF,
}


def reporting_world(make, other_node):
    """Another node's submitted quarterly report, its contribution and an exchange rate."""
    make.quarterly_report(other_node, period="2025Q1", status="submitted")
    contribution = make.contribution(node_id=other_node.id)
    for_api = make.contribution(node_id=other_node.id)  # the page and the API each delete one
    rate = make.exchange_rate(2025, "CNY", "0.14")
    return {"code": other_node.code, "period": "2025Q1", "contribution_id": contribution.id, "rate_id": rate.id,
            "key": {"contributions": for_api.id}}


# Governance: everyone signed in reads bodies, meetings, decisions, the work plan, projects and
# campaigns; the secretariat writes. The world's action item and minutes belong to nobody a
# matrix user is: a coordinator sees neither (404); the board reads them but changes nothing.
BOARD_READS = {"admin": OK, "secretariat": OK, "coordinator": 404, "board": OK}
OWNERS_ONLY = {"admin": OK, "secretariat": OK, "coordinator": 404, "board": 403}
for endpoint in ("index", "bodies", "body", "meetings", "meeting", "decisions", "decision", "action_items",
                 "plans_index", "goal", "plan", "projects", "project", "campaigns", "campaign"):
    EXPECTED[(f"governance.{endpoint}", "GET")] = ALL
for endpoint in ("action_item", "person_actions", "document"):
    EXPECTED[(f"governance.{endpoint}", "GET")] = BOARD_READS
for endpoint in ("edit_action", "action_status"):
    EXPECTED |= {(f"governance.{endpoint}", "GET"): OWNERS_ONLY, (f"governance.{endpoint}", "POST"): OWNERS_ONLY}
for endpoint in ("new_body", "edit_body", "new_member", "edit_member", "new_meeting", "edit_meeting", "new_decision",
                 "edit_decision", "new_action", "new_goal", "edit_goal", "new_plan", "edit_plan", "new_activity",
                 "edit_activity", "new_project", "edit_project", "new_milestone", "edit_milestone", "new_output",
                 "edit_output", "new_campaign", "edit_campaign"):
    EXPECTED |= {(f"governance.{endpoint}", "GET"): STAFF, (f"governance.{endpoint}", "POST"): STAFF}
for endpoint in ("archive_body", "archive_meeting", "archive_project", "archive_campaign",
                 "upload_meeting_document", "upload_project_document", "upload_campaign_document"):
    EXPECTED[(f"governance.{endpoint}", "POST")] = STAFF

for collection in ("bodies", "meetings", "decisions", "plans", "projects", "calibration_campaigns"):
    EXPECTED |= {(f"api.{collection}_list", "GET"): ALL, (f"api.{collection}_item", "GET"): ALL,
                 (f"api.{collection}_create", "POST"): STAFF, (f"api.{collection}_update", "PATCH"): STAFF}
    if collection not in ("decisions", "plans"):  # decisions are withdrawn, plans kept
        EXPECTED[(f"api.{collection}_delete", "DELETE")] = STAFF
EXPECTED |= {("api.action_items_list", "GET"): ALL, ("api.action_items_item", "GET"): BOARD_READS,
             ("api.action_items_create", "POST"): STAFF, ("api.action_items_update", "PATCH"): OWNERS_ONLY}
# Data requests: the world's request belongs to another node (a 404 to that coordinator); the
# board reads requests but takes no step.
NODE_404 = {"admin": OK, "secretariat": OK, "coordinator": 404, "board": OK}
STEP_404 = {"admin": OK, "secretariat": OK, "coordinator": 404, "board": 403}
EXPECTED |= {
    ("datarequests.index", "GET"): ALL,
    ("datarequests.new", "GET"): FILERS,
    ("datarequests.new", "POST"): FILERS,
    ("datarequests.detail", "GET"): NODE_404,
    ("datarequests.edit", "GET"): STEP_404,
    ("datarequests.edit", "POST"): STEP_404,
    ("datarequests.approve", "POST"): STEP_404,
    ("datarequests.decline", "POST"): STEP_404,
    ("datarequests.deliver", "POST"): STEP_404,
    ("datarequests.confirm", "POST"): STEP_404,
    ("datarequests.license_check", "GET"): ALL,
    ("datarequests.countries_geojson", "GET"): ALL,
    ("datarequests.delivery_logs", "GET"): STAFF,
    ("datarequests.delivery_logs", "POST"): STAFF,
    ("api.data_requests_list", "GET"): ALL,
    ("api.data_requests_item", "GET"): NODE_404,
    ("api.data_requests_create", "POST"): FILERS,
    ("api.data_requests_update", "PATCH"): STEP_404,
    ("api.data_request_approve", "POST"): STEP_404,
    ("api.data_request_decline", "POST"): STEP_404,
    ("api.data_request_deliveries", "POST"): STEP_404,
    ("api.data_request_confirm", "POST"): STEP_404,
    ("api.license_check", "GET"): ALL,
}


def data_requests_world(make, other_node):
    """Another node's submitted data request."""
    record = make.data_request(other_node)
    return {"request_id": record.id, "key": {"data-requests": record.id}}


SYNCERS = {"admin": OK, "secretariat": OK, "coordinator": OK, "board": 403}
LOCK_READERS = {"admin": OK, "secretariat": OK, "coordinator": OK, "board": 403}  # those who file reports
EXPECTED |= {
    ("sync.index", "GET"): SYNCERS,
    ("sync.resolve", "POST"): {"admin": OK, "secretariat": OK, "coordinator": 404, "board": 403},  # another node's
    ("api.sync_changes", "GET"): SYNCERS,
    ("api.sync_push", "POST"): SYNCERS,
    # the signed copy of an agreement none of the coordinator's node's host is party to
    ("api.sync_blob", "GET"): {"admin": OK, "secretariat": OK, "coordinator": 404, "board": 403},
    ("api.sync_blob_put", "PUT"): {"admin": OK, "secretariat": OK, "coordinator": 404, "board": 403},
    ("api.period_locks", "GET"): LOCK_READERS,
    ("api.period_lock", "PUT"): STAFF,
    ("api.period_unlock", "DELETE"): STAFF,
    ("quarterly.period_locks", "GET"): LOCK_READERS,
    ("quarterly.period_locks", "POST"): STAFF,
    # the world's period (2025Q1) is not closed: staff pass the policy and find nothing to open
    ("quarterly.reopen_period", "POST"): {"admin": 404, "secretariat": 404, "coordinator": 403, "board": 403},
}


def sync_world(other_node):
    """A conflict of another node's record, and a closed quarter."""
    from app.extensions import db
    from app.sync.models import SyncConflict

    conflict = SyncConflict(type="quarterly_report", uid="00000000-0000-4000-8000-000000000000",
                            node_id=other_node.id, local_data={}, remote_data={}, diff={})
    db.session.add(conflict)
    from app.auth.actors import SYSTEM
    from app.core.periods import Quarter
    from app.nodes.quarterly import locks

    locks.lock_period(SYSTEM, Quarter(2024, 4))
    db.session.commit()
    return {"conflict_id": conflict.id, "key": {"period-locks": "2024Q4"}}


def app_routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_is_in_the_matrix(app):
    missing = [(rule.endpoint, method) for rule, method in app_routes(app)
               if rule.endpoint not in PUBLIC and (rule.endpoint, method) not in EXPECTED]
    assert missing == []


def notice_of(user) -> int:
    """A notice addressed to `user` (another user than any signed-in role of the matrix)."""
    from app.extensions import db
    from app.notifications.models import NoticeKind, Notification
    from app.notifications.services import notify

    notify([user], NoticeKind.report_due, "Someone else's notice", key="matrix")
    db.session.commit()
    return db.session.query(Notification.id).filter_by(recipient_id=user.id).scalar()


@pytest.fixture
def world(make, user_factory):
    """Records to point every URL at: another node's, and some no coordinator owns."""
    own = make.node(code="OWN")
    other = make.node(code="OTH")
    person = make.person()
    someone = user_factory("board")
    token_owner_token = make.token(someone)
    from app.auth.models import ApiToken
    from app.extensions import db

    token = db.session.query(ApiToken).filter_by(user_id=someone.id).one()
    assert token_owner_token
    agreement = make.agreement()
    document = make.agreement_document(agreement)
    world = {"own": own, "node_id": other.id, "organization_id": other.host_organization_id,
             "person_id": person.id, "user_id": someone.id, "token_id": token.id,
             "agreement_id": agreement.id, "document_id": document.id, "sha256": document.sha256, "fmt": "csv",
             # the record an API URL's <key> points at, by collection
             "key": {"organizations": other.host_organization_id, "people": person.id, "nodes": other.id,
                     "agreements": agreement.id}}
    draft = make.report("annual", 2025)
    world["report_id"] = draft.id
    world["key"]["reports"] = draft.id
    from tests.governance import builders

    governance = builders.world()
    world["key"] |= governance.pop("key")
    world |= governance
    for extra in (capacity_world(make, other), reporting_world(make, other), data_requests_world(make, other),
                  sync_world(other)):
        world["key"] |= extra.pop("key")
        world |= extra
    world["notice_id"] = notice_of(someone)
    return world


def url_for_rule(app, rule, world, _endpoint_key=None):
    values = {}
    for arg in rule.arguments:
        if arg == "key":
            values[arg] = world["key"][rule.rule.split("/")[3]]
        else:
            values[arg] = world[arg]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _call(client, method, url, headers=None):
    kwargs = {"headers": headers or {}}
    if method in ("POST", "PATCH", "PUT"):
        if url.startswith("/api/"):
            kwargs["json"] = {}
        else:
            kwargs["data"] = {}
    return client.open(url, method=method, **kwargs)


def _check(outcome, response, label):
    status = response.status_code
    if outcome == OK:
        assert status not in (401, 403, 404, 405) and status < 500, f"{label}: {status}"
    else:
        assert status == outcome, f"{label}: expected {outcome}, got {status}"


def test_anonymous_is_sent_to_sign_in_or_gets_401(app, client, world):
    for rule, method in app_routes(app):
        if rule.endpoint in PUBLIC:
            continue
        url = url_for_rule(app, rule, world, rule.endpoint.split(".")[-1].rsplit("_", 1)[0])
        response = _call(client, method, url)
        response.close()
        if url.startswith("/api/"):
            assert response.status_code == 401, f"{method} {url}"
            assert response.json["error"]["code"] == "unauthorized"
        else:
            assert response.status_code == 302, f"{method} {url}"
            assert "/login" in response.headers["Location"], f"{method} {url}"


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(app, world, role, user_factory, make):
    node = world["own"] if role == Role.coordinator else None
    user = user_factory(role, node=node)
    token = make.token(user)
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": "correct horse battery staple"})
    # Signing out and changing the password end the session: those go last.
    session_enders = ("auth.logout", "auth.change_password")
    # Deleting and archiving go last too, so that every other URL still finds its record.

    def destructive(rule, method):
        return method == "DELETE" or "delete" in rule.endpoint or "archive" in rule.endpoint

    routes = sorted(app_routes(app), key=lambda r: (r[0].endpoint in session_enders, destructive(*r)))
    for rule, method in routes:
        if rule.endpoint in PUBLIC:
            continue
        outcome = EXPECTED[(rule.endpoint, method)][role]
        url = url_for_rule(app, rule, world, rule.endpoint.split(".")[-1].rsplit("_", 1)[0])
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        response = _call(client, method, url, headers)
        response.close()  # downloads stream a file
        _check(outcome, response, f"{role} {method} {url}")


def test_coordinator_edits_own_node_but_not_another(app, client, api_as, make, user_factory, login):
    own, other = make.node(code="OWN"), make.node(code="OTH")
    coordinator = user_factory("coordinator", node=own)
    login(coordinator)
    assert client.get(f"/nodes/{own.id}/edit").status_code == 200
    assert client.get(f"/nodes/{other.id}/edit").status_code == 403
    refused = client.post(f"/nodes/{other.id}/edit", data={"name": "Hijacked", "version": other.version})
    assert refused.status_code == 403

    api = api_as(coordinator)
    response = api.patch("/api/v1/nodes/OTH", json={"name": "Hijacked", "version": other.version})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    response = api.patch("/api/v1/nodes/OWN", json={"infrastructure": "New servers", "version": own.version})
    assert response.status_code == 200, response.json
    assert response.json["infrastructure"] == "New servers"
    # A coordinator cannot rename their node's code or status through the side door.
    response = api.patch("/api/v1/nodes/OWN", json={"code": "XXX", "status": "closed",
                                                    "version": response.json["version"]})
    assert response.status_code == 200
    assert response.json["code"] == "OWN" and response.json["status"] == "active"
    assert api.get("/api/v1/nodes/OTH").json["name"] != "Hijacked"
