from sqlalchemy import select

from app.auth.models import ApiToken, User, hash_token


def test_users_create_and_tokens_create(runner, client, make, db):
    make.node(code="LAO")
    result = runner.invoke(args=["users", "create", "--email", "c@example.org", "--name", "C", "--role",
                                 "coordinator", "--node", "lao", "--password", "a good long password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "c@example.org"))
    assert user.node.code == "LAO"

    result = runner.invoke(args=["tokens", "create", "--email", "c@example.org"])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    stored = db.session.scalar(select(ApiToken))
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    assert client.get("/api/v1/nodes", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_users_create_refuses_bad_input(runner, db):
    result = runner.invoke(args=["users", "create", "--email", "x@example.org", "--name", "X", "--role",
                                 "coordinator", "--password", "a good long password"])
    assert result.exit_code != 0 and "node" in result.output
    result = runner.invoke(args=["users", "create", "--email", "y@example.org", "--name", "Y", "--role",
                                 "board", "--password", "short"])
    assert result.exit_code != 0 and "password" in result.output
    assert db.session.scalar(select(User)) is None


def test_demo_load_fills_an_empty_database_once(runner, db):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "secretariat@csdr.example" in result.output
    from app.nodes.models import Node

    codes = set(db.session.scalars(select(Node.code)))
    assert {"CHN", "LAO", "GHA", "AUT", "VEN", "KHM"} <= codes and len(codes) == 16
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code != 0 and "already holds data" in again.output
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0
    assert len(set(db.session.scalars(select(Node.code)))) == 16


def test_demo_logins_work(runner, client):
    output = runner.invoke(args=["demo", "load"]).output
    line = next(line for line in output.splitlines() if "coordinator.lao@" in line)
    _, email, password = line.split()
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
