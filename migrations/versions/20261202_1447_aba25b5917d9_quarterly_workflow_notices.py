"""quarterly workflow notices: two notice kinds, report_submitted and report_accepted

Revision ID: aba25b5917d9
Revises: 9655bf5de72f
Create Date: 2026-12-02 14:47:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aba25b5917d9'
down_revision = '9655bf5de72f'
branch_labels = None
depends_on = None

OLD = ('report_due', 'report_overdue', 'report_returned', 'agreement_expiry', 'agreement_notice', 'report_drafted',
       'job_failed')
NEW = OLD + ('report_submitted', 'report_accepted')


def _kind(values):
    return sa.Enum(*values, name='noticekind', native_enum=False, create_constraint=True, length=40)


def _change(table, old, new):
    # alter_column with both Enum types drops the old CHECK constraint and creates the new one (on SQLite by
    # rebuilding the table in batch mode).
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=_kind(old), type_=_kind(new), existing_nullable=False)


def upgrade():
    for table in ('notifications', 'email_preferences'):
        _change(table, OLD, NEW)


def downgrade():
    op.execute(sa.text("DELETE FROM notifications WHERE kind IN ('report_submitted', 'report_accepted')"))
    op.execute(sa.text("DELETE FROM email_preferences WHERE kind IN ('report_submitted', 'report_accepted')"))
    for table in ('notifications', 'email_preferences'):
        _change(table, NEW, OLD)
