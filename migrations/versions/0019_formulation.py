"""formulation

Case formulation (issue 18, ADR 0115): an agreed action's owner on its task row
(`rm_tasks.owner_agency`, `owner_person`), so the team's lists and the case page show who owns
it; a pathway's latest formulation version (`rm_pathways.formulation_version`) and whether it
was closed without one (`closed_without_formulation`), for the reports. Empty (None) for every
row written before; `pathway rebuild-read-model` fills them from the workflows.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rm_tasks') as batch:
        batch.add_column(sa.Column('owner_agency', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('owner_person', sa.String(length=200), nullable=True))
    with op.batch_alter_table('rm_pathways') as batch:
        batch.add_column(sa.Column('formulation_version', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('closed_without_formulation', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rm_pathways') as batch:
        batch.drop_column('closed_without_formulation')
        batch.drop_column('formulation_version')
    with op.batch_alter_table('rm_tasks') as batch:
        batch.drop_column('owner_person')
        batch.drop_column('owner_agency')
