def test_security_headers_on_pages_and_api(client, login_as):
    for url in ("/login", "/api/v1/nodes"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    login_as("board")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_no_inline_scripts_in_pages(client, login_as):
    login_as("admin")
    for url in ("/", "/nodes", "/organizations", "/people", "/audit", "/admin/users", "/profile"):
        page = client.get(url).get_data(as_text=True)
        for chunk in page.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {url}"


def test_friendly_error_pages(client, login_as):
    assert "could not find" in client.get("/nowhere").get_data(as_text=True)
    login_as("board")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "may not" in response.get_data(as_text=True)


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_static_files_stay_cacheable_for_signed_in_users(client, login_as):
    login_as("board")
    response = client.get("/static/js/app.js")
    response.close()
    assert response.headers.get("Cache-Control") != "no-store"
    assert client.get("/nodes").headers["Cache-Control"] == "no-store"
