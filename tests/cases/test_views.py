import pytest

from app.cases import vocabularies
from app.cases.models import Case
from app.extensions import db
from tests.sql import count_statements


def test_secretariat_records_a_case_with_typed_codes(login_as, client, make):
    org = make.organization(acronym="LASAC", country="CHN")
    login_as("secretariat")
    form = client.get("/cases/new").get_data(as_text=True)
    assert "data-tag-picker" in form and "tag-picker.js" in form and "/cases/tags.json" in form
    data = {"title": "Dam-break relief", "countries": ["LAO"], "domains": ["disaster_risk_reduction"],
            "satellites": ["GF-2"], "partner_ids": [str(org.id)], "status": "completed",
            "sdg": "11.5.2, 99.9", "sendai": "B-1", "paris": "", "links": "https://example.org/report\n"}
    refused = client.post("/cases/new", data=data)
    assert refused.status_code == 422 and "Unknown SDG code: 99.9." in refused.get_data(as_text=True)
    assert db.session.query(Case).count() == 0
    data["sdg"] = "11.5.2"
    saved = client.post("/cases/new", data=data)
    assert saved.status_code == 302
    case = db.session.query(Case).one()
    assert (case.sdg, case.sendai, case.partner_ids, case.links) == (["11.5.2"], ["B-1"], [org.id],
                                                                       ["https://example.org/report"])
    detail = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Direct economic loss" in detail and "the same indicator as 1.5.2" in detail
    assert 'href="/cases?sdg=11.5"' in detail and 'href="/cases?sdg=11"' in detail  # counted there too
    edit = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    assert 'value="11.5.2"' in edit and 'data-code="11.5.2"' in edit and 'data-code="B-1"' in edit


def test_register_and_coverage_link_to_each_other(login_as, client, make):
    make.case(title="Dam-break relief", sdg=["11.5.2"], sendai=["B-1"])
    make.case(title="Forest map", sdg=["15.1.1"], paris=["mitigation"])
    login_as("board")
    register = client.get("/cases?sdg=11").get_data(as_text=True)
    assert "Dam-break relief" in register and "Forest map" not in register
    assert "Forest map" in client.get("/cases?sdg=15").get_data(as_text=True)
    coverage = client.get("/cases/coverage").get_data(as_text=True)
    assert 'id="sdg-11"' in coverage and 'href="/cases?sdg=11"' in coverage
    assert 'href="/cases?sendai=B"' in coverage and 'href="/cases?paris=mitigation"' in coverage
    assert "2 cases address 2 of 17 SDGs" in coverage
    assert 'id="missing-sendai">A, C, D, E, F, G<' in coverage
    filtered = client.get("/cases/coverage?country=LAO&status=planned").get_data(as_text=True)
    assert 'href="/cases?country=LAO&amp;status=planned&amp;sdg=11"' in filtered


@pytest.mark.parametrize(("locale", "area", "target"), [
    ("fr", "Pertes et préjudices", "Réduire nettement, d'ici à 2030, le nombre de personnes touchées"),
    ("zh", "损失和损害", "到2030年大幅减少全球受灾人数"),
    ("es", "Pérdidas y daños", "Reducir considerablemente el número de personas afectadas")])
def test_coverage_names_sendai_targets_and_paris_areas_in_the_readers_language(login_as, client, make, locale, area,
                                                                              target):
    make.case(title="Flood atlas", sendai=["B-1"], paris=["loss_and_damage"])
    reader = login_as("board")
    reader.locale = locale
    db.session.commit()
    coverage = client.get("/cases/coverage").get_data(as_text=True)
    assert area in coverage and ">Loss and damage<" not in coverage
    assert target in coverage.replace("&#39;", "'") and "Substantially reduce the number of affected" not in coverage
    assert "Number of deaths and missing persons" in client.get("/vocabularies/sendai").get_data(as_text=True)


def test_the_picker_endpoint_finds_codes_and_words(login_as, client):
    assert client.get("/cases/tags.json?q=11.5").status_code == 302  # signed-in users only
    login_as("board")
    items = client.get("/cases/tags.json?q=11.5").get_json()["items"]
    assert [i["code"] for i in items[:3]] == ["11.5", "11.5.1", "11.5.2"]
    assert items[0]["label"] == "SDG 11.5" and items[0]["title"].startswith("By 2030")
    words = client.get("/cases/tags.json?q=disaster").get_json()["items"]
    assert {"sdg", "sendai"} <= {i["vocabulary"] for i in words}
    only = client.get("/cases/tags.json?q=b-1&vocabulary=sendai").get_json()["items"]
    assert [i["code"] for i in only] == ["B-1"]
    assert client.get("/cases/tags.json?q=x&vocabulary=other").status_code == 404


def test_vocabulary_pages_are_browsable_and_searchable(login_as, client):
    login_as("board")
    index = client.get("/vocabularies").get_data(as_text=True)
    assert "17 goals, 169 targets, 248 indicators" in index and "7 targets, 38 indicators" in index
    sdg = client.get("/vocabularies/sdg").get_data(as_text=True)
    assert 'id="term-11.5.2"' in sdg and 'id="term-17.19.2"' in sdg
    found = client.get("/vocabularies/sdg?q=11.5.2").get_data(as_text=True)
    assert 'id="term-11.5.2"' in found and 'id="term-11"' in found and 'id="term-1.5.2"' not in found
    assert "Art. 8" in client.get("/vocabularies/paris").get_data(as_text=True)
    assert client.get("/vocabularies/nope").status_code == 404


def test_a_code_dropped_by_a_later_file_stays_readable(login_as, client, make, tmp_path, monkeypatch):
    case = make.case(title="Old case", sdg=["11.5.2"])
    # A later UN list without 11.5.2:
    for kept in vocabularies.DATA.glob("*.csv"):
        if kept.name != "sdg.csv":
            (tmp_path / kept.name).write_bytes(kept.read_bytes())
    lines = (vocabularies.DATA / "sdg.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "sdg.csv").write_text("".join(line for line in lines if not line.startswith("indicator,11.5.2,")),
                                      encoding="utf-8")
    monkeypatch.setattr(vocabularies, "DATA", tmp_path)
    vocabularies.vocabulary.cache_clear()
    try:
        assert "11.5.2" not in vocabularies.vocabulary("sdg")
        login_as("secretariat")
        detail = client.get(f"/cases/{case.id}").get_data(as_text=True)
        assert "11.5.2" in detail and "no longer in the vocabulary" in detail
        assert "Old case" in client.get("/cases?sdg=11.5.2").get_data(as_text=True)
        coverage = client.get("/cases/coverage").get_data(as_text=True)
        assert 'id="withdrawn"' in coverage and "SDG 11.5.2" in coverage
        kept = client.post(f"/cases/{case.id}/edit", data={
            "title": "Old case, revised", "countries": ["LAO"], "status": "planned", "sdg": "11.5.2, 11.5.1",
            "version": str(case.version)})
        assert kept.status_code == 302
        db.session.refresh(case)
        assert case.sdg == ["11.5.1", "11.5.2"]
        new = client.post("/cases/new", data={"title": "New", "countries": ["LAO"], "status": "planned",
                                              "sdg": "11.5.2"})
        assert new.status_code == 422 and "Unknown SDG code: 11.5.2." in new.get_data(as_text=True)
    finally:
        vocabularies.vocabulary.cache_clear()


@pytest.mark.parametrize("url", ["/cases", "/cases?sdg=11&country=LAO", "/cases/coverage"])
def test_register_and_coverage_answer_in_a_constant_number_of_queries(login_as, client, make, url):
    node = make.node()
    login_as("secretariat")

    def build(i):
        orgs = [make.organization(), make.organization()]
        make.case(sdg=["11.5.2", f"{i % 17 + 1}.1"], sendai=["B-1"], paris=["adaptation"],
                  partner_ids=[o.id for o in orgs], node_id=None if i % 2 else node.id)

    def statements():
        with count_statements() as seen:
            assert client.get(url).status_code == 200
        return seen.count

    build(0)
    few = statements()
    for i in range(1, 12):
        build(i)
    assert statements() == few


def test_case_text_is_escaped(login_as, client, make):
    case = make.case(title='"><script>alert(1)</script>', summary="<img src=x onerror=alert(1)>")
    login_as("board")
    for url in ("/cases", f"/cases/{case.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page
