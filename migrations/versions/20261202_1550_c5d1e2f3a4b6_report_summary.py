"""report summary: the secretariat's executive summary kept with each edition of a report

Revision ID: c5d1e2f3a4b6
Revises: c4e1d2a9b7f3
Create Date: 2026-12-02 15:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d1e2f3a4b6'
down_revision = 'c4e1d2a9b7f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('summary')
