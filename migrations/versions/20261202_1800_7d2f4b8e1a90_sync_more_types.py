"""sync: uids on exchange rates and reports, period locks, the author of a synced change in the audit

Revision ID: 7d2f4b8e1a90
Revises: 7a3f9c2e5d10
Create Date: 2026-12-02 18:00:00

"""
import uuid

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '7d2f4b8e1a90'
down_revision = '7a3f9c2e5d10'
branch_labels = None
depends_on = None

TABLES = ('exchange_rates', 'reports')


def upgrade():
    bind = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uid', sa.String(length=36), nullable=True))
        rows = sa.table(table, sa.column('id', sa.Integer), sa.column('uid', sa.String))
        for (record_id,) in bind.execute(sa.select(rows.c.id)).all():
            bind.execute(rows.update().where(rows.c.id == record_id).values(uid=str(uuid.uuid4())))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uid', existing_type=sa.String(length=36), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_uid'), ['uid'], unique=True)

    op.create_table(
        'period_locks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.SmallInteger(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('locked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('uid', sa.String(length=36), nullable=False),
        sa.CheckConstraint('quarter BETWEEN 1 AND 4', name=op.f('ck_period_locks_quarter_range')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_period_locks')),
        sa.UniqueConstraint('year', 'quarter', name='uq_period_locks_quarter'))
    with op.batch_alter_table('period_locks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_locks_year'), ['year'], unique=False)
        batch_op.create_index(batch_op.f('ix_period_locks_uid'), ['uid'], unique=True)

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('author_node', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('author_node')
        batch_op.drop_column('author')
    op.drop_table('period_locks')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_uid'))
            batch_op.drop_column('uid')
