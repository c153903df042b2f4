"""contribution imports: each import a recorded batch (file SHA-256, who, when, rows); contributions point to theirs

Revision ID: 9655bf5de72f
Revises: 7c1e5a9d2b44
Create Date: 2026-12-02 14:33:38.618698

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9655bf5de72f'
down_revision = '7c1e5a9d2b44'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contribution_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_via', sa.Enum('page', 'cli', name='importvia', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('rows_added', sa.Integer(), nullable=False),
    sa.Column('rows_skipped', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_contribution_imports_imported_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_imports')),
    sa.UniqueConstraint('sha256', name=op.f('uq_contribution_imports_sha256'))
    )
    with op.batch_alter_table('contribution_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_imports_imported_at'), ['imported_at'], unique=False)

    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_contributions_import_id'), ['import_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_contributions_import_id_contribution_imports'), 'contribution_imports', ['import_id'], ['id'])



def downgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contributions_import_id_contribution_imports'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contributions_import_id'))
        batch_op.drop_column('import_id')

    with op.batch_alter_table('contribution_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_imports_imported_at'))

    op.drop_table('contribution_imports')
