"""Deny by default: every page of quarterly reports and contributions sends an anonymous visitor to sign in."""

import pytest

PUBLIC: set[str] = set()


def _rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in {"quarterly", "contributions"} and rule.endpoint not in PUBLIC:
            yield rule


def _url(rule) -> str:
    values = {"code": "LAO", "period": "2025Q1", "contribution_id": 1, "rate_id": 1, "fmt": "csv"}
    return rule.rule.replace("<", "{").replace(">", "}").replace("int:", "").format(**values)


def test_every_page_needs_a_signed_in_user(app, client):
    rules = list(_rules(app))
    assert len(rules) >= 15
    for rule in rules:
        method = "POST" if "POST" in rule.methods and "GET" not in rule.methods else "GET"
        response = client.open(_url(rule), method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], rule.rule


@pytest.mark.parametrize("url", ["/api/v1/nodes/LAO/reports/2025Q1", "/api/v1/quarterly-reports",
                                 "/api/v1/quarterly-reports/completeness", "/api/v1/contributions",
                                 "/api/v1/contributions/totals"])
def test_the_api_needs_a_token(client, url):
    response = client.get(url)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
