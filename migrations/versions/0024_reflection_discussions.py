"""reflection discussions

A supervisor's discussion of a sampled decision's bias reflection with the case manager (the
supervision queue, issue 19): keyed by the pathway and the reflection's number; the note is
emptied when the pathway is anonymised.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 14:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reflection_discussions',
        sa.Column('pathway_id', sa.String(length=40), primary_key=True),
        sa.Column('seq', sa.Integer(), primary_key=True),
        sa.Column('discussed_on', sa.Date(), nullable=False),
        sa.Column('discussed_by', sa.String(length=200), nullable=False),
        sa.Column('outcome', sa.String(length=40), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('reflection_discussions')
