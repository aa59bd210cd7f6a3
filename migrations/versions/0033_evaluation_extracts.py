"""evaluation extracts

Each pseudonymised evaluation extract taken: who, when, the period and team, its purpose and
lawful basis, and how many rows and children left in it (`contracts.evaluation`, ADR 0130).

Revision ID: 0033
Revises: 0031
Create Date: 2026-12-06 16:40:00
"""

from alembic import op
import sqlalchemy as sa



revision = '0033'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'evaluation_extracts',
        sa.Column('extract_id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('requested_by', sa.String(length=200), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('since', sa.Date(), nullable=False),
        sa.Column('until', sa.Date(), nullable=False),
        sa.Column('team', sa.String(length=200), nullable=True),
        sa.Column('purpose', sa.Text(), nullable=False),
        sa.Column('lawful_basis', sa.String(length=40), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('children', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('extract_id'),
    )


def downgrade() -> None:
    op.drop_table('evaluation_extracts')
