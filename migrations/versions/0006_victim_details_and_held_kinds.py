"""victim details and held kinds

Court records get the case and defendant (to match victim details from the police to a
pathway), held records a kind and a resolution, and victim details messages their own table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 11:27:49.279607
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('victim_details',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('pathway_id', sa.String(length=40), nullable=False),
    sa.Column('case_urn', sa.String(length=50), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('enhanced', sa.Boolean(), nullable=False),
    sa.Column('opted_out', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id')
    )
    op.create_index(op.f('ix_victim_details_pathway_id'), 'victim_details', ['pathway_id'], unique=False)
    op.add_column('court_records', sa.Column('case_urn', sa.String(length=50), nullable=True))
    op.add_column('court_records', sa.Column('defendant_id', sa.String(length=100), nullable=True))
    op.create_index('ix_court_records_case_defendant', 'court_records', ['case_urn', 'defendant_id'], unique=False)
    op.add_column('held_records', sa.Column('kind', sa.String(length=30), nullable=False, server_default='canonical'))
    op.add_column('held_records', sa.Column('resolution', sa.Text(), nullable=True))
    op.create_index(op.f('ix_held_records_kind'), 'held_records', ['kind'], unique=False)
    _backfill()


def _backfill() -> None:
    # The business key is "CASE_URN|defendant id|disposal|made on" (the URN upper-cased).
    bind = op.get_bind()
    records = sa.table('court_records', sa.column('id'), sa.column('business_key'),
                       sa.column('case_urn'), sa.column('defendant_id'))
    for row_id, key in bind.execute(sa.select(records.c.id, records.c.business_key)).all():
        parts = key.split('|')
        if len(parts) >= 4:
            bind.execute(records.update().where(records.c.id == row_id).values(
                case_urn=parts[0], defendant_id='|'.join(parts[1:-2])))
    held = sa.table('held_records', sa.column('id'), sa.column('payload', sa.JSON), sa.column('kind'))
    for row_id, payload in bind.execute(sa.select(held.c.id, held.c.payload)).all():
        if isinstance(payload, dict) and 'hearing_id' in payload and 'message' in payload:
            bind.execute(held.update().where(held.c.id == row_id).values(kind='common_platform'))


def downgrade() -> None:
    op.drop_index(op.f('ix_held_records_kind'), table_name='held_records')
    with op.batch_alter_table('held_records') as batch:
        batch.drop_column('resolution')
        batch.drop_column('kind')
    op.drop_index('ix_court_records_case_defendant', table_name='court_records')
    with op.batch_alter_table('court_records') as batch:
        batch.drop_column('defendant_id')
        batch.drop_column('case_urn')
    op.drop_index(op.f('ix_victim_details_pathway_id'), table_name='victim_details')
    op.drop_table('victim_details')
