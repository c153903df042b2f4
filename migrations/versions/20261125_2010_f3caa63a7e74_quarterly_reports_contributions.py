"""Quarterly reports (with their workflow steps), contributions and yearly exchange rates.

Revision ID: f3caa63a7e74
Revises: a0d7db5ed4c1
Create Date: 2026-11-25 20:10:30.550269

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3caa63a7e74'
down_revision = 'a0d7db5ed4c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exchange_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reporting_currency', sa.String(length=3), nullable=False),
    sa.Column('rate', sa.Numeric(precision=20, scale=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rate > 0', name=op.f('ck_exchange_rates_rate_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rates')),
    sa.UniqueConstraint('year', 'currency', 'reporting_currency', name='uq_exchange_rates_year_currency')
    )
    with op.batch_alter_table('exchange_rates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_rates_year'), ['year'], unique=False)

    op.create_table('contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('financial', 'hardware', 'software', 'storage', 'staff', 'data', 'facilities', 'training', 'other', name='contributionkind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=True),
    sa.Column('unit', sa.String(length=30), nullable=True),
    sa.Column('estimated_value', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('evidence', sa.String(length=500), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_contributions_amount_not_negative')),
    sa.CheckConstraint('estimated_value IS NULL OR estimated_value >= 0', name=op.f('ck_contributions_estimated_value_not_negative')),
    sa.CheckConstraint('quantity IS NULL OR quantity >= 0', name=op.f('ck_contributions_quantity_not_negative')),
    sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_contributions_node_id_nodes')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_contributions_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contributions'))
    )
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contributions_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_contributions_node_id'), ['node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contributions_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contributions_year'), ['year'], unique=False)

    op.create_table('quarterly_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.SmallInteger(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'returned', 'accepted', name='reportstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('first_submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('scenes_received', sa.Integer(), nullable=True),
    sa.Column('scenes_distributed', sa.Integer(), nullable=True),
    sa.Column('data_volume_gb', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('area_km2', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('users_registered', sa.Integer(), nullable=True),
    sa.Column('users_active', sa.Integer(), nullable=True),
    sa.Column('organizations_served', sa.Integer(), nullable=True),
    sa.Column('data_requests', sa.Integer(), nullable=True),
    sa.Column('t1_push_percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('trainings_held', sa.Integer(), nullable=True),
    sa.Column('people_trained', sa.Integer(), nullable=True),
    sa.Column('events_held', sa.Integer(), nullable=True),
    sa.Column('highlights', sa.Text(), nullable=True),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('needs', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quarter BETWEEN 1 AND 4', name=op.f('ck_quarterly_reports_quarter_range')),
    sa.CheckConstraint('t1_push_percent IS NULL OR (t1_push_percent >= 0 AND t1_push_percent <= 100)', name=op.f('ck_quarterly_reports_t1_push_percent_range')),
    sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_quarterly_reports_node_id_nodes')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_quarterly_reports_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_quarterly_reports_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarterly_reports')),
    sa.UniqueConstraint('node_id', 'year', 'quarter', name='uq_quarterly_reports_node_period')
    )
    with op.batch_alter_table('quarterly_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarterly_reports_node_id'), ['node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quarterly_reports_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_quarterly_reports_year'), ['year'], unique=False)

    op.create_table('quarterly_report_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('draft', 'submitted', 'returned', 'accepted', name='from_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'returned', 'accepted', name='reportstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['quarterly_reports.id'], name=op.f('fk_quarterly_report_steps_report_id_quarterly_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quarterly_report_steps_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarterly_report_steps'))
    )
    with op.batch_alter_table('quarterly_report_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarterly_report_steps_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('quarterly_report_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarterly_report_steps_report_id'))

    op.drop_table('quarterly_report_steps')
    with op.batch_alter_table('quarterly_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarterly_reports_year'))
        batch_op.drop_index(batch_op.f('ix_quarterly_reports_status'))
        batch_op.drop_index(batch_op.f('ix_quarterly_reports_node_id'))

    op.drop_table('quarterly_reports')
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contributions_year'))
        batch_op.drop_index(batch_op.f('ix_contributions_organization_id'))
        batch_op.drop_index(batch_op.f('ix_contributions_node_id'))
        batch_op.drop_index(batch_op.f('ix_contributions_kind'))

    op.drop_table('contributions')
    with op.batch_alter_table('exchange_rates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_rates_year'))

    op.drop_table('exchange_rates')
