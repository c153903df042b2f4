"""sync: the user a change came through sync from, so a node's own pushes are not sent back to it

Revision ID: 7a3f9c2e5d10
Revises: 5c1e0a9d2b71
Create Date: 2026-12-02 18:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '7a3f9c2e5d10'
down_revision = '5c1e0a9d2b71'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sync_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('sync_changes', schema=None) as batch_op:
        batch_op.drop_column('user_id')
