"""Form errors: all of them at once (the form's own checks and the service's), in a summary on top
linking to each bad field; nothing written; a form sent after the session expired leads back to it."""

import re

from sqlalchemy import func, select

from app.agreements.models import Agreement
from app.extensions import db
from app.partners.models import Organization
from tests.conftest import csrf_enabled


def summary_links(html: str) -> dict[str, str]:
    match = re.search(r'<div class="alert alert-danger error-summary[^>]*id="error-summary"(.*?)</div>', html, re.S)
    assert match, "no error summary"
    return dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', match.group(1)))


def test_an_agreement_form_with_several_bad_fields_shows_every_error_at_once(client, login_as, make):
    login_as("secretariat")
    lasac = make.organization(name="LASAC")
    response = client.post("/agreements/new", data={
        "kind": "mou", "reference": "MOU-BAD", "title": "",           # the form: a title is required
        "status": "active",                                             # the service: two parties needed
        "effective_from": "2025-01-01", "expires_on": "2024-01-01",     # the service: expiry before start
        "notice_days": "99999",                                         # the form: out of range
        "renewal_months": "0",                                          # the form: out of range
        "parties-0-organization_id": str(lasac.id), "parties-0-role": "lead",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    links = summary_links(html)
    assert set(links) >= {"title", "notice_days", "renewal_months", "expires_on", "parties"}, links
    assert "The expiry date must be after the effective date." in links["expires_on"]
    assert "at least two parties" in links["parties"]
    for anchor in links:  # each link leads to an element of the page
        assert f'id="{anchor}"' in html
    assert 'tabindex="-1"' in html and 'role="alert"' in html
    assert 'value="MOU-BAD"' in html  # what was typed comes back
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0


def test_an_organization_form_shows_the_forms_and_the_services_errors_together(client, login_as, make):
    login_as("secretariat")
    make.organization(name="LASAC", country="CHN")
    response = client.post("/organizations/new", data={
        "name": "lasac", "country": "CHN", "kind": "research", "status": "active",
        "website": "not a web address"})
    assert response.status_code == 422
    links = summary_links(response.get_data(as_text=True))
    assert set(links) == {"name", "website"}, links
    assert "already exists" in links["name"]
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1


def test_a_valid_form_shows_no_summary(client, login_as):
    login_as("secretariat")
    html = client.get("/agreements/new").get_data(as_text=True)
    assert "error-summary" not in html


def test_a_form_sent_after_the_session_expired_leads_to_sign_in_and_back(app, client):
    with csrf_enabled(app):
        response = client.post("/agreements/new", data={"reference": "MOU-TYPED", "title": "Typed"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login?next=/agreements/new")
    assert "Your session had expired" in client.get("/login").get_data(as_text=True)


def test_a_signed_in_user_with_a_bad_token_still_gets_the_refusal(app, client, login_as):
    login_as("secretariat")
    with csrf_enabled(app):
        response = client.post("/agreements/new", data={"reference": "X"})
    assert response.status_code == 400
