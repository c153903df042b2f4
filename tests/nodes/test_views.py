from sqlalchemy import event, func, select

from app.nodes.models import Node


def test_create_node_with_errors_then_success(client, login_as, make, db):
    host = make.organization(country="LAO")
    make.node(code="LAO", host=host)
    login_as("secretariat")
    data = {"code": "lao", "name": "Second Lao node", "country": "LAO", "host_organization_id": host.id,
            "status": "active"}
    duplicate = client.post("/nodes/new", data=data)
    assert duplicate.status_code == 422
    assert "already taken" in duplicate.get_data(as_text=True)
    unknown = client.post("/nodes/new", data={**data, "code": "LAO2", "country": "ZZZ"})
    assert unknown.status_code == 422
    assert db.session.scalar(select(func.count(Node.id))) == 1
    created = client.post("/nodes/new", data={**data, "code": "LAO2"})
    assert created.status_code == 302
    assert db.session.scalar(select(func.count(Node.id))) == 2


def test_node_list_filters_by_region(client, login_as, make):
    make.node(code="GHA", host=make.organization(country="GHA"))
    make.node(code="AUT", host=make.organization(country="AUT"))
    login_as("board")
    page = client.get("/nodes?region=Africa").get_data(as_text=True)
    assert ">GHA<" in page and ">AUT<" not in page


def test_node_list_queries_do_not_grow_with_nodes(app, client, login_as, make, db):
    login_as("board")

    def queries_for_list():
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/nodes").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    make.node(code="A1", coordinator_id=make.person().id)
    few = queries_for_list()
    for i in range(15):
        make.node(code=f"B{i}", coordinator_id=make.person().id)
    assert queries_for_list() == few
