"""quarterly workflow notices: two notice kinds, report_submitted and report_accepted

Revision ID: aba25b5917d9
Revises: 9655bf5de72f
Create Date: 2026-12-02 14:47:00

"""
from migrations.helpers import change_notice_kinds, delete_notices


# revision identifiers, used by Alembic.
revision = 'aba25b5917d9'
down_revision = '9655bf5de72f'
branch_labels = None
depends_on = None

OLD = ('report_due', 'report_overdue', 'report_returned', 'agreement_expiry', 'agreement_notice', 'report_drafted',
       'job_failed')
NEW = OLD + ('report_submitted', 'report_accepted')


def upgrade():
    change_notice_kinds(OLD, NEW)


def downgrade():
    delete_notices(('report_submitted', 'report_accepted'))
    change_notice_kinds(NEW, OLD)
