def test_sign_in_page_is_served(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_home_redirects_anonymous_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_secretariat_sees_nodes(login_as, client, make):
    make.node(code="LAO")
    login_as("secretariat")
    response = client.get("/nodes")
    assert response.status_code == 200
    assert b"LAO" in response.data
