"""Demo agreements: MOUs with several nodes' hosts, a data-use license for the Laos node, a
renewal chain, an amendment, and an MOU that expires soon (relative to the day of loading)."""

import io
from datetime import date, timedelta

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.agreements.documents import upload_document
from app.agreements.services import create_agreement, renew_agreement
from app.auth.actors import SYSTEM
from app.extensions import db

ACTOR = SYSTEM
TERMS = {"non_commercial": True, "geoss_principles": True,
         "attribution": "Contains data © LASAC / China Centre for Resources Satellite Data and Application"}


def _mou(reference, host, lasac, *, kind="mou", signatories=(), **fields):
    data = {"kind": kind, "reference": reference, "status": "active", "notice_days": 180,
            "title": f"{'MOU' if kind == 'mou' else 'Agreement'} between LASAC and {host.acronym or host.name} "
                     f"on the CSDR SatCloud node",
            "parties": [{"organization_id": lasac.id, "role": "lead"}, {"organization_id": host.id, "role": "partner"}],
            "signatory_ids": [p.id for p in signatories]} | TERMS | fields
    return create_agreement(ACTOR, data)


def _signed_copy(reference: str, title: str) -> bytes:
    """A one-page PDF standing in for the scanned signed copy."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 770, reference)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 750, title[:90])
    pdf.drawString(72, 720, "Demo document: stands in for the signed copy.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def load_agreements(lasac, hosts: dict, people: dict) -> None:
    """Create the demo agreements through the services (so every rule holds for them too)."""
    today = date.today()
    tang = people.get("TANG Xinming")
    lao = _mou("MOU-LAO-2019", hosts["LAO"], lasac, signed_on=date(2019, 2, 20), effective_from=date(2019, 3, 1),
               expires_on=date(2029, 2, 28), signatories=[tang] if tang else [])
    _mou("MOU-AUT-2018", hosts["AUT"], lasac, signed_on=date(2018, 5, 2), effective_from=date(2018, 5, 2),
         expires_on=None, notice_days=90, signatories=[people["Wolfgang Kainz"]])
    _mou("BCA-GBR-2019", hosts["GBR"], lasac, kind="bilateral", signed_on=date(2019, 9, 1),
         effective_from=date(2019, 9, 1), expires_on=date(2022, 8, 31), auto_renew=True, notice_days=90)
    # Ghana's MOU runs out two months after the demo is loaded: it shows as "expiring".
    _mou("MOU-GHA-2021", hosts["GHA"], lasac, signed_on=today - timedelta(days=5 * 365 - 60),
         effective_from=today - timedelta(days=5 * 365 - 60), expires_on=today + timedelta(days=60),
         notice_days=120, signatories=[people["Amos T. Kabo-bah"]])
    venezuela = _mou("MOU-VEN-2020", hosts["VEN"], lasac, signed_on=date(2020, 11, 10),
                     effective_from=date(2020, 11, 10), expires_on=date(2030, 11, 9))
    create_agreement(ACTOR, {
        "kind": "amendment", "reference": "MOU-VEN-2020-A1", "title": "Amendment 1: training annex",
        "status": "active", "supersedes_id": venezuela.id, "signed_on": date(2022, 3, 1),
        "effective_from": date(2022, 3, 1), "expires_on": date(2030, 11, 9),
        "parties": [{"organization_id": lasac.id, "role": "lead"},
                    {"organization_id": hosts["VEN"].id, "role": "partner"}]} | TERMS)
    thailand = _mou("MOU-THA-2018", hosts["THA"], lasac, signed_on=date(2018, 5, 20),
                    effective_from=date(2018, 6, 1), expires_on=date(2023, 5, 31))
    renew_agreement(ACTOR, thailand, {"reference": "MOU-THA-2023", "signed_on": date(2023, 5, 15)},
                    thailand.version)
    _mou("LOI-NPL-2017", hosts["NPL"], lasac, kind="letter_of_intent", signed_on=date(2017, 10, 1),
         effective_from=date(2017, 10, 1), expires_on=date(2020, 9, 30), notice_days=None)
    _mou("MOU-KEN-2025", hosts["KEN"], lasac, status="negotiating", signed_on=None)
    _mou("MOU-KHM-DRAFT", hosts["KHM"], lasac, status="draft", signed_on=None)

    create_agreement(ACTOR, {
        "kind": "data_license", "reference": "LIC-LAO-2023", "status": "active",
        "title": "Data-use license: GF and ZY-3 imagery for the Lao node",
        "signed_on": date(2022, 12, 15), "effective_from": date(2023, 1, 1), "expires_on": date(2027, 12, 31),
        "notice_days": 90,
        "parties": [{"organization_id": lasac.id, "role": "licensor"},
                    {"organization_id": hosts["LAO"].id, "role": "licensee"}],
        "license": {"licensee_id": hosts["LAO"].id, "satellites": ["GF-1", "GF-2", "GF-6", "ZY-3"],
                    "product_levels": ["L1", "L2", "DOM"], "territory": ["LAO"],
                    "permitted_uses": ["research", "education", "public_administration", "disaster_response"]}}
        | TERMS)
    db.session.flush()
    upload_document(ACTOR, lao, io.BytesIO(_signed_copy(lao.reference, lao.title)), "MOU-LAO-2019-signed.pdf",
                    "Signed MOU")
    db.session.flush()
