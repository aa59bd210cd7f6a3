"""restorative

A referral order's restorative enquiry, parent work and panel meetings in the read model
(`rm_restorative`, no free text), and `rm_tasks.not_done`: a task cancelled because the work
was not done (a declined enquiry and the parent work it cancels), which reports count as not
done rather than leave out (ADR 0118). Every task written before is false; pathways started
before the `restorative-2026-12` patch have no rows.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rm_restorative',
    sa.Column('pathway_id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('not_done', sa.Boolean(), nullable=False),
    sa.Column('choice', sa.String(length=30), nullable=True),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('quorate', sa.Boolean(), nullable=True),
    sa.Column('parent_attended', sa.Boolean(), nullable=True),
    sa.Column('court_excused_parent', sa.Boolean(), nullable=True),
    sa.PrimaryKeyConstraint('pathway_id', 'seq')
    )
    with op.batch_alter_table('rm_tasks') as batch:
        batch.add_column(
            sa.Column('not_done', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('rm_tasks') as batch:
        batch.drop_column('not_done')
    op.drop_table('rm_restorative')
