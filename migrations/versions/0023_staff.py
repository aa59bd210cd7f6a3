"""staff

Staff (case managers) in their teams, and their one-to-one clinical supervisions (a date and
themes, no case content): the supervision each is due, the team dashboard and the workforce
KPIs (ADR 0124).

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-06 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('user_name', sa.String(length=200), nullable=False),
        sa.Column('team', sa.String(length=200), nullable=False),
        sa.Column('joined_on', sa.Date(), nullable=False),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.Column('added_by', sa.String(length=200), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_staff_user_name', 'staff', ['user_name'])
    op.create_index('ix_staff_team_user', 'staff', ['team', 'user_name'])
    op.create_table(
        'staff_supervisions',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('supervised_on', sa.Date(), nullable=False),
        sa.Column('themes', sa.JSON(), nullable=False),
        sa.Column('recorded_by', sa.String(length=200), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        'ix_staff_supervisions_staff_on', 'staff_supervisions', ['staff_id', 'supervised_on']
    )


def downgrade() -> None:
    op.drop_index('ix_staff_supervisions_staff_on', 'staff_supervisions')
    op.drop_table('staff_supervisions')
    op.drop_index('ix_staff_team_user', 'staff')
    op.drop_index('ix_staff_user_name', 'staff')
    op.drop_table('staff')
