"""Count the SQL statements a block of code sends (to assert that pages make no N+1 queries)."""

from contextlib import contextmanager

from sqlalchemy import event


class Statements(list):
    @property
    def count(self) -> int:
        return len(self)


@contextmanager
def count_statements(engine=None):
    """Collect the SQL statements sent inside the block (BEGINs, savepoints and pragmas aside)."""
    from app.extensions import db

    engine = engine or db.engine
    seen = Statements()

    def record(_conn, _cursor, statement, _params, _context, _many):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
