"""agreement renewal period (renewal_months)

Revision ID: 7c1e5a9d2b44
Revises: 523b2cf9e019
Create Date: 2026-12-02 14:30:00

An auto-renewing agreement gets a renewal period: the length of its first term in whole
months (12 when the first term has no start date), so that it rolls forward term by term.
"""
from alembic import op
import sqlalchemy as sa
from dateutil.relativedelta import relativedelta


# revision identifiers, used by Alembic.
revision = '7c1e5a9d2b44'
down_revision = '523b2cf9e019'
branch_labels = None
depends_on = None


def _months(start, end) -> int:
    if start is None or end is None:
        return 12
    span = relativedelta(end + relativedelta(days=1), start)
    return max(1, min(120, span.years * 12 + span.months + (1 if span.days >= 15 else 0)))


def upgrade():
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renewal_months', sa.Integer(), nullable=True))
    agreements = sa.table('agreements', sa.column('id', sa.Integer()), sa.column('auto_renew', sa.Boolean()),
                          sa.column('effective_from', sa.Date()), sa.column('signed_on', sa.Date()),
                          sa.column('expires_on', sa.Date()), sa.column('renewal_months', sa.Integer()))
    conn = op.get_bind()
    rows = conn.execute(sa.select(agreements.c.id, agreements.c.effective_from, agreements.c.signed_on,
                                  agreements.c.expires_on).where(agreements.c.auto_renew.is_(True))).all()
    for row in rows:
        conn.execute(agreements.update().where(agreements.c.id == row.id)
                     .values(renewal_months=_months(row.effective_from or row.signed_on, row.expires_on)))


def downgrade():
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_column('renewal_months')
