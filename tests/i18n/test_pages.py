"""Pages in the reader's language: the switch, Accept-Language, the profile, errors, dates and time zones."""

import re
from datetime import UTC, datetime

from flask_babel import force_locale, refresh

from app.auth.models import User
from app.extensions import db


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_a_visitor_gets_the_language_of_the_browser(client):
    page = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang(page) == "zh"
    assert "登录 CSDR Hub" in page and "Sign in to CSDR Hub" not in page
    page = client.get("/login", headers={"Accept-Language": "fr-CA"}).get_data(as_text=True)
    assert html_lang(page) == "fr" and "Se connecter à CSDR Hub" in page
    page = client.get("/login", headers={"Accept-Language": "de, ja"}).get_data(as_text=True)
    assert html_lang(page) == "en" and "Sign in to CSDR Hub" in page


def test_a_visitor_switches_language_with_a_cookie(client):
    response = client.post("/language", data={"lang": "es", "next": "/login?x=1"},
                           headers={"Accept-Language": "zh"})
    assert response.status_code == 303 and response.headers["Location"] == "/login?x=1"
    assert "lang=es" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    page = client.get("/login", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert html_lang(page) == "es" and "Iniciar sesión en CSDR Hub" in page


def test_the_switch_refuses_unknown_languages_and_foreign_redirects(client):
    assert client.post("/language", data={"lang": "xx", "next": "/"}).status_code == 400
    response = client.post("/language", data={"lang": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_a_signed_in_user_keeps_the_language_on_the_account(client, login_as):
    user = login_as("secretariat")
    response = client.post("/language", data={"lang": "zh", "next": "/profile"})
    assert response.status_code == 303
    assert db.session.get(User, user.id).locale == "zh"
    page = client.get("/profile", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert html_lang(page) == "zh" and "语言和时区" in page
    assert 'id="language-switch"' in page and '<option value="zh" lang="zh" selected>简体中文</option>' in page


def test_the_profile_keeps_language_and_time_zone(client, login_as):
    user = login_as("secretariat")
    response = client.post("/profile/preferences", data={"locale": "fr", "time_zone": "Asia/Vientiane"})
    assert response.status_code == 303
    saved = db.session.get(User, user.id)
    assert (saved.locale, saved.time_zone) == ("fr", "Asia/Vientiane")
    assert "Vos préférences ont été enregistrées." in client.get("/profile").get_data(as_text=True)
    response = client.post("/profile/preferences", data={"locale": "fr", "time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    assert db.session.get(User, user.id).time_zone == "Asia/Vientiane"


def test_a_404_in_chinese(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "zh"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "找不到该页面，或您无权查看。" in page and html_lang(page) == "zh"


def test_a_form_error_in_chinese(client, login_as):
    login_as("secretariat")
    client.post("/language", data={"lang": "zh", "next": "/"})
    response = client.post("/organizations/new", data={"name": "", "country": "LAO", "kind": "government"})
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    assert "名称" in page  # the field's label
    assert "该字段是必填字段。" in page  # WTForms' own message, from its Chinese catalogue
    assert "This field is required." not in page


def test_a_service_error_is_shown_in_the_readers_language(client, login_as):
    login_as("secretariat")
    client.post("/language", data={"lang": "fr", "next": "/"})
    response = client.post("/profile/password", data={"current_password": "wrong", "new_password": "x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and html_lang(page) == "fr"
    assert "Le mot de passe actuel est incorrect." in page  # the service's English message, translated


def test_dates_numbers_and_times_follow_the_locale_and_zone(app):
    moment = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    render = app.jinja_env.from_string("{{ d|date }} | {{ n|number }} | {{ m|datetime }}")
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        refresh()  # the suite's app context outlives requests; a server's does not
        text = render.render(d=moment.date(), n=1234567.5, m=moment)
    assert text.startswith("4 mars 2026 | 1\u202f234\u202f567,5 | ") and text.endswith("UTC")
    with app.test_request_context(headers={"Accept-Language": "zh"}):
        refresh()
        assert render.render(d=moment.date(), n=1234567.5, m=moment).startswith("2026年3月4日 | 1,234,567.5")
    with app.test_request_context(), force_locale("en"):
        refresh()
        assert "UTC" in render.render(d=moment.date(), n=1, m=moment)


def test_times_are_shown_in_the_users_zone(client, login_as):
    user = login_as("secretariat")
    client.post("/profile/preferences", data={"locale": "en", "time_zone": "Asia/Vientiane"})
    user = db.session.get(User, user.id)
    from app.auth import services

    services.create_token(user, "laptop")
    db.session.commit()
    page = client.get("/profile").get_data(as_text=True)
    assert "Asia/Vientiane" in page  # the token's creation time names the zone it is shown in


def test_country_names_in_the_readers_language(app):
    render = app.jinja_env.from_string("{{ a|country }} | {{ b|country }}")
    for language, expected in (("zh", "老挝 | 奥地利"), ("fr", "Laos | Autriche"), ("es", "Laos | Austria"),
                               ("en", "Lao People's Democratic Republic | Austria")):
        with app.test_request_context(headers={"Accept-Language": language}):
            refresh()
            assert render.render(a="LAO", b="AUT").replace("&#39;", "'") == expected


def test_signing_in_keeps_the_visitors_choice_on_a_new_account(client, user_factory):
    from tests.conftest import PASSWORD

    user = user_factory()
    client.post("/language", data={"lang": "es", "next": "/login"})
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert db.session.get(User, user.id).locale == "es"
