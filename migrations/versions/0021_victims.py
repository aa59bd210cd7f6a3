"""victims

Victims one by one (ADR 0120): `rm_victims` is keyed by (pathway_id, victim_id), a row per
victim, with the victim's kind, whether under 18, the day they first consented (the
restorative KPI's denominator), the day they withdrew, the suitability decision and the
progress updates given. Rows written before it are the pathway's one victim: `v1`. The table
is recreated (its primary key changes), copying every row.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

_OLD = ('pathway_id', 'stage', 'enhanced', 'details_received_on', 'consent', 'option',
        'told_work_ended_on')


def upgrade() -> None:
    op.create_table('rm_victims_new',
    sa.Column('pathway_id', sa.String(length=40), nullable=False),
    sa.Column('victim_id', sa.String(length=10), nullable=False),
    sa.Column('stage', sa.String(length=30), nullable=False),
    sa.Column('enhanced', sa.Boolean(), nullable=False),
    sa.Column('details_received_on', sa.Date(), nullable=True),
    sa.Column('consent', sa.String(length=20), nullable=True),
    sa.Column('option', sa.String(length=40), nullable=True),
    sa.Column('told_work_ended_on', sa.Date(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False, server_default='person'),
    sa.Column('under_18', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('ever_consented', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('consented_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('suitable', sa.Boolean(), nullable=True),
    sa.Column('risk', sa.String(length=10), nullable=True),
    sa.Column('progress_updates', sa.Integer(), nullable=False, server_default='0'),
    sa.PrimaryKeyConstraint('pathway_id', 'victim_id')
    )
    cols = ', '.join(_OLD)
    op.execute(f"INSERT INTO rm_victims_new ({cols}, victim_id) SELECT {cols}, 'v1' FROM rm_victims")
    op.execute(
        sa.text("UPDATE rm_victims_new SET ever_consented = :yes WHERE consent = 'consented'")
        .bindparams(yes=True)
    )
    op.drop_table('rm_victims')
    op.rename_table('rm_victims_new', 'rm_victims')


def downgrade() -> None:
    op.create_table('rm_victims_old',
    sa.Column('pathway_id', sa.String(length=40), nullable=False),
    sa.Column('stage', sa.String(length=30), nullable=False),
    sa.Column('enhanced', sa.Boolean(), nullable=False),
    sa.Column('details_received_on', sa.Date(), nullable=True),
    sa.Column('consent', sa.String(length=20), nullable=True),
    sa.Column('option', sa.String(length=40), nullable=True),
    sa.Column('told_work_ended_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('pathway_id')
    )
    cols = ', '.join(_OLD)
    # One victim per pathway before: the first (v1) is kept.
    op.execute(
        f"INSERT INTO rm_victims_old ({cols}) SELECT {cols} FROM rm_victims WHERE victim_id = 'v1'"
    )
    op.drop_table('rm_victims')
    op.rename_table('rm_victims_old', 'rm_victims')
