"""Governance: bodies, memberships, meetings, decisions, action items, governance documents, the work
plan, joint projects and calibration campaigns; two new notice kinds (action items due, overdue).

Revision ID: 0e179781e137
Revises: aba25b5917d9
Create Date: 2026-12-02 14:22:56.429817

"""
from alembic import op
import sqlalchemy as sa

from migrations.helpers import change_notice_kinds, delete_notices

OLD_KINDS = ('report_due', 'report_overdue', 'report_returned', 'agreement_expiry', 'agreement_notice',
             'report_drafted', 'job_failed', 'report_submitted', 'report_accepted')
NEW_KINDS = OLD_KINDS + ('action_due', 'action_overdue')


# revision identifiers, used by Alembic.
revision = '0e179781e137'
down_revision = 'aba25b5917d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('governance_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('board', 'advisory_committee', 'secretariat', 'joint_research_centre', 'working_group', name='bodykind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('established_on', sa.Date(), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_bodies')),
    sa.UniqueConstraint('code', name=op.f('uq_governance_bodies_code')),
    sa.UniqueConstraint('name', name=op.f('uq_governance_bodies_name'))
    )
    op.create_table('governance_campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('sites', sa.JSON(), nullable=False),
    sa.Column('satellites', sa.JSON(), nullable=False),
    sa.Column('sensors', sa.JSON(), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'ongoing', 'completed', 'suspended', name='projectstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('results', sa.Text(), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_campaigns'))
    )
    op.create_table('governance_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('from_year', sa.Integer(), nullable=False),
    sa.Column('to_year', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'achieved', 'dropped', name='goalstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_goals'))
    )
    op.create_table('governance_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_plans')),
    sa.UniqueConstraint('year', name=op.f('uq_governance_plans_year'))
    )
    op.create_table('governance_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'ongoing', 'done', 'delayed', 'cancelled', name='activitystatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['governance_goals.id'], name=op.f('fk_governance_activities_goal_id_governance_goals')),
    sa.ForeignKeyConstraint(['plan_id'], ['governance_plans.id'], name=op.f('fk_governance_activities_plan_id_governance_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_activities'))
    )
    with op.batch_alter_table('governance_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_activities_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_activities_plan_id'), ['plan_id'], unique=False)

    op.create_table('governance_campaign_partners',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['governance_campaigns.id'], name=op.f('fk_governance_campaign_partners_campaign_id_governance_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_governance_campaign_partners_organization_id_organizations')),
    sa.PrimaryKeyConstraint('campaign_id', 'organization_id', name=op.f('pk_governance_campaign_partners'))
    )
    with op.batch_alter_table('governance_campaign_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_campaign_partners_organization_id'), ['organization_id'], unique=False)

    op.create_table('governance_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('is_online', sa.Boolean(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['governance_bodies.id'], name=op.f('fk_governance_meetings_body_id_governance_bodies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_meetings'))
    )
    with op.batch_alter_table('governance_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_meetings_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_meetings_held_on'), ['held_on'], unique=False)

    op.create_table('governance_projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('lead_organization_id', sa.Integer(), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'ongoing', 'completed', 'suspended', name='projectstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_organization_id'], ['organizations.id'], name=op.f('fk_governance_projects_lead_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_projects')),
    sa.UniqueConstraint('title', name=op.f('uq_governance_projects_title'))
    )
    with op.batch_alter_table('governance_projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_projects_lead_organization_id'), ['lead_organization_id'], unique=False)

    op.create_table('governance_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('adopted', 'implemented', 'superseded', 'withdrawn', name='decisionstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['governance_bodies.id'], name=op.f('fk_governance_decisions_body_id_governance_bodies')),
    sa.ForeignKeyConstraint(['meeting_id'], ['governance_meetings.id'], name=op.f('fk_governance_decisions_meeting_id_governance_meetings')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['governance_decisions.id'], name=op.f('fk_governance_decisions_supersedes_id_governance_decisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_decisions')),
    sa.UniqueConstraint('body_id', 'year', 'number', name='uq_governance_decisions_number')
    )
    with op.batch_alter_table('governance_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_decisions_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_decisions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_decisions_supersedes_id'), ['supersedes_id'], unique=False)

    op.create_table('governance_meeting_attendees',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['governance_meetings.id'], name=op.f('fk_governance_meeting_attendees_meeting_id_governance_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_governance_meeting_attendees_person_id_people')),
    sa.PrimaryKeyConstraint('meeting_id', 'person_id', name=op.f('pk_governance_meeting_attendees'))
    )
    with op.batch_alter_table('governance_meeting_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_meeting_attendees_person_id'), ['person_id'], unique=False)

    op.create_table('governance_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('chair', 'vice_chair', 'member', 'observer', name='memberrole', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('term_from', sa.Date(), nullable=False),
    sa.Column('term_to', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('person_id IS NOT NULL OR organization_id IS NOT NULL', name=op.f('ck_governance_memberships_member')),
    sa.ForeignKeyConstraint(['body_id'], ['governance_bodies.id'], name=op.f('fk_governance_memberships_body_id_governance_bodies')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_governance_memberships_organization_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_governance_memberships_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_memberships'))
    )
    with op.batch_alter_table('governance_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_memberships_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_memberships_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_memberships_person_id'), ['person_id'], unique=False)

    op.create_table('governance_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'reached', 'cancelled', name='milestonestatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('reached_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['governance_projects.id'], name=op.f('fk_governance_milestones_project_id_governance_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_milestones'))
    )
    with op.batch_alter_table('governance_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_milestones_project_id'), ['project_id'], unique=False)

    op.create_table('governance_outputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('output', 'publication', 'dataset', 'software', name='outputkind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('citation', sa.Text(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['governance_projects.id'], name=op.f('fk_governance_outputs_project_id_governance_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_outputs'))
    )
    with op.batch_alter_table('governance_outputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_outputs_project_id'), ['project_id'], unique=False)

    op.create_table('governance_progress_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('event', 'case', 'project', 'node', name='progresskind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['governance_activities.id'], name=op.f('fk_governance_progress_links_activity_id_governance_activities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_progress_links')),
    sa.UniqueConstraint('activity_id', 'kind', 'target_id', name='uq_governance_progress_links')
    )
    with op.batch_alter_table('governance_progress_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_progress_links_activity_id'), ['activity_id'], unique=False)

    op.create_table('governance_project_partners',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_governance_project_partners_organization_id_organizations')),
    sa.ForeignKeyConstraint(['project_id'], ['governance_projects.id'], name=op.f('fk_governance_project_partners_project_id_governance_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'organization_id', name=op.f('pk_governance_project_partners'))
    )
    with op.batch_alter_table('governance_project_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_project_partners_organization_id'), ['organization_id'], unique=False)

    op.create_table('governance_action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'cancelled', name='actionstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['governance_bodies.id'], name=op.f('fk_governance_action_items_body_id_governance_bodies')),
    sa.ForeignKeyConstraint(['decision_id'], ['governance_decisions.id'], name=op.f('fk_governance_action_items_decision_id_governance_decisions')),
    sa.ForeignKeyConstraint(['meeting_id'], ['governance_meetings.id'], name=op.f('fk_governance_action_items_meeting_id_governance_meetings')),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_governance_action_items_owner_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_action_items'))
    )
    with op.batch_alter_table('governance_action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_action_items_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_action_items_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_action_items_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_action_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_action_items_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_action_items_status'), ['status'], unique=False)

    op.create_table('governance_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['governance_campaigns.id'], name=op.f('fk_governance_documents_campaign_id_governance_campaigns')),
    sa.ForeignKeyConstraint(['meeting_id'], ['governance_meetings.id'], name=op.f('fk_governance_documents_meeting_id_governance_meetings')),
    sa.ForeignKeyConstraint(['project_id'], ['governance_projects.id'], name=op.f('fk_governance_documents_project_id_governance_projects')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_governance_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_documents')),
    sa.UniqueConstraint('subject', 'title', 'version', name='uq_governance_documents_version')
    )
    with op.batch_alter_table('governance_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_documents_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_documents_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_documents_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_documents_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_governance_documents_subject'), ['subject'], unique=False)

    change_notice_kinds(OLD_KINDS, NEW_KINDS)


def downgrade():
    delete_notices(('action_due', 'action_overdue'))
    change_notice_kinds(NEW_KINDS, OLD_KINDS)
    with op.batch_alter_table('governance_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_documents_subject'))
        batch_op.drop_index(batch_op.f('ix_governance_documents_sha256'))
        batch_op.drop_index(batch_op.f('ix_governance_documents_project_id'))
        batch_op.drop_index(batch_op.f('ix_governance_documents_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_governance_documents_campaign_id'))

    op.drop_table('governance_documents')
    with op.batch_alter_table('governance_action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_action_items_status'))
        batch_op.drop_index(batch_op.f('ix_governance_action_items_owner_id'))
        batch_op.drop_index(batch_op.f('ix_governance_action_items_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_governance_action_items_due_on'))
        batch_op.drop_index(batch_op.f('ix_governance_action_items_decision_id'))
        batch_op.drop_index(batch_op.f('ix_governance_action_items_body_id'))

    op.drop_table('governance_action_items')
    with op.batch_alter_table('governance_project_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_project_partners_organization_id'))

    op.drop_table('governance_project_partners')
    with op.batch_alter_table('governance_progress_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_progress_links_activity_id'))

    op.drop_table('governance_progress_links')
    with op.batch_alter_table('governance_outputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_outputs_project_id'))

    op.drop_table('governance_outputs')
    with op.batch_alter_table('governance_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_milestones_project_id'))

    op.drop_table('governance_milestones')
    with op.batch_alter_table('governance_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_memberships_person_id'))
        batch_op.drop_index(batch_op.f('ix_governance_memberships_organization_id'))
        batch_op.drop_index(batch_op.f('ix_governance_memberships_body_id'))

    op.drop_table('governance_memberships')
    with op.batch_alter_table('governance_meeting_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_meeting_attendees_person_id'))

    op.drop_table('governance_meeting_attendees')
    with op.batch_alter_table('governance_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_decisions_supersedes_id'))
        batch_op.drop_index(batch_op.f('ix_governance_decisions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_governance_decisions_body_id'))

    op.drop_table('governance_decisions')
    with op.batch_alter_table('governance_projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_projects_lead_organization_id'))

    op.drop_table('governance_projects')
    with op.batch_alter_table('governance_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_meetings_held_on'))
        batch_op.drop_index(batch_op.f('ix_governance_meetings_body_id'))

    op.drop_table('governance_meetings')
    with op.batch_alter_table('governance_campaign_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_campaign_partners_organization_id'))

    op.drop_table('governance_campaign_partners')
    with op.batch_alter_table('governance_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_activities_plan_id'))
        batch_op.drop_index(batch_op.f('ix_governance_activities_goal_id'))

    op.drop_table('governance_activities')
    op.drop_table('governance_plans')
    op.drop_table('governance_goals')
    op.drop_table('governance_campaigns')
    op.drop_table('governance_bodies')
