"""sync: a uid on every synced record (filled for existing rows), the change feed, sync state and conflicts

Revision ID: 5c1e0a9d2b71
Revises: c5d1e2f3a4b6
Create Date: 2026-12-02 15:50:00

"""
import uuid

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1e0a9d2b71'
down_revision = 'c5d1e2f3a4b6'
branch_labels = None
depends_on = None

TABLES = ('organizations', 'people', 'nodes', 'agreements', 'quarterly_reports', 'quarterly_report_steps',
          'contributions', 'trainees', 'events', 'cases')


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
        'sync_changes',
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('type', sa.String(length=40), nullable=False),
        sa.Column('uid', sa.String(length=36), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('op', sa.String(length=10), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=True),
        sa.Column('face', sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_changes')))
    with op.batch_alter_table('sync_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_changes_type'), ['type'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_changes_uid'), ['uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_changes_node_id'), ['node_id'], unique=False)
    op.create_table(
        'sync_state',
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('value', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_sync_state')))
    op.create_table(
        'sync_links',
        sa.Column('uid', sa.String(length=36), nullable=False),
        sa.Column('type', sa.String(length=40), nullable=False),
        sa.Column('remote_version', sa.Integer(), nullable=True),
        sa.Column('local_version', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('uid', name=op.f('pk_sync_links')))
    op.create_table(
        'sync_conflicts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=40), nullable=False),
        sa.Column('uid', sa.String(length=36), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=True),
        sa.Column('local_version', sa.Integer(), nullable=True),
        sa.Column('local_data', sa.JSON(), nullable=False),
        sa.Column('remote_version', sa.Integer(), nullable=True),
        sa.Column('remote_data', sa.JSON(), nullable=False),
        sa.Column('diff', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.Column('resolution', sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'],
                                name=op.f('fk_sync_conflicts_resolved_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts')))
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflicts_uid'), ['uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflicts_node_id'), ['node_id'], unique=False)


def downgrade():
    op.drop_table('sync_conflicts')
    op.drop_table('sync_links')
    op.drop_table('sync_state')
    op.drop_table('sync_changes')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_uid'))
            batch_op.drop_column('uid')
