"""History panels show labels and readable values, never codes, ids, None or Python dicts (issue 11, point 9)."""

import re
from datetime import date

from app.agreements import services as agreement_services
from app.extensions import db
from app.partners import services as partner_services
from tests.factories import SYSTEM


def history_html(page: str) -> str:
    return page.split('id="history"', 1)[1].split("</section>", 1)[0]


def cells(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_organizations_history_shows_labels_and_readable_values(client, login_as, make):
    org = make.organization(name="Lao Space Agency", kind="ngo", joined_on=date(2024, 3, 5), geo_member=False)
    partner_services.update_organization(SYSTEM, org, {"kind": "research", "geo_member": True}, org.version)
    db.session.commit()
    login_as("secretariat")
    html = history_html(client.get(f"/organizations/{org.id}").get_data(as_text=True))
    text = cells(html)
    assert "Non-governmental organization" in text and "Research institute or university" in text
    assert "Geo member" in text and "Yes" in text and "Mar 5, 2024" in text
    for raw in ("ngo", "geo_member", "joined_on", "None", "True", "False", "{", "2024-03-05"):
        assert raw not in text, raw


def test_an_agreements_history_names_records_and_joins_license_terms(client, login_as, make):
    lasac, uon = make.organization(name="LASAC", country="CHN"), make.organization(name="Univ of Nairobi")
    person = make.person(name="Dr Signer")
    record = agreement_services.create_agreement(SYSTEM, {
        "kind": "data_license", "reference": "LIC-9", "title": "License", "status": "draft",
        "effective_from": date(2025, 1, 1), "expires_on": date(2027, 1, 1), "signatory_ids": [person.id],
        "parties": [{"organization_id": lasac.id, "role": "licensor"}, {"organization_id": uon.id, "role": "licensee"}],
        "license": {"licensee_id": uon.id, "satellites": ["GF-2"], "product_levels": ["L1", "DOM"],
                    "territory": ["KEN"], "permitted_uses": ["research", "disaster_response"]}})
    db.session.commit()
    login_as("secretariat")
    text = cells(history_html(client.get(f"/agreements/{record.id}").get_data(as_text=True)))
    assert "LASAC (Licensor)" in text and "(licensor)" not in text
    assert "Data-use license" in text and "Dr Signer" in text and "Univ of Nairobi" in text
    assert "Orthophoto (DOM)" in text and "Disaster response" in text and "Kenya" in text
    for raw in ("data_license", "licensee_id", "disaster_response", "None", "{", "[", "'"):
        assert raw not in text, raw
