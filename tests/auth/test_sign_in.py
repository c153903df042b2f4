import pytest

from tests.conftest import PASSWORD, csrf_enabled


def test_good_password_signs_in_and_bad_one_does_not(client, user_factory):
    user = user_factory("board")
    bad = client.post("/login", data={"email": user.email, "password": "wrong password"})
    assert bad.status_code == 401
    assert b"not right" in bad.data
    good = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert good.status_code == 302
    assert client.get("/").status_code == 200


def test_deactivated_user_cannot_sign_in(client, user_factory, db):
    user = user_factory("board")
    user.is_active_account = False
    db.session.commit()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 401


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", " //evil.example", "/%0d%0aevil",
])
def test_next_to_another_site_is_ignored(client, user_factory, target):
    user = user_factory("board")
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location.replace("%0d%0aevil", "") or location == target
    assert location in ("/", "http://localhost/") or location == "/%0d%0aevil"


def test_next_to_a_path_of_this_site_is_followed(client, user_factory):
    user = user_factory("board")
    response = client.post("/login?next=/nodes?q=LAO", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/nodes?q=LAO"


def test_throttling_after_repeated_bad_passwords_for_one_account(client, user_factory):
    user = user_factory("board")
    statuses = [client.post("/login", data={"email": user.email, "password": "nope nope"}).status_code
                for _ in range(6)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    # Even the right password is refused while the account is throttled.
    blocked = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.data


def test_throttling_by_address_across_accounts(client, app):
    limit = app.config["LOGIN_LIMIT_ADDRESS"]
    app.config["LOGIN_LIMIT_ADDRESS"] = "3 per 15 minutes"
    try:
        statuses = [client.post("/login", data={"email": f"x{i}@example.org", "password": "nope nope"}).status_code
                    for i in range(4)]
    finally:
        app.config["LOGIN_LIMIT_ADDRESS"] = limit
    assert statuses == [401, 401, 401, 429]


def test_successful_sign_ins_are_not_counted(client, user_factory):
    user = user_factory("board")
    for _ in range(7):
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        client.post("/logout")


def test_form_without_csrf_token_is_refused(app, client, user_factory):
    user = user_factory("board")
    with csrf_enabled(app):
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # not signed in


def test_sign_out_ends_a_copied_session_cookie(app, client, user_factory, login):
    user = login(user_factory("board"))
    cookie = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/").status_code == 302
    assert user.email  # the account itself still exists


def test_password_change_needs_current_password_and_ends_other_sessions(app, client, user_factory, login):
    user = login(user_factory("board"))
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/").status_code == 200

    wrong = client.post("/profile/password", data={"current_password": "bad", "new_password": "a much better one"})
    assert wrong.status_code == 422
    assert b"current password is not right" in wrong.data

    weak = client.post("/profile/password", data={"current_password": PASSWORD, "new_password": "password"})
    assert weak.status_code == 422

    ok = client.post("/profile/password", data={"current_password": PASSWORD, "new_password": "a much better one"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302   # the other one ended
    assert client.post("/logout").status_code == 302
    assert client.post("/login", data={"email": user.email, "password": "a much better one"}).status_code == 302


def test_passwords_are_hashed_with_argon2id(user_factory):
    user = user_factory("board")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_session_cookie_flags(client, user_factory):
    user = user_factory("board")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
