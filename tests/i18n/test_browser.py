"""A person switches the language in the navbar: as a visitor (a cookie), then signed in (kept on the account)."""

import pytest

from app.auth.models import User
from tests.browser import sign_in
from tests.conftest import PASSWORD


@pytest.mark.browser
def test_switching_the_language_in_the_navbar(page, user_factory, db):
    user = user_factory("secretariat")
    email, user_id = user.email, user.id
    db.session.commit()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("#language-select", "zh")  # sent by app.js as soon as it changes
    page.wait_for_selector("html[lang=zh]")
    assert page.locator("h1").inner_text() == "登录 CSDR Hub"

    sign_in(page, email, PASSWORD)
    page.goto("/profile")
    page.select_option("#language-select", "fr")
    page.wait_for_selector("html[lang=fr]")
    assert "Langue et fuseau horaire" in page.content()
    assert problems == []
    db.session.expire_all()
    assert db.session.get(User, user_id).locale == "fr"
