"""notify delivery and sms consents

GOV.UK Notify as a delivery channel (ADR 0136): the outbox keeps which addresses Notify took a
message for, failed attempts with when to try again, and a refusal no retry would change. Text
reminders of appointments (ADR 0137): numbers recorded with consent for that purpose, and the
reminders sent to them.

Revision ID: 0029
Revises: 0033
Create Date: 2026-12-06 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0029'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('delivered_to', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('last_error', sa.String(length=300), nullable=True))
        batch.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('failure', sa.String(length=300), nullable=True))
    op.create_table(
        'contact_consents',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('pathway_id', sa.String(length=40), nullable=False),
        sa.Column('purpose', sa.String(length=40), nullable=False),
        sa.Column('phone_number', sa.String(length=20), nullable=False),
        sa.Column('given_by', sa.String(length=30), nullable=False),
        sa.Column('given_on', sa.Date(), nullable=False),
        sa.Column('recorded_by', sa.String(length=200), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.Column('withdrawn_by', sa.String(length=200), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_contact_consents_pathway_id', 'contact_consents', ['pathway_id'])
    op.create_table(
        'sms_reminders',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('pathway_id', sa.String(length=40), nullable=False),
        sa.Column('consent_id', sa.Integer(), nullable=False),
        sa.Column('appointment_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('send_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('notify_id', sa.String(length=40), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('failure', sa.String(length=300), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['consent_id'], ['contact_consents.id']),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_sms_reminders_pathway_id', 'sms_reminders', ['pathway_id'])
    op.create_index('ix_sms_reminders_consent_id', 'sms_reminders', ['consent_id'])
    op.create_index('ix_sms_reminders_due', 'sms_reminders', ['sent_at', 'send_at'])


def downgrade() -> None:
    op.drop_table('sms_reminders')
    op.drop_index('ix_contact_consents_pathway_id', table_name='contact_consents')
    op.drop_table('contact_consents')
    with op.batch_alter_table('outbox') as batch:
        for name in ('failure', 'failed_at', 'last_error', 'next_attempt_at', 'attempts', 'delivered_to'):
            batch.drop_column(name)
