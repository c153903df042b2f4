"""Who may see and change agreements and their documents, through pages and API alike."""

import io

import pytest

from app.agreements import documents
from app.auth import policy
from tests.factories import PDF_BYTES, SYSTEM


@pytest.fixture
def world(make, db):
    """Node LAO's host is a party of MOU-LAO (with a document); node KEN's is not."""
    lasac = make.organization(name="LASAC", country="CHN")
    lao_host, ken_host = make.organization(name="Lao host"), make.organization(name="Kenyan host", country="KEN")
    lao, ken = make.node(code="LAO", host=lao_host), make.node(code="KEN", host=ken_host)
    agreement = make.agreement(parties=[lasac, lao_host], reference="MOU-LAO")
    document = documents.upload_document(SYSTEM, agreement, io.BytesIO(PDF_BYTES), "signed.pdf")
    db.session.commit()
    return {"agreement": agreement, "document": document, "lao": lao, "ken": ken}


def _who(user_factory, world, who):
    if who == "own coordinator":
        return user_factory("coordinator", node=world["lao"])
    if who == "other coordinator":
        return user_factory("coordinator", node=world["ken"])
    return user_factory(who)


# who → (list/download documents, upload, edit the agreement)
MATRIX = {
    "admin": (200, 201, 200),
    "secretariat": (200, 201, 200),
    "own coordinator": (200, 403, 403),
    "other coordinator": (404, 404, 403),
    "board": (404, 404, 403),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_api_matrix(api_as, user_factory, world, who):
    see, upload, edit = MATRIX[who]
    user = _who(user_factory, world, who)
    api = api_as(user)
    a, d = world["agreement"], world["document"]
    assert api.get(f"/api/v1/agreements/{a.id}").status_code == 200  # the register is not confidential
    assert api.get(f"/api/v1/agreements/{a.id}/documents").status_code == see
    download = api.get(f"/api/v1/agreements/{a.id}/documents/{d.id}")
    download.close()
    assert download.status_code == see
    response = api.post(f"/api/v1/agreements/{a.id}/documents", data={"file": (io.BytesIO(PDF_BYTES), "x.pdf")},
                        content_type="multipart/form-data")
    assert response.status_code == upload
    assert api.patch(f"/api/v1/agreements/{a.id}", json={"title": "x", "version": a.version}).status_code == edit
    creating = api.post("/api/v1/agreements", json={"kind": "mou", "reference": f"N-{who}", "title": "t"})
    assert creating.status_code == (201 if edit == 200 else 403)


@pytest.mark.parametrize("who", list(MATRIX))
def test_page_matrix(client, login, user_factory, world, who):
    see, upload, edit = MATRIX[who]
    login(_who(user_factory, world, who))
    a, d = world["agreement"], world["document"]
    html = client.get(f"/agreements/{a.id}").get_data(as_text=True)
    assert ("signed.pdf" in html) == (see == 200)
    assert ("are confidential" in html) == (see != 200)
    download = client.get(f"/agreements/{a.id}/documents/{d.id}")
    download.close()
    assert download.status_code == see
    response = client.post(f"/agreements/{a.id}/documents", data={"file": (io.BytesIO(PDF_BYTES), "x.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == (302 if upload == 201 else upload)
    for url in (f"/agreements/{a.id}/edit", f"/agreements/{a.id}/terminate", "/agreements/new"):
        assert client.get(url).status_code == edit, url
    assert ("History" in html) == (edit == 200)


def test_a_document_of_another_agreement_is_not_found_through_this_one(api_as, make, world):
    other = make.agreement()
    api = api_as("secretariat")
    response = api.get(f"/api/v1/agreements/{other.id}/documents/{world['document'].id}")
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/agreements", "/agreements/timeline", "/agreements/export.csv", "/agreements/1",
                                 "/agreements/1/documents/1", "/agreements/new"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/api/v1/agreements", "/api/v1/agreements/1", "/api/v1/agreements/1/documents",
                                 "/api/v1/agreements/1/documents/1"])
def test_the_api_needs_a_token(client, url):
    assert client.get(url).status_code == 401


def test_policy_functions(user_factory, world):
    a = world["agreement"]
    own = user_factory("coordinator", node=world["lao"])
    assert policy.may_view_agreement_documents(own, a) and not policy.may_upload_agreement_document(own, a)
    assert not policy.may_edit(own, a)  # agreements belong to no node: the generic rule says no too
    assert not policy.may_view(own, world["document"])  # generic rule on the confidential document: staff only
    assert not policy.may_view_agreement_documents(user_factory("board"), a)
