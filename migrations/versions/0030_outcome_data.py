"""outcome data and board meetings

Outcome data at the start and end of each order for the YJB's KPIs (`rm_outcome_data`, and on
`rm_pathways` whether the pathway takes it and whether it closed without), and the management
board meetings with the partners that attended (`board_meetings`): issue 21, ADR 0139 and 0140.
Empty (None) for rows written before, until the read model is rebuilt.

Revision ID: 0030
Revises: 0027
Create Date: 2026-12-06 17:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0030'
down_revision = '0027'
branch_labels = None
depends_on = None

_ANSWERS = (
    'accommodation_suitable', 'ete_suitable', 'send_identified', 'send_formal_plan',
    'mental_health_need', 'mental_health_offered', 'mental_health_attended',
    'substance_use_need', 'substance_use_offered', 'substance_use_attended',
    'looked_after', 'child_protection_plan', 'child_in_need', 'early_help',
)


def upgrade() -> None:
    op.create_table(
        'rm_outcome_data',
        sa.Column('pathway_id', sa.String(length=40), nullable=False),
        sa.Column('point', sa.String(length=10), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('accommodation', sa.String(length=30), nullable=False),
        sa.Column('ete', sa.String(length=30), nullable=False),
        sa.Column('ete_hours_offered', sa.Integer(), nullable=False),
        sa.Column('ete_hours_attended', sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Boolean(), nullable=False) for name in _ANSWERS),
        sa.PrimaryKeyConstraint('pathway_id', 'point'),
    )
    with op.batch_alter_table('rm_pathways') as batch:
        batch.add_column(sa.Column('outcome_data_rules', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('closed_without_outcome_data', sa.Boolean(), nullable=True))
    op.create_table(
        'board_meetings',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('team', sa.String(length=200), nullable=False),
        sa.Column('area', sa.String(length=100), nullable=True),
        sa.Column('met_on', sa.Date(), nullable=False),
        sa.Column('expected', sa.JSON(), nullable=False),
        sa.Column('attended', sa.JSON(), nullable=False),
        sa.Column('recorded_by', sa.String(length=200), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_board_meetings_team_met', 'board_meetings', ['team', 'met_on'])


def downgrade() -> None:
    op.drop_index('ix_board_meetings_team_met', 'board_meetings')
    op.drop_table('board_meetings')
    with op.batch_alter_table('rm_pathways') as batch:
        batch.drop_column('closed_without_outcome_data')
        batch.drop_column('outcome_data_rules')
    op.drop_table('rm_outcome_data')
