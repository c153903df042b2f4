"""`GET /sync/changes?echo=false`: a node's own pushes are not sent back to it; everything else is."""

import uuid


def _push(api, item):
    response = api.post("/api/v1/sync/changes", json={"changes": [item]},
                        headers={"Idempotency-Key": str(uuid.uuid4())})
    result = response.get_json()["results"][0]
    assert result["status"] == "applied", result
    return result


def _uids(api, echo):
    feed = api.get(f"/api/v1/sync/changes?since=0&limit=500{'' if echo else '&echo=false'}").get_json()
    return {c["uid"]: c["version"] for c in feed["changes"]}


def test_without_echo_a_node_does_not_download_what_it_sent_up(make, api_as, user_factory):
    node = make.node()
    coordinator = api_as(user_factory("coordinator", node=node))
    staff = api_as("secretariat")
    mine = {"type": "contribution", "uid": str(uuid.uuid4()), "op": "upsert", "base_version": None,
            "data": {"organization_uid": node.host_organization.uid, "node_uid": node.uid, "year": 2025,
                     "kind": "financial", "amount": "1200", "currency": "USD"}}
    pushed = _push(coordinator, mine)
    assert _uids(coordinator, echo=True)[mine["uid"]] == pushed["version"]  # a fresh instance gets it all
    assert mine["uid"] not in _uids(coordinator, echo=False)
    assert node.uid in _uids(coordinator, echo=False)  # the hub's own records still come down

    # A change of that record by anyone else (here the secretariat, through sync too) does come down.
    theirs = mine | {"base_version": pushed["version"], "data": mine["data"] | {"amount": "1500"}}
    again = _push(staff, theirs)
    assert _uids(coordinator, echo=False)[mine["uid"]] == again["version"]
