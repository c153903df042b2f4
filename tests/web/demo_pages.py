"""The demo network in the test database, and every HTML page of the app as a URL with demo ids.

Used by the browser tests that walk every page (axe-core, phone widths) for each role.
"""

from sqlalchemy import select

# Endpoints whose GET answers something other than a page: files, JSON, redirects, downloads.
NOT_PAGES = {"static", "bootstrap.static", "main.healthz", "main.favicon", "assets.plotly_js",
             "assets.plotly_stylesheet", "assets.topojson", "reports.dashboard_data",
             "reports.data", "reports.csv", "reports.xlsx",
             "reports.pdf", "reports.public_pdf", "cases.tag_search", "agreements.download", "agreements.export",
             "contributions.export", "contributions.template", "datarequests.countries_geojson",
             "quarterly.offline_form"}


def load_demo(db) -> dict[str, tuple[str, str]]:
    """Load the demo network (as `flask demo load` does); return {role: (email, password)}."""
    from app.audit.recorder import set_face
    from app.demo.network import load_network
    from app.demo.reports import load_reports

    set_face("cli")
    logins = load_network()
    load_reports()
    db.session.commit()
    return {role: (email, password) for role, email, password in logins}


def demo_values(db) -> dict[str, object]:
    """A demo record id for every URL argument (records of the Laos node, the demo coordinator's own)."""
    from app.agreements.models import Agreement
    from app.auth.models import User
    from app.capacity.models import Event, Trainee
    from app.cases.models import Case
    from app.nodes.contributions.models import Contribution
    from app.nodes.models import Node
    from app.nodes.quarterly.models import QuarterlyReport
    from app.partners.models import Person
    from app.reports.models import Report

    def first(column, *where):
        return db.session.scalar(select(column).where(*where).order_by(column).limit(1))

    lao = db.session.scalar(select(Node).where(Node.code == "LAO"))
    report = db.session.scalar(select(QuarterlyReport).where(QuarterlyReport.node_id == lao.id)
                               .order_by(QuarterlyReport.id.desc()).limit(1))
    return {
        "node_id": lao.id, "code": lao.code, "period": report.label if report else "2025Q1",
        "organization_id": lao.host_organization_id,
        "person_id": first(Person.id), "agreement_id": first(Agreement.id), "case_id": first(Case.id),
        "contribution_id": first(Contribution.id, Contribution.node_id == lao.id) or first(Contribution.id),
        "event_id": first(Event.id), "trainee_id": first(Trainee.id), "report_id": first(Report.id),
        "user_id": first(User.id), "name": "sdg",
    }


def page_urls(app, values: dict[str, object]) -> list[str]:
    """Every GET page of the app (no API), its arguments filled with demo ids, sorted."""
    urls = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.rule.startswith("/api/"):
            continue
        if any(values.get(arg) is None for arg in rule.arguments):
            continue
        with app.test_request_context():
            from flask import url_for

            urls.add(url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments}))
    return sorted(urls)
