from sqlalchemy import select

from app.auth.models import User
from tests.conftest import PASSWORD


def test_admin_invites_changes_role_and_deactivates(app, client, login_as, make, db):
    node = make.node(code="GHA")
    login_as("admin")
    response = client.post("/admin/users", data={"email": "new@example.org", "name": "New", "role": "board",
                                                 "node_id": ""})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "One-time password" in page
    user = db.session.scalar(select(User).where(User.email == "new@example.org"))

    other = app.test_client()
    password = page.split('id="new-password">')[1].split("<")[0]
    assert other.post("/login", data={"email": "new@example.org", "password": password}).status_code == 302

    response = client.post(f"/admin/users/{user.id}", data={"role": "coordinator", "node_id": node.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert user.role.value == "coordinator" and user.node_id == node.id
    assert other.get("/").status_code == 302  # a role change ends the user's sessions

    assert client.post(f"/admin/users/{user.id}/active", data={"active": "0"}).status_code == 302
    db.session.expire_all()
    assert not user.is_active


def test_coordinator_without_node_is_refused(client, login_as, db):
    login_as("admin")
    response = client.post("/admin/users", data={"email": "c@example.org", "name": "C", "role": "coordinator",
                                                 "node_id": ""})
    assert response.status_code == 422
    assert db.session.scalar(select(User).where(User.email == "c@example.org")) is None


def test_deactivating_ends_existing_sessions_and_tokens(app, client, login_as, user_factory, make, db):
    target = user_factory("board")
    token = make.token(target)
    target_client = app.test_client()
    target_client.post("/login", data={"email": target.email, "password": PASSWORD})
    login_as("admin")
    client.post(f"/admin/users/{target.id}/active", data={"active": "0"})
    assert target_client.get("/").status_code == 302
    assert client.get("/api/v1/nodes", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_profile_creates_token_shown_once_and_revokes_it(client, login_as, db):
    login_as("board")
    page = client.post("/profile/tokens", data={"name": "laptop"}).get_data(as_text=True)
    token = page.split('id="new-token">')[1].split("<")[0]
    assert client.get("/api/v1/nodes", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert token not in client.get("/profile").get_data(as_text=True)
    from app.auth.models import ApiToken

    token_id = db.session.scalar(select(ApiToken.id))
    client.post(f"/profile/tokens/{token_id}/revoke")
    assert client.get("/api/v1/nodes", headers={"Authorization": f"Bearer {token}"}).status_code == 401
