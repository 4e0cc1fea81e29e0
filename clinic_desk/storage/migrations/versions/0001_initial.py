"""Initial schema: users, patients, records and their children, signatures, addenda,
handout print log, edit locks, audit trail, clinic settings; integrity triggers.

The triggers make a signed record immutable below the application (issue 6): no UPDATE or
DELETE of a signed record or of its joints, medications and complications, on SQLite and on
PostgreSQL alike; signatures, addenda, the print log and the audit trail are append-only.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clinic_desk.storage.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SIGNED = "clinic_desk: record is signed"
APPEND_ONLY = "clinic_desk: append-only table"
UNSIGNED = "clinic_desk: a record is signed only with a signature"
CHILDREN = ("record_joints", "record_medications", "record_complications")
APPEND_ONLY_TABLES = ("signatures", "addenda", "handout_prints", "audit_log")


def _sqlite_triggers() -> list[str]:
    sql = [
        f"""CREATE TRIGGER trg_records_signed_update BEFORE UPDATE ON records
            WHEN OLD.status = 'signed'
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
        f"""CREATE TRIGGER trg_records_signed_delete BEFORE DELETE ON records
            WHEN OLD.status = 'signed'
            BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
        f"""CREATE TRIGGER trg_records_sign_needs_signature BEFORE UPDATE OF status ON records
            WHEN NEW.status = 'signed'
             AND NOT EXISTS (SELECT 1 FROM signatures WHERE record_id = NEW.id)
            BEGIN SELECT RAISE(ABORT, '{UNSIGNED}'); END""",
        f"""CREATE TRIGGER trg_records_insert_signed BEFORE INSERT ON records
            WHEN NEW.status = 'signed'
            BEGIN SELECT RAISE(ABORT, '{UNSIGNED}'); END""",
    ]
    for t in CHILDREN:
        sql += [
            f"""CREATE TRIGGER trg_{t}_signed_insert BEFORE INSERT ON {t}
                WHEN (SELECT status FROM records WHERE id = NEW.record_id) = 'signed'
                BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
            f"""CREATE TRIGGER trg_{t}_signed_update BEFORE UPDATE ON {t}
                WHEN (SELECT status FROM records WHERE id = OLD.record_id) = 'signed'
                  OR (SELECT status FROM records WHERE id = NEW.record_id) = 'signed'
                BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
            f"""CREATE TRIGGER trg_{t}_signed_delete BEFORE DELETE ON {t}
                WHEN (SELECT status FROM records WHERE id = OLD.record_id) = 'signed'
                BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
        ]
    for t in APPEND_ONLY_TABLES:
        sql += [
            f"""CREATE TRIGGER trg_{t}_no_update BEFORE UPDATE ON {t}
                BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
            f"""CREATE TRIGGER trg_{t}_no_delete BEFORE DELETE ON {t}
                BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
        ]
    return sql


def _postgresql_triggers() -> list[str]:
    sql = [
        f"""CREATE FUNCTION clinic_guard_record() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NEW.status = 'signed' THEN RAISE EXCEPTION '{UNSIGNED}'; END IF;
            RETURN NEW;
          END IF;
          IF OLD.status = 'signed' THEN RAISE EXCEPTION '{SIGNED}'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.status = 'signed'
             AND NOT EXISTS (SELECT 1 FROM signatures WHERE record_id = NEW.id) THEN
            RAISE EXCEPTION '{UNSIGNED}';
          END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER trg_records_guard BEFORE INSERT OR UPDATE OR DELETE ON records
           FOR EACH ROW EXECUTE FUNCTION clinic_guard_record()""",
        f"""CREATE FUNCTION clinic_guard_child() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
               SELECT 1 FROM records WHERE id = OLD.record_id AND status = 'signed') THEN
            RAISE EXCEPTION '{SIGNED}';
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
               SELECT 1 FROM records WHERE id = NEW.record_id AND status = 'signed') THEN
            RAISE EXCEPTION '{SIGNED}';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE FUNCTION clinic_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '{APPEND_ONLY}';
        END $$""",
        f"""CREATE FUNCTION clinic_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '{APPEND_ONLY}';
        END $$""",
    ]
    for t in CHILDREN:
        sql.append(f"""CREATE TRIGGER trg_{t}_guard BEFORE INSERT OR UPDATE OR DELETE ON {t}
                       FOR EACH ROW EXECUTE FUNCTION clinic_guard_child()""")
    for t in APPEND_ONLY_TABLES:
        sql.append(f"""CREATE TRIGGER trg_{t}_append_only BEFORE UPDATE OR DELETE ON {t}
                       FOR EACH ROW EXECUTE FUNCTION clinic_append_only()""")
    # TRUNCATE skips row triggers; refuse it on every table that holds signed content.
    for t in ("records", *CHILDREN, *APPEND_ONLY_TABLES):
        sql.append(f"""CREATE TRIGGER trg_{t}_no_truncate BEFORE TRUNCATE ON {t}
                       FOR EACH STATEMENT EXECUTE FUNCTION clinic_no_truncate()""")
    return sql


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False)
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'], unique=False)
    op.create_index(op.f('ix_audit_log_patient_id'), 'audit_log', ['patient_id'], unique=False)
    op.create_index(op.f('ix_audit_log_record_id'), 'audit_log', ['record_id'], unique=False)
    op.create_index(op.f('ix_audit_log_username'), 'audit_log', ['username'], unique=False)
    op.create_table('patients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mrn', sa.String(length=20), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_key', sa.String(length=100).with_variant(sa.String(length=100, collation='C'), 'postgresql'), nullable=False),
    sa.Column('given_key', sa.String(length=100).with_variant(sa.String(length=100, collation='C'), 'postgresql'), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('preferred_language', sa.String(length=8), nullable=False),
    sa.Column('weight_kg', sa.Float(), nullable=True),
    sa.Column('diabetic', sa.Boolean(), nullable=False),
    sa.Column('anticoagulant', sa.String(length=200), nullable=True),
    sa.Column('anticoagulant_resume', sa.Text(), nullable=False),
    sa.Column('allergies', sa.Text(), nullable=False),
    sa.Column('escort', sa.String(length=200), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patients')),
    sa.UniqueConstraint('mrn', name=op.f('uq_patients_mrn'))
    )
    op.create_index(op.f('ix_patients_date_of_birth'), 'patients', ['date_of_birth'], unique=False)
    op.create_index(op.f('ix_patients_family_key'), 'patients', ['family_key'], unique=False)
    op.create_index(op.f('ix_patients_given_key'), 'patients', ['given_key'], unique=False)
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('credentials', sa.String(length=60), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', UtcDateTime(), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('nurse','physician','desk','admin')", name=op.f('ck_users_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('block_number', sa.SmallInteger(), nullable=True),
    sa.Column('performed_at', UtcDateTime(), nullable=False),
    sa.Column('performed_offset_min', sa.SmallInteger(), nullable=False),
    sa.Column('ended_at', UtcDateTime(), nullable=True),
    sa.Column('follow_up', UtcDateTime(), nullable=True),
    sa.Column('follow_up_offset_min', sa.SmallInteger(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('physician_id', sa.Integer(), nullable=True),
    sa.Column('nurse_id', sa.Integer(), nullable=True),
    sa.Column('levels', sa.String(length=400), nullable=False),
    sa.Column('modality', sa.String(length=16), nullable=False),
    sa.Column('fluoro_time_s', sa.Float(), nullable=True),
    sa.Column('dose_mgy', sa.Float(), nullable=True),
    sa.Column('dap_mgy_cm2', sa.Float(), nullable=True),
    sa.Column('contrast', sa.String(length=60), nullable=True),
    sa.Column('sedation', sa.String(length=16), nullable=False),
    sa.Column('pain_before', sa.SmallInteger(), nullable=True),
    sa.Column('pain_after', sa.SmallInteger(), nullable=True),
    sa.Column('vitals_before', sa.String(length=200), nullable=False),
    sa.Column('vitals_after', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('weight_kg', sa.Float(), nullable=True),
    sa.Column('diabetic', sa.Boolean(), nullable=False),
    sa.Column('anticoagulant', sa.String(length=200), nullable=True),
    sa.Column('anticoagulant_resume', sa.Text(), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft','ready','signed')", name=op.f('ck_records_status')),
    sa.CheckConstraint('pain_after IS NULL OR pain_after BETWEEN 0 AND 10', name=op.f('ck_records_pain_after')),
    sa.CheckConstraint('pain_before IS NULL OR pain_before BETWEEN 0 AND 10', name=op.f('ck_records_pain_before')),
    sa.ForeignKeyConstraint(['nurse_id'], ['users.id'], name=op.f('fk_records_nurse_id_users')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_records_patient_id_patients')),
    sa.ForeignKeyConstraint(['physician_id'], ['users.id'], name=op.f('fk_records_physician_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records'))
    )
    op.create_index(op.f('ix_records_patient_id'), 'records', ['patient_id'], unique=False)
    op.create_index('ix_records_patient_performed', 'records', ['patient_id', 'performed_at'], unique=False)
    op.create_index('ix_records_performed_at', 'records', ['performed_at'], unique=False)
    op.create_index('ix_records_status_performed', 'records', ['status', 'performed_at'], unique=False)
    op.create_table('addenda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=400), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('author_username', sa.String(length=64), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('credentials', sa.String(length=60), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('offset_min', sa.SmallInteger(), nullable=False),
    sa.Column('meaning', sa.String(length=60), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('changes_instructions', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_addenda_author_id_users')),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_addenda_record_id_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addenda'))
    )
    op.create_index(op.f('ix_addenda_record_id'), 'addenda', ['record_id'], unique=False)
    op.create_table('edit_locks',
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('workstation', sa.String(length=120), nullable=False),
    sa.Column('since', UtcDateTime(), nullable=False),
    sa.Column('heartbeat', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_edit_locks_record_id_records')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_edit_locks'))
    )
    op.create_table('handout_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('handout_version', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('printed_at', UtcDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=120), nullable=False),
    sa.Column('printer', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=400), nullable=False),
    sa.Column('verification_code', sa.String(length=40), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('checked_out', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_handout_prints_record_id_records')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_handout_prints_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handout_prints'))
    )
    op.create_index(op.f('ix_handout_prints_record_id'), 'handout_prints', ['record_id'], unique=False)
    op.create_table('record_complications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_record_complications_record_id_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_complications'))
    )
    op.create_index(op.f('ix_record_complications_record_id'), 'record_complications', ['record_id'], unique=False)
    op.create_table('record_joints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_record_joints_record_id_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_joints')),
    sa.UniqueConstraint('record_id', 'level', name='record_level')
    )
    op.create_index(op.f('ix_record_joints_record_id'), 'record_joints', ['record_id'], unique=False)
    op.create_table('record_medications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('strength', sa.String(length=30), nullable=False),
    sa.Column('volume_ml', sa.Float(), nullable=False),
    sa.Column('per_target', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_record_medications_record_id_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_medications'))
    )
    op.create_index(op.f('ix_record_medications_record_id'), 'record_medications', ['record_id'], unique=False)
    op.create_table('signatures',
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('signer_username', sa.String(length=64), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('credentials', sa.String(length=60), nullable=False),
    sa.Column('signed_at', UtcDateTime(), nullable=False),
    sa.Column('signed_offset_min', sa.SmallInteger(), nullable=False),
    sa.Column('meaning', sa.String(length=60), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_signatures_record_id_records')),
    sa.ForeignKeyConstraint(['signer_id'], ['users.id'], name=op.f('fk_signatures_signer_id_users')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_signatures'))
    )
    dialect = op.get_bind().dialect.name
    for statement in _sqlite_triggers() if dialect == "sqlite" else _postgresql_triggers():
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("Clinic Desk never drops clinical tables; restore a backup instead.")
