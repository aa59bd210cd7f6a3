"""held records' case

Held victim details record the case they wait for, so the intake finds them with an indexed
query when that case's order arrives (instead of reading every held message).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 15:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('held_records', sa.Column('case_urn', sa.String(length=50), nullable=True))
    op.create_index(op.f('ix_held_records_case_urn'), 'held_records', ['case_urn'], unique=False)
    held = sa.table(
        'held_records',
        sa.column('id', sa.Integer()),
        sa.column('kind', sa.String()),
        sa.column('payload', sa.JSON()),
        sa.column('case_urn', sa.String()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(held.c.id, held.c.payload).where(held.c.kind == 'victim_details'))
    for held_id, payload in rows.all():
        if isinstance(payload, dict) and payload.get('case_urn'):
            bind.execute(
                held.update()
                .where(held.c.id == held_id)
                .values(case_urn=str(payload['case_urn']).upper()[:50])
            )


def downgrade() -> None:
    op.drop_index(op.f('ix_held_records_case_urn'), table_name='held_records')
    op.drop_column('held_records', 'case_urn')
