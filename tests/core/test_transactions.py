"""One commit per writing request (TransactionalFlask) and per command (one_transaction)."""

import pytest
from flask import abort
from sqlalchemy import select

from app import create_app
from app.core.transactions import one_transaction
from app.extensions import db as _db
from app.partners.models import Organization, OrganizationKind


@pytest.fixture
def small_app(app):
    """A second app on the same database, with routes that write and then answer."""
    other = create_app({**{k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "CSDR_DATA_DIR")},
                        "TESTING": True, "WTF_CSRF_ENABLED": False})

    def add(name):
        _db.session.add(Organization(name=name, country="LAO", kind=OrganizationKind.research))
        _db.session.flush()

    @other.post("/t/ok")
    def ok():
        add("Kept")
        return "", 204

    @other.post("/t/refused")
    def refused():
        add("Refused")
        return "no", 422

    @other.post("/t/aborted")
    def aborted():
        add("Aborted")
        abort(409)

    @other.post("/t/saved-then-stale")
    def saved_then_stale():
        from flask import flash
        from sqlalchemy import event
        from sqlalchemy.orm.exc import StaleDataError

        def someone_else_changed_it(_session):
            raise StaleDataError("changed meanwhile")

        add("Lost")
        event.listen(_db.session(), "before_commit", someone_else_changed_it, once=True)
        flash("Saved.", "success")
        return "", 204

    @other.get("/t/messages")
    def messages():
        from flask import get_flashed_messages

        return {"messages": get_flashed_messages()}

    @other.get("/t/read")
    def read():
        add("Read only")
        return "", 200

    yield other
    with other.app_context():
        _db.session.remove()
        _db.engine.dispose()  # its own pool: left open, PostgreSQL's connection warns later in another test


def _names():
    _db.session.remove()
    return set(_db.session.scalars(select(Organization.name)))


def test_a_writing_request_commits_once_its_handler_answered(small_app):
    assert small_app.test_client().post("/t/ok").status_code == 204
    assert _names() == {"Kept"}


@pytest.mark.parametrize("path", ["/t/refused", "/t/aborted", "/t/read"])
def test_an_error_answer_or_a_read_writes_nothing(small_app, path):
    small_app.test_client().open(path, method="GET" if path == "/t/read" else "POST")
    assert _names() == set()


def test_a_commit_that_fails_takes_back_what_the_handler_flashed(small_app):
    client = small_app.test_client()
    answer = client.post("/t/saved-then-stale")
    assert answer.status_code == 409
    assert "Saved." not in answer.get_data(as_text=True)
    assert client.get("/t/messages").get_json() == {"messages": []}
    assert _names() == set()


def test_a_command_commits_when_it_ends_and_rolls_back_when_it_fails(app):
    @one_transaction
    def command(fail):
        _db.session.add(Organization(name="By command", country="LAO", kind=OrganizationKind.research))
        _db.session.flush()
        if fail:
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        command(True)
    assert _names() == set()
    command(False)
    assert _names() == {"By command"}
