"""What several migrations do alike, written once. The versions import it (`from migrations.helpers import …`);
each keeps its own lists, so a migration still says exactly what it changed."""

import sqlalchemy as sa
from alembic import op

NOTICE_TABLES = ('notifications', 'email_preferences')


def _enum(values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def rebuild_check(table, column, old, new, name, length=40, nullable=False):
    """Let an enum column (a string with a CHECK listing its values) hold `new` instead of `old`.

    alter_column with both types drops the old CHECK constraint and creates the new one; on
    SQLite, which cannot alter a constraint, batch mode rebuilds the table."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(column, existing_type=_enum(old, name, length), type_=_enum(new, name, length),
                              existing_nullable=nullable)


def change_notice_kinds(old, new):
    """The notice kinds `notifications.kind` and `email_preferences.kind` accept: `old` becomes `new`.

    Going down, delete the rows of the kinds that go before calling this (see `delete_notices`)."""
    for table in NOTICE_TABLES:
        rebuild_check(table, 'kind', old, new, name='noticekind')


def delete_notices(kinds):
    """Drop the notices and e-mail preferences of kinds a downgrade removes."""
    for table in NOTICE_TABLES:
        kind = sa.column('kind')
        op.execute(sa.table(table, kind).delete().where(kind.in_(kinds)))
