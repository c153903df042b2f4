"""capacity and cases

Trainees; events with their organizers; application cases with their partners and framework
tags (case_tags holds each tagged code and its ancestors, so filters at any level are SQL).

Revision ID: a0d7db5ed4c1
Revises: 1996a0b936ad
Create Date: 2026-11-25 18:51:49.649770

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a0d7db5ed4c1'
down_revision = '1996a0b936ad'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('domains', sa.JSON(), nullable=False),
    sa.Column('satellites', sa.JSON(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'ongoing', 'completed', name='casestatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('outcomes', sa.Text(), nullable=True),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('sdg', sa.JSON(), nullable=False),
    sa.Column('sendai', sa.JSON(), nullable=False),
    sa.Column('paris', sa.JSON(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_cases_node_id_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_node_id'), ['node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('workshop', 'training_course', 'seminar', 'conference', 'exchange_visit', 'field_investigation', 'calibration_campaign', 'meeting', name='eventkind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('participants_total', sa.Integer(), nullable=True),
    sa.Column('participants_female', sa.Integer(), nullable=True),
    sa.Column('participants_by_country', sa.JSON(), nullable=False),
    sa.Column('outcomes', sa.Text(), nullable=True),
    sa.Column('node_id', sa.Integer(), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_events_node_id_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_node_id'), ['node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_start_on'), ['start_on'], unique=False)

    op.create_table('trainees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('gender', sa.Enum('female', 'male', 'other', 'undisclosed', name='gender', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('home_country', sa.String(length=3), nullable=False),
    sa.Column('home_organization_id', sa.Integer(), nullable=True),
    sa.Column('host_organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('training', 'staff_exchange', 'secondment', 'fellowship', 'field_work', name='traineekind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('node_id', sa.Integer(), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['home_organization_id'], ['organizations.id'], name=op.f('fk_trainees_home_organization_id_organizations')),
    sa.ForeignKeyConstraint(['host_organization_id'], ['organizations.id'], name=op.f('fk_trainees_host_organization_id_organizations')),
    sa.ForeignKeyConstraint(['node_id'], ['nodes.id'], name=op.f('fk_trainees_node_id_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainees'))
    )
    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainees_home_country'), ['home_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainees_home_organization_id'), ['home_organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainees_host_organization_id'), ['host_organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainees_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainees_node_id'), ['node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainees_start_on'), ['start_on'], unique=False)

    op.create_table('case_partners',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_partners_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_case_partners_organization_id_organizations')),
    sa.PrimaryKeyConstraint('case_id', 'organization_id', name=op.f('pk_case_partners'))
    )
    with op.batch_alter_table('case_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_partners_organization_id'), ['organization_id'], unique=False)

    op.create_table('case_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('framework', sa.String(length=10), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('is_direct', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_tags_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_tags')),
    sa.UniqueConstraint('case_id', 'framework', 'code', name='uq_case_tags_case_framework_code')
    )
    with op.batch_alter_table('case_tags', schema=None) as batch_op:
        batch_op.create_index('ix_case_tags_framework_code', ['framework', 'code'], unique=False)

    op.create_table('event_organizers',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_organizers_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_event_organizers_organization_id_organizations')),
    sa.PrimaryKeyConstraint('event_id', 'organization_id', name=op.f('pk_event_organizers'))
    )
    with op.batch_alter_table('event_organizers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_organizers_organization_id'), ['organization_id'], unique=False)



def downgrade():
    with op.batch_alter_table('event_organizers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_organizers_organization_id'))

    op.drop_table('event_organizers')
    with op.batch_alter_table('case_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_case_tags_framework_code')

    op.drop_table('case_tags')
    with op.batch_alter_table('case_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_partners_organization_id'))

    op.drop_table('case_partners')
    with op.batch_alter_table('trainees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainees_start_on'))
        batch_op.drop_index(batch_op.f('ix_trainees_node_id'))
        batch_op.drop_index(batch_op.f('ix_trainees_name'))
        batch_op.drop_index(batch_op.f('ix_trainees_host_organization_id'))
        batch_op.drop_index(batch_op.f('ix_trainees_home_organization_id'))
        batch_op.drop_index(batch_op.f('ix_trainees_home_country'))

    op.drop_table('trainees')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_start_on'))
        batch_op.drop_index(batch_op.f('ix_events_node_id'))
        batch_op.drop_index(batch_op.f('ix_events_kind'))
        batch_op.drop_index(batch_op.f('ix_events_country'))

    op.drop_table('events')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index(batch_op.f('ix_cases_node_id'))

    op.drop_table('cases')
