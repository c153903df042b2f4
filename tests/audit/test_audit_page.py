from app.audit.models import AuditEvent


def test_audit_page_filters(client, login_as, make, db):
    make.organization(name="Alpha")
    make.node(code="ZZZ")
    login_as("secretariat")
    page = client.get("/audit?record_type=nodes").get_data(as_text=True)
    assert "ZZZ" in page and "Alpha" not in page
    page = client.get("/audit?face=api").get_data(as_text=True)
    assert "Nothing matches" in page
    assert db.session.query(AuditEvent).count() >= 3


def test_audit_rows_cannot_be_reached_by_board_or_coordinator(client, login_as):
    login_as("board")
    assert client.get("/audit").status_code == 403
