"""scope of every record, and the outcome of every audited act

Pathways, their tasks, the intake's index, held records and notifications carry the area
(youth justice service) whose supervisors see them while unallocated; held records name who
sent them. Audit rows record the outcome of the act (done, refused, failed) and its status.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_AREA_TABLES = ('rm_pathways', 'rm_tasks', 'pathway_index', 'held_records', 'outbox')


def upgrade() -> None:
    for table in _AREA_TABLES:
        op.add_column(table, sa.Column('area', sa.String(length=100), nullable=True))
    op.add_column('held_records', sa.Column('received_by', sa.String(length=200), nullable=True))
    op.add_column('audit_events', sa.Column('outcome', sa.String(length=20), nullable=True))
    op.add_column('audit_events', sa.Column('status', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('audit_events', 'status')
    op.drop_column('audit_events', 'outcome')
    op.drop_column('held_records', 'received_by')
    for table in reversed(_AREA_TABLES):
        op.drop_column(table, 'area')
