"""contribution status: pledged (a yearly commitment) or received (default, as every existing row)

Revision ID: c4e1d2a9b7f3
Revises: 7c1e5a2b9d40
Create Date: 2026-12-02 15:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1d2a9b7f3'
down_revision = '7c1e5a2b9d40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.Enum('pledged', 'received', name='contributionstatus',
                                                        native_enum=False, create_constraint=True, length=40),
                                      server_default='received', nullable=False))
        batch_op.create_index(batch_op.f('ix_contributions_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contributions_status'))
        batch_op.drop_constraint(batch_op.f('ck_contributions_contributionstatus'), type_='check')
        batch_op.drop_column('status')
