"""diversion referrals

The intake's idempotency record of each referral for diversion or prevention
(`diversion_referrals`, `ingest.diversion`, ADR 0131): unique on the referrer's referral id,
`starting` until the pathway's workflow is started.

Revision ID: 0027
Revises: 0029
Create Date: 2026-12-06 17:00:00
"""

from alembic import op
import sqlalchemy as sa



revision = '0027'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'diversion_referrals',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('referral_id', sa.String(length=60), nullable=False),
        sa.Column('source', sa.String(length=30), nullable=False),
        sa.Column('pathway_id', sa.String(length=40), nullable=False),
        sa.Column('child_id', sa.String(length=40), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('received_by', sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('referral_id'),
    )
    op.create_index(
        'ix_diversion_referrals_pathway_id', 'diversion_referrals', ['pathway_id']
    )


def downgrade() -> None:
    op.drop_index('ix_diversion_referrals_pathway_id', table_name='diversion_referrals')
    op.drop_table('diversion_referrals')
