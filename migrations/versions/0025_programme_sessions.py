"""programme sessions

Who takes part in each referral's programme (roles) and its sessions by how they went, on
`rm_referrals` (`workflows.programmes`). Zero and empty for referrals written before.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 15:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

_COUNTS = ('sessions_planned', 'sessions_attended', 'sessions_missed', 'sessions_missed_unexcused')


def upgrade() -> None:
    with op.batch_alter_table('rm_referrals') as batch:
        batch.add_column(sa.Column('participants', sa.JSON(), nullable=False, server_default='[]'))
        for name in _COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('rm_referrals') as batch:
        for name in reversed(_COUNTS):
            batch.drop_column(name)
        batch.drop_column('participants')
