"""data requests, their deliveries, SatCloud's push log (scene pushes), two notice kinds

Revision ID: 26cd8f3a4146
Revises: 0e179781e137
Create Date: 2026-12-02 14:21:09.170215

"""
from alembic import op
import sqlalchemy as sa

from migrations.helpers import change_notice_kinds, delete_notices


# revision identifiers, used by Alembic.
revision = '26cd8f3a4146'
down_revision = '0e179781e137'
branch_labels = None
depends_on = None

OLD_KINDS = ('report_due', 'report_overdue', 'report_returned', 'agreement_expiry', 'agreement_notice',
             'report_drafted', 'job_failed', 'report_submitted', 'report_accepted', 'action_due', 'action_overdue')
NEW_KINDS = OLD_KINDS + ('data_request_waiting', 'delivery_unconfirmed')


def upgrade():
    op.create_table('data_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('area', sa.Text(), nullable=True),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('area_countries', sa.JSON(), nullable=False),
    sa.Column('acquired_from', sa.Date(), nullable=False),
    sa.Column('acquired_to', sa.Date(), nullable=False),
    sa.Column('satellites', sa.JSON(), nullable=False),
    sa.Column('product_levels', sa.JSON(), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('is_free_experiment', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('submitted', 'approved', 'declined', 'delivered', 'closed', name='requeststatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('license_covered', sa.Boolean(), nullable=False),
    sa.Column('license_reasons', sa.JSON(), nullable=False),
    sa.Column('license_references', sa.JSON(), nullable=False),
    sa.Column('license_checked_on', sa.Date(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_data_requests_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_data_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_data_requests_node_id_nodes')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_data_requests_organization_id_organizations')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_data_requests_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_requests'))
    )
    with op.batch_alter_table('data_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_requests_node_id'), ['node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_requests_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_requests_status'), ['status'], unique=False)

    op.create_table('delivery_log_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('imported', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_delivery_log_imports_imported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_log_imports'))
    )
    with op.batch_alter_table('delivery_log_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_log_imports_sha256'), ['sha256'], unique=False)

    op.create_table('data_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('scenes', sa.Integer(), nullable=False),
    sa.Column('volume_gb', sa.Numeric(precision=14, scale=3), nullable=False),
    sa.Column('delivered_on', sa.Date(), nullable=False),
    sa.Column('method', sa.Enum('satcloud', 'ftp', 'disk', 'download', 'other', name='deliverymethod', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_data_deliveries_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['data_requests.id'], name=op.f('fk_data_deliveries_request_id_data_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_deliveries'))
    )
    with op.batch_alter_table('data_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_deliveries_request_id'), ['request_id'], unique=False)

    op.create_table('scene_pushes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scene_id', sa.String(length=120), nullable=False),
    sa.Column('satellite', sa.String(length=40), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pushed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('size_mb', sa.Numeric(precision=14, scale=3), nullable=True),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('quarter', sa.SmallInteger(), nullable=False),
    sa.Column('is_within_day', sa.Boolean(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['delivery_log_imports.id'], name=op.f('fk_scene_pushes_import_id_delivery_log_imports')),
    sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_scene_pushes_node_id_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scene_pushes')),
    sa.UniqueConstraint('scene_id', name=op.f('uq_scene_pushes_scene_id'))
    )
    with op.batch_alter_table('scene_pushes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scene_pushes_import_id'), ['import_id'], unique=False)
        batch_op.create_index('ix_scene_pushes_node_period', ['node_id', 'year', 'quarter'], unique=False)

    change_notice_kinds(OLD_KINDS, NEW_KINDS)


def downgrade():
    delete_notices(('data_request_waiting', 'delivery_unconfirmed'))
    change_notice_kinds(NEW_KINDS, OLD_KINDS)
    with op.batch_alter_table('scene_pushes', schema=None) as batch_op:
        batch_op.drop_index('ix_scene_pushes_node_period')
        batch_op.drop_index(batch_op.f('ix_scene_pushes_import_id'))

    op.drop_table('scene_pushes')
    with op.batch_alter_table('data_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_deliveries_request_id'))

    op.drop_table('data_deliveries')
    with op.batch_alter_table('delivery_log_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_log_imports_sha256'))

    op.drop_table('delivery_log_imports')
    with op.batch_alter_table('data_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_requests_status'))
        batch_op.drop_index(batch_op.f('ix_data_requests_organization_id'))
        batch_op.drop_index(batch_op.f('ix_data_requests_node_id'))

    op.drop_table('data_requests')
