"""Counting the SQL statements a block of code sends (to show a page has no N+1)."""

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def count_statements(engine):
    """`with count_statements(db.engine) as statements: ...` then `len(statements)`."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, _params, _context, _executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
