import pytest


def test_a_case_through_the_api_is_found_at_every_level(api_as, make):
    org = make.organization(acronym="LASAC", country="CHN")
    api = api_as("secretariat")
    created = api.post("/api/v1/cases", json={
        "title": "Dam-break relief", "countries": ["LAO"], "domains": ["disaster_risk_reduction", "water"],
        "satellites": ["GF-1", "GF-2"], "partner_ids": [org.id], "status": "completed", "start_on": "2018-07-24",
        "sdg": ["11.5.2", 13], "sendai": ["B-1"], "paris": ["adaptation"], "links": ["https://example.org/a"]})
    assert created.status_code == 201, created.get_json()
    case = created.get_json()
    assert case["sdg"] == ["11.5.2", "13"] and case["sendai"] == ["B-1"] and case["partner_ids"] == [org.id]
    for query, total in (("sdg=11", 1), ("sdg=11.5", 1), ("sdg=11.5.2", 1), ("sdg=11.5.1", 0), ("sdg=13", 1),
                         ("sendai=B", 1), ("sendai=B-1", 1), ("sendai=C", 0), ("paris=adaptation", 1),
                         ("domain=water", 1), ("country=LAO", 1), ("country=THA", 0), ("status=completed", 1),
                         ("year=2018", 1), ("year=2017", 0), (f"organization_id={org.id}", 1),
                         ("satellite=GF-2", 1), ("satellite=ZY-3", 0)):
        assert api.get(f"/api/v1/cases?{query}").get_json()["total"] == total, query
    assert api.get("/api/v1/cases?sdg=eleven").status_code == 400
    patched = api.patch(f"/api/v1/cases/{case['id']}", json={"sendai": ["C-1"], "version": case["version"]})
    assert patched.status_code == 200 and patched.get_json()["version"] == case["version"] + 1
    assert api.get("/api/v1/cases?sendai=B").get_json()["total"] == 0
    assert api.get("/api/v1/cases?sendai=C").get_json()["total"] == 1
    stale = api.patch(f"/api/v1/cases/{case['id']}", json={"title": "x", "version": case["version"]})
    assert stale.status_code == 409


@pytest.mark.parametrize(("field", "codes", "named"), [
    ("sdg", ["11.5.2", "11.5.9"], "11.5.9"), ("sdg", ["18"], "18"), ("sendai", ["H-1"], "H-1"),
    ("paris", ["geoengineering"], "geoengineering"),
])
def test_an_unknown_code_is_a_422_naming_it(api_as, field, codes, named):
    api = api_as("secretariat")
    response = api.post("/api/v1/cases", json={"title": "T", "countries": ["LAO"], field: codes})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed" and named in error["fields"][field][0]
    assert api.get("/api/v1/cases").get_json()["total"] == 0


def test_the_vocabularies_are_served(api_as):
    api = api_as("board")
    sdg = api.get("/api/v1/vocabularies/sdg").get_json()
    assert sdg["total"] == 17 + 169 + 248 and sdg["name"] == "sdg"
    first = sdg["items"][0]
    assert first == {"vocabulary": "sdg", "code": "1", "level": "goal", "parent": None,
                     "title": "End poverty in all its forms everywhere", "short_title": "No Poverty",
                     "article": None, "same_as": []}
    assert api.get("/api/v1/vocabularies/sdg?level=goal").get_json()["total"] == 17
    assert api.get("/api/v1/vocabularies/sdg?level=target").get_json()["total"] == 169
    sendai = api.get("/api/v1/vocabularies/sendai").get_json()
    assert sendai["total"] == 45 and {"code": "B-1", "parent": "B"}.items() <= sendai["items"][10].items()
    paris = api.get("/api/v1/vocabularies/paris").get_json()
    assert [i["code"] for i in paris["items"]][:2] == ["mitigation", "adaptation"]
    found = api.get("/api/v1/vocabularies/sendai?q=early warning").get_json()
    assert "G" in {i["code"] for i in found["items"]}
    missing = api.get("/api/v1/vocabularies/ipcc")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_the_vocabularies_need_a_token(client):
    assert client.get("/api/v1/vocabularies/sdg").status_code == 401


def test_coverage_through_the_api(api_as, make):
    make.case(sdg=["11.5.2"], sendai=["B-1"])
    coverage = api_as("board").get("/api/v1/cases/coverage").get_json()
    assert coverage["summary"]["cases"] == 1 and coverage["summary"]["sdg_goals"]["addressed"] == 1
    goal = next(g for g in coverage["sdg"] if g["code"] == "11")
    assert goal["cases"] == 1 and goal["children"] == [{"code": "11.5", "level": "target", "cases": 1,
                                                        "children": [{"code": "11.5.2", "level": "indicator",
                                                                      "cases": 1}]}]
    assert "B" not in coverage["not_addressed"]["sendai_targets"]


def test_custom_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/cases", "/api/v1/cases/{key}", "/api/v1/vocabularies/{name}",
            "/api/v1/cases/coverage"} <= set(paths)
