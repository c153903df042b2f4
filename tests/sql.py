"""Count the SQL statements a block of code sends (to assert that pages make no N+1 queries)."""

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


class Statements(list):
    @property
    def count(self) -> int:
        return len(self)


@contextmanager
def count_statements():
    """Collect the SQL statements sent inside the block (savepoints and BEGINs aside)."""
    seen = Statements()

    def record(_conn, _cursor, statement, _params, _context, _many):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
