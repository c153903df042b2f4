"""report language and user time zone: each edition of a report is in one language; times in the user's zone

Revision ID: 7c1e5a2b9d40
Revises: 26cd8f3a4146
Create Date: 2026-12-02 14:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7c1e5a2b9d40'
down_revision = '26cd8f3a4146'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sa.String(length=8), server_default='en', nullable=False))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('lang')
