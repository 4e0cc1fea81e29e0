"""ORM rows. Repositories turn them into frozen domain values; nothing above storage sees them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .types import UtcDateTime, search_string

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(60), default="")
    npi: Mapped[str | None] = mapped_column(String(10), nullable=True)  # migration 0008
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("role IN ('nurse','physician','desk','admin')", name="role"),
    )


class PatientRow(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mrn: Mapped[str] = mapped_column(String(20), unique=True)
    family_name: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    family_key: Mapped[str] = mapped_column(search_string(100))
    given_key: Mapped[str] = mapped_column(search_string(100))
    date_of_birth: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(8), default="unknown")
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    weight_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    diabetic: Mapped[bool] = mapped_column(Boolean, default=False)
    anticoagulant: Mapped[str | None] = mapped_column(String(200), nullable=True)
    anticoagulant_resume: Mapped[str] = mapped_column(Text, default="")
    # The restart instructions per language, JSON {"en": ..., "es": ...}; NULL on rows older
    # than migration 0005, whose `anticoagulant_resume` is in the preferred language.
    anticoagulant_resume_texts: Mapped[str | None] = mapped_column(Text, nullable=True)
    allergies: Mapped[str] = mapped_column(Text, default="")
    escort: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # for calls (migration 0009)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    # Search reads each name's matches in list order (family, given); migration 0003.
    __table_args__ = (
        Index("ix_patients_family_given", "family_key", "given_key", "id"),
        Index("ix_patients_given_family", "given_key", "family_key", "id"),
    )


class PatientNameTokenRow(Base):
    """Where each later part of a patient's names starts (domain.record.name_tokens), so a
    search finds "李" in "Łukasiewicz-李" or a third given name through an index (migration
    0007). The list's order keys are copied so a page is read from the index alone.
    PatientRepository keeps these rows in step with the names, in the same transaction."""

    __tablename__ = "patient_name_tokens"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(search_string(100), primary_key=True)
    family_key: Mapped[str] = mapped_column(search_string(100))
    given_key: Mapped[str] = mapped_column(search_string(100))

    __table_args__ = (
        Index("ix_patient_name_tokens_search", "token", "family_key", "given_key",
              "patient_id"),
        # A common prefix ("jo") reads this one in list order instead of sorting thousands.
        Index("ix_patient_name_tokens_order", "family_key", "given_key", "patient_id",
              "token"),
    )


class RecordRow(Base):
    """One procedure. Patient facts that drive the handout are copied here (a snapshot), so a
    signed record never changes when the patient's chart does."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    block_number: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    performed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    performed_offset_min: Mapped[int] = mapped_column(SmallInteger, default=0)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    follow_up: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    follow_up_offset_min: Mapped[int] = mapped_column(SmallInteger, default=0)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    status_note: Mapped[str | None] = mapped_column(String(300), nullable=True)  # issue 15
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # issue 15
    unanswered: Mapped[str | None] = mapped_column(String(80), nullable=True)  # issue 15 (5)
    physician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    nurse_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    levels: Mapped[str] = mapped_column(String(400), default="")  # worklist summary
    modality: Mapped[str] = mapped_column(String(16), default="fluoroscopy")
    fluoro_time_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    dose_mgy: Mapped[float | None] = mapped_column(Float, nullable=True)
    dap_mgy_cm2: Mapped[float | None] = mapped_column(Float, nullable=True)
    contrast: Mapped[str | None] = mapped_column(String(60), nullable=True)
    sedation: Mapped[str] = mapped_column(String(16), default="none")
    pain_before: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    pain_after: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    vitals_before: Mapped[str] = mapped_column(String(200), default="{}")  # JSON object
    vitals_after: Mapped[str] = mapped_column(String(200), default="{}")
    notes: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON; migration 0008
    weight_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    diabetic: Mapped[bool] = mapped_column(Boolean, default=False)
    anticoagulant: Mapped[str | None] = mapped_column(String(200), nullable=True)
    anticoagulant_resume: Mapped[str] = mapped_column(Text, default="")
    # The restart instructions per language, JSON {"en": ..., "es": ...}; NULL on rows older
    # than migration 0005, whose `anticoagulant_resume` is in the preferred language.
    anticoagulant_resume_texts: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[PatientRow] = relationship(lazy="joined", innerjoin=True)
    physician: Mapped[UserRow | None] = relationship(foreign_keys=[physician_id], lazy="joined")
    nurse: Mapped[UserRow | None] = relationship(foreign_keys=[nurse_id], lazy="joined")
    joints: Mapped[list[RecordJointRow]] = relationship(
        order_by="RecordJointRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    medications: Mapped[list[MedicationRow]] = relationship(
        order_by="MedicationRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    complications: Mapped[list[ComplicationRow]] = relationship(
        order_by="ComplicationRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    signature: Mapped[SignatureRow | None] = relationship(lazy="selectin", viewonly=True)
    addenda: Mapped[list[AddendumRow]] = relationship(
        order_by="AddendumRow.id", lazy="selectin", viewonly=True
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_records_performed_at", "performed_at"),
        Index("ix_records_patient_performed", "patient_id", "performed_at"),
        Index("ix_records_status_performed", "status", "performed_at"),
        # Reports (issue 13, migration 0009) read a period's records from this index alone.
        Index("ix_records_report", "performed_at", "kind", "physician_id", "block_number",
              "performed_offset_min", "levels", "fluoro_time_s", "dose_mgy"),
        CheckConstraint("status IN ('draft','ready','signed')", name="status"),
        CheckConstraint("pain_before IS NULL OR pain_before BETWEEN 0 AND 10", name="pain_before"),
        CheckConstraint("pain_after IS NULL OR pain_after BETWEEN 0 AND 10", name="pain_after"),
    )


class RecordJointRow(Base):
    __tablename__ = "record_joints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    level: Mapped[str] = mapped_column(String(8))
    side: Mapped[str] = mapped_column(String(10))

    __table_args__ = (UniqueConstraint("record_id", "level", name="record_level"),)


class MedicationRow(Base):
    __tablename__ = "record_medications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(60))
    strength: Mapped[str] = mapped_column(String(30))
    volume_ml: Mapped[float] = mapped_column(Float)
    per_target: Mapped[bool] = mapped_column(Boolean, default=True)


class ComplicationRow(Base):
    __tablename__ = "record_complications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")


class SignatureRow(Base):
    """The signature manifestation and the exact content it covers (21 CFR 11.50, 11.70)."""

    __tablename__ = "signatures"

    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), primary_key=True)
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signer_username: Mapped[str] = mapped_column(String(64))
    printed_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(60), default="")
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    signed_offset_min: Mapped[int] = mapped_column(SmallInteger, default=0)
    meaning: Mapped[str] = mapped_column(String(60))
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)  # canonical JSON that was hashed
    # Ed25519 (issue 11): the signer's key and the signature (hex); NULL only for the
    # signatures made before migration 0004, listed in legacy_signatures.
    key_id: Mapped[int | None] = mapped_column(ForeignKey("signing_keys.id"), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    # Why a steroid was given in a diagnostic block (issue 12; migration 0005).
    steroid_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class AddendumRow(Base):
    __tablename__ = "addenda"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(400))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_username: Mapped[str] = mapped_column(String(64))
    printed_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    offset_min: Mapped[int] = mapped_column(SmallInteger, default=0)
    meaning: Mapped[str] = mapped_column(String(60))
    content_hash: Mapped[str] = mapped_column(String(64))
    changes_instructions: Mapped[bool] = mapped_column(Boolean, default=False)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("signing_keys.id"), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    # Printed texts the addendum corrects, JSON [{"path", "value"}] (issue 12; migration 0005).
    corrections: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class SigningKeyRow(Base):
    """A signer's Ed25519 key pair (issue 11): the public key, and the private key sealed
    under a key derived from the signer's password. Append-only: a new password gives a new
    row, and old rows stay so that old signatures keep verifying."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(String(64))  # hex of the 32 raw bytes
    sealed_key: Mapped[str] = mapped_column(Text)  # JSON: argon2id parameters, AES-GCM box
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LegacySignatureRow(Base):
    """The hash-only signatures that existed when migration 0004 ran (frozen by trigger)."""

    __tablename__ = "legacy_signatures"

    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class HandoutPrintRow(Base):
    """Every handout printed or saved: who, when, where, and the exact PDF bytes."""

    __tablename__ = "handout_prints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    handout_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    printed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(120))
    printer: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(400), default="")
    verification_code: Mapped[str] = mapped_column(String(40))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    checked_out: Mapped[bool] = mapped_column(Boolean, default=True)


class EditLockRow(Base):
    """Who has a record open for editing, so others see "being edited by ..."."""

    __tablename__ = "edit_locks"

    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    workstation: Mapped[str] = mapped_column(String(120))
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    heartbeat: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    """Append-only, hash-chained audit trail (issue 6). Never holds passwords."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    workstation: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40), index=True)
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    patient_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SettingRow(Base):
    """Clinic-wide settings shared by every workstation, one JSON value per key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CallRow(Base):
    """A next-day call or outcome follow-up (issue 13): a separate entry signed by the nurse
    who made it, linked to the record; append-only, the record itself is never changed.

    `content` is the call JSON that `content_hash` covers; the other result columns copy
    what reports count, so they run in the database."""

    __tablename__ = "call_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(12))
    months: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    called_at: Mapped[datetime] = mapped_column(UtcDateTime)
    called_offset_min: Mapped[int] = mapped_column(SmallInteger, default=0)
    outcome: Mapped[str] = mapped_column(String(16))
    problems: Mapped[str] = mapped_column(String(200), default="")  # complication kinds
    result_kind: Mapped[str] = mapped_column(String(10), default="")  # diary | recalled
    peak_percent: Mapped[float | None] = mapped_column(Float, nullable=True)
    clean_peak_percent: Mapped[float | None] = mapped_column(Float, nullable=True)
    fu_pain: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    fu_relief: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    fu_impression: Mapped[str | None] = mapped_column(String(24), nullable=True)
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    nurse_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    nurse_username: Mapped[str] = mapped_column(String(64))
    printed_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(60), default="")
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    signed_offset_min: Mapped[int] = mapped_column(SmallInteger, default=0)

    __table_args__ = (
        # Every report subquery is answered from this index alone (a call row itself holds
        # the whole signed JSON): calls of a record, newest last, with what reports count.
        Index("ix_call_entries_record", "record_id", "purpose", "outcome", "id",
              "result_kind", "clean_peak_percent", "months", "fu_relief"),
        Index("ix_call_entries_called_at", "called_at"),
        CheckConstraint("purpose IN ('next_day','follow_up')", name="purpose"),
        CheckConstraint("outcome IN ('reached','no_answer','left_message')", name="outcome"),
    )


# The report summary (issue 13, migration 0011): derived from records, their complications
# and their calls, kept in step in the same transaction as every write
# (storage/report_summary.py). Not evidence: `report rebuild` recomputes it from the rows.


class ReportFactRow(Base):
    """What the reports count of one procedure: its local day, who, what, its fluoroscopy
    and dose, the next-day call state (0 none, 1 called, 2 reached), the clean peak relief
    of the newest reached next-day call with a diary result (-1 indeterminate) and the relief
    at the 6-month follow-up. Voided drafts have none."""

    __tablename__ = "report_facts"

    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date)
    physician_id: Mapped[int] = mapped_column(Integer)  # 0: no physician
    kind: Mapped[str] = mapped_column(String(32))
    block_number: Mapped[int] = mapped_column(SmallInteger)  # 0: none
    region: Mapped[str] = mapped_column(String(4))  # letter of the first level, or ""
    fluoro_time_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    dose_mgy: Mapped[float | None] = mapped_column(Float, nullable=True)
    nd: Mapped[int] = mapped_column(SmallInteger)
    peak: Mapped[float | None] = mapped_column(Float, nullable=True)
    relief: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)

    __table_args__ = (
        Index("ix_report_facts_day", "day", "kind", "block_number", "region",
              "fluoro_time_s", "dose_mgy", "peak"),
        Index("ix_report_facts_physician", "physician_id", "day", "kind", "block_number",
              "region", "fluoro_time_s", "dose_mgy", "peak"),
    )


class ReportFactComplicationRow(Base):
    __tablename__ = "report_fact_complications"

    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    complication: Mapped[str] = mapped_column(String(20), primary_key=True)


class ReportDayCountRow(Base):
    """Per local day, physician (0 none), kind and block number (0 none): the counts."""

    __tablename__ = "report_day_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    physician_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    block_number: Mapped[int] = mapped_column(SmallInteger, primary_key=True,
                                              autoincrement=False)
    n: Mapped[int] = mapped_column(Integer)
    called: Mapped[int] = mapped_column(Integer)
    reached: Mapped[int] = mapped_column(Integer)
    with_result: Mapped[int] = mapped_column(Integer)
    indeterminate: Mapped[int] = mapped_column(Integer)
    followed: Mapped[int] = mapped_column(Integer)
    relieved: Mapped[int] = mapped_column(Integer)


class ReportMonthValueRow(Base):
    """Per month of the whole group: how many procedures had each value of a metric
    (fluoro, dose per kind and region; peak per kind and block number)."""

    __tablename__ = "report_month_values"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(8), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    block_number: Mapped[int] = mapped_column(SmallInteger, primary_key=True,
                                              autoincrement=False)
    region: Mapped[str] = mapped_column(String(4), primary_key=True)
    value: Mapped[float] = mapped_column(Float, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportDayComplicationRow(Base):
    __tablename__ = "report_day_complications"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    physician_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    complication: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
