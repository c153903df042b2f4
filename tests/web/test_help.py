"""The help page: public, with the glossary a newcomer needs."""

import pytest


@pytest.mark.parametrize("role", [None, "board", "secretariat"])
def test_help_page_explains_the_words_of_the_network(client, login_as, role):
    if role:
        login_as(role)
    response = client.get("/help")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for term in ("T+1", "DOM, DEM, DSM", "L1, L2", "GEOSS", "Sendai", "SDG", "MOU", "Node", "Quarterly report"):
        assert f">{term}</dt>" in html, term
    assert 'id="workflow"' in html


def test_every_page_links_to_help(client, login_as):
    assert 'href="/help"' in client.get("/login").get_data(as_text=True)
    login_as("board")
    assert 'href="/help"' in client.get("/").get_data(as_text=True)
