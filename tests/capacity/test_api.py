def test_events_through_the_api_follow_api_md(api_as, make):
    lasac, gistda = make.organization(acronym="LASAC", country="CHN"), make.organization(acronym="GISTDA")
    api = api_as("secretariat")
    body = {"kind": "workshop", "title": "Southeast Asian Satellite Application Workshop", "start_on": "2019-09-16",
            "end_on": "2019-09-18", "country": "CHN", "organizer_ids": [lasac.id, gistda.id],
            "participants_female": 10, "participants_by_country": {"LAO": 8, "THA": 6, "KHM": 4}}
    created = api.post("/api/v1/events", json=body)
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    assert event["participants_total"] == 18 and event["participants_by_country"] == {"KHM": 4, "LAO": 8, "THA": 6}
    assert sorted(event["organizer_ids"]) == sorted([lasac.id, gistda.id]) and event["version"] == 1
    assert created.headers["Location"].endswith(f"/api/v1/events/{event['id']}")
    listed = api.get(f"/api/v1/events?kind=workshop&year=2019&country=CHN&organization_id={gistda.id}").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == event["id"]
    assert api.get("/api/v1/events?year=2020").get_json()["total"] == 0
    patched = api.patch(f"/api/v1/events/{event['id']}", json={"participants_total": 20, "version": 1})
    assert patched.status_code == 422
    assert "add up to 18" in patched.get_json()["error"]["fields"]["participants_by_country"][0]
    stale = api.patch(f"/api/v1/events/{event['id']}", json={"city": "Beijing", "version": 0})
    assert stale.status_code == 409


def test_an_event_with_participants_that_do_not_fit_is_422(api_as):
    api = api_as("secretariat")
    response = api.post("/api/v1/events", json={"kind": "seminar", "title": "S", "start_on": "2020-01-01",
                                               "participants_total": 3, "participants_female": 4})
    assert response.status_code == 422 and "participants_female" in response.get_json()["error"]["fields"]
    response = api.post("/api/v1/events", json={"kind": "party", "title": "S", "start_on": "2020-01-01"})
    assert response.status_code == 422 and "kind" in response.get_json()["error"]["fields"]


def test_trainees_through_the_api(api_as, make):
    host = make.organization(acronym="LASAC", country="CHN")
    home = make.organization(acronym="UENR", country="GHA")
    api = api_as("secretariat")
    created = api.post("/api/v1/trainees", json={
        "name": "Kwame", "gender": "male", "home_country": "GHA", "home_organization_id": home.id,
        "host_organization_id": host.id, "kind": "training", "start_on": "2019-09-02", "end_on": "2019-12-02"})
    assert created.status_code == 201, created.get_json()
    trainee = created.get_json()
    assert trainee["home_country"] == "GHA" and trainee["gender"] == "male" and trainee["node_id"] is None
    for query, total in (("gender=male", 1), ("gender=female", 0), ("country=GHA&year=2019", 1),
                         (f"organization_id={home.id}", 1), ("kind=secondment", 0)):
        assert api.get(f"/api/v1/trainees?{query}").get_json()["total"] == total, query
    assert api.get("/api/v1/trainees?gender=nope").status_code == 400
    bad = api.post("/api/v1/trainees", json={"name": "X", "home_country": "GHA", "host_organization_id": host.id,
                                             "start_on": "2019-09-02", "end_on": "2019-01-01"})
    assert bad.status_code == 422 and "end_on" in bad.get_json()["error"]["fields"]
    assert api.delete(f"/api/v1/trainees/{trainee['id']}").status_code == 204
    assert api.get("/api/v1/trainees").get_json()["total"] == 0
    assert api.get("/api/v1/trainees?archived=1").get_json()["total"] == 1


def test_capacity_collections_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/trainees", "/api/v1/trainees/{key}", "/api/v1/events", "/api/v1/events/{key}"} <= set(paths)
