"""Printed clinician texts per language, addenda that correct them, and the reason for a
steroid in a diagnostic block (issue 12).

- patients/records.anticoagulant_resume_texts: the blood-thinner restart instructions as a
  JSON object of language code to text. NULL on rows written before this revision: their
  `anticoagulant_resume` is in the patient's preferred language (for a signed record, the
  language its signature covers). Existing patients and unsigned records are filled here;
  signed records cannot be updated (triggers) and need not be, by that rule.
- addenda.corrections: the printed texts an addendum corrects, a JSON list of
  {"path", "value"}; part of what the addendum's signature hash covers.
- signatures.steroid_reason: why a steroid was given in a diagnostic block, stated when
  signing (REFERENCE.md 1.1/1.3).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("patients", sa.Column("anticoagulant_resume_texts", sa.Text(), nullable=True))
    op.add_column("records", sa.Column("anticoagulant_resume_texts", sa.Text(), nullable=True))
    op.add_column("addenda", sa.Column("corrections", sa.Text(), nullable=False,
                                       server_default="[]"))
    op.add_column("signatures", sa.Column("steroid_reason", sa.Text(), nullable=False,
                                          server_default=""))
    conn = op.get_bind()
    for pid, lang, text in conn.execute(sa.text(
            "SELECT id, preferred_language, anticoagulant_resume FROM patients "
            "WHERE anticoagulant IS NOT NULL")).all():
        conn.execute(sa.text("UPDATE patients SET anticoagulant_resume_texts = :t WHERE id = :i"),
                     {"t": _texts(lang, text), "i": pid})
    for rid, lang, text in conn.execute(sa.text(
            "SELECT r.id, p.preferred_language, r.anticoagulant_resume FROM records r "
            "JOIN patients p ON p.id = r.patient_id "
            "WHERE r.anticoagulant IS NOT NULL AND r.status <> 'signed'")).all():
        conn.execute(sa.text("UPDATE records SET anticoagulant_resume_texts = :t WHERE id = :i"),
                     {"t": _texts(lang, text), "i": rid})


def _texts(lang: str, text: str | None) -> str:
    clean = (text or "").strip()
    return json.dumps({lang: clean} if clean else {}, ensure_ascii=False, sort_keys=True)


def downgrade() -> None:
    op.drop_column("signatures", "steroid_reason")
    op.drop_column("addenda", "corrections")
    op.drop_column("records", "anticoagulant_resume_texts")
    op.drop_column("patients", "anticoagulant_resume_texts")
