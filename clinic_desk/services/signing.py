"""Physician sign-off and signed addenda (REFERENCE.md 7.1-7.2).

Signing re-checks the physician's password, hashes the record's canonical JSON (SHA-256) and
stores the hash, the exact content, and the manifestation: printed name, credentials, time
with its offset, meaning. The database then refuses any change to the record (triggers).

Issue 11: the password also opens the physician's Ed25519 key (services/keys.py), which signs
the content hash, signer, time and meaning; the signature is stored with the row and in the
`record_sign` audit entry. Without the password nobody can make one, even with write access to
the database; `clinic-desk record verify` checks them (services/integrity.py).
"""

from __future__ import annotations

import hashlib
from datetime import UTC

from ..domain.audit import AuditAction
from ..domain.corrections import check_corrections
from ..domain.errors import AuthenticationError, ValidationError, VersionConflictError
from ..domain.permissions import Action
from ..domain.record import SIGNATURE_MEANINGS, Correction, ProcedureRecord, RecordStatus
from ..domain.record_format import canonical_json
from ..domain.signoff import (
    STEROID_REASON_MESSAGE,
    addendum_hash,
    signature_problems,
    steroid_reason_required,
)
from ..domain.validation import missing_for_ready, parse_text
from ..storage.convert import corrections_json, offset_min
from ..storage.models import AddendumRow, SignatureRow
from .auth import AuthService
from .base import Service
from .context import Actor
from .keys import HeldKey, addendum_payload, key_trust, signature_payload, unseal
from .keys import sign as ed25519_sign


class SigningService(Service):
    def _reauthenticate(self, actor: Actor, password: str) -> Actor:
        """11.200(a): each signing re-enters the password; wrong ones count toward the lockout.
        The account is re-read, so a role taken away since sign-in cannot sign any more."""
        try:
            fresh = AuthService(self.db, self.clock).reauthenticate(actor, password, "signing")
        except AuthenticationError as e:
            raise AuthenticationError(f"{e} Nothing was signed.") from None
        fresh.require(Action.SIGN)
        return fresh

    def _signing_key(self, actor: Actor, password: str) -> HeldKey:
        """The signer's current key, opened with their password; it must be endorsed."""
        with self.uow(write=False) as uow:
            row = uow.keys.current(actor.user_id)
            if row is None:
                raise AuthenticationError(
                    "You have no signing key yet: sign out and in again, then ask an "
                    "administrator to endorse it. Nothing was signed.")
            trusted = key_trust(uow).trusted(row.id)
        if trusted is None:
            raise AuthenticationError(
                "Your signing key has not been endorsed by an administrator yet: ask one to "
                "endorse it (Users and security, Endorse signing key), with the fingerprint "
                f"`clinic-desk user key-fingerprint --user {actor.username}` shows you. Nothing "
                "was signed.")
        try:
            private = unseal(row.sealed_key, password, row.username, row.public_key)
        except AuthenticationError:
            raise AuthenticationError(
                "Your signing key does not open with your password; ask an administrator to "
                "reset your password (that issues a new key). Nothing was signed.") from None
        return HeldKey(row.id, actor.user_id, private)

    def sign(self, actor: Actor, record_id: int, password: str, meaning: str,
             expected_version: int | None = None,
             steroid_reason: str = "") -> ProcedureRecord:
        """Sign a record that is ready. A steroid in a diagnostic block needs
        `steroid_reason` (kept in the signature and the audit; issue 12, point 4)."""
        actor.require(Action.SIGN)
        _check_meaning(meaning)
        why_steroid = parse_text(steroid_reason, "reason for the steroid", 400)
        actor = self._reauthenticate(actor, password)
        key = self._signing_key(actor, password)
        with self.uow() as uow:
            record = uow.records.get(record_id)
            if record.status is RecordStatus.SIGNED:
                raise ValidationError("This record is already signed.", "status")
            if record.status is not RecordStatus.READY:
                raise ValidationError("Only records marked ready for signature can be signed.",
                                      "status")
            if expected_version is not None and record.version != expected_version:
                raise VersionConflictError("Record", record_id, expected_version, record.version,
                                           record.updated_by, record.updated_at)
            missing = missing_for_ready(record)
            if missing:
                raise ValidationError(missing)
            if not steroid_reason_required(record):
                why_steroid = ""  # kept only where it means something
            elif not why_steroid:
                raise ValidationError(STEROID_REASON_MESSAGE, "steroid_reason")
            content = canonical_json(record)
            digest = hashlib.sha256(content).hexdigest()
            now = self.clock()
            signature = ed25519_sign(key.private, signature_payload(
                record_id, digest, actor.user_id, actor.username, key.key_id, now, meaning,
                why_steroid))
            uow.session.add(SignatureRow(
                record_id=record_id, signer_id=actor.user_id, signer_username=actor.username,
                printed_name=actor.full_name, credentials=actor.credentials, signed_at=now,
                signed_offset_min=offset_min(now), meaning=meaning, content_hash=digest,
                content=content.decode(), key_id=key.key_id, signature=signature,
                steroid_reason=why_steroid))
            uow.session.flush()
            signed = uow.records.set_status(record_id, record.version, RecordStatus.SIGNED,
                                            actor.username)
            self.audit(uow, actor, AuditAction.RECORD_SIGN, record_id=record_id,
                       patient_id=record.patient.id,
                       detail={"meaning": meaning, "content_hash": digest,
                               "signed_at": now.astimezone(UTC).isoformat(
                                   timespec="microseconds"),
                               "key_id": key.key_id, "signature": signature,
                               **({"steroid_reason": why_steroid} if why_steroid else {})})
            uow.commit()
        with self.uow(write=False) as uow:
            return uow.records.get(signed.id or record_id)

    def add_addendum(self, actor: Actor, record_id: int, password: str, text: str, reason: str,
                     changes_instructions: bool = False,
                     meaning: str = "Reviewed and approved",
                     corrections: tuple[Correction, ...] = ()) -> ProcedureRecord:
        """A signed correction (REFERENCE.md 7.2): it adds to the record, never changes it.

        `corrections` replace printed texts on the handout (domain.corrections; issue 12):
        they are checked against the record, signed with the addendum, and make it an
        addendum that changes the instructions (a new handout version).

        Defends against a signed-in physician (or the command line) changing signed content
        through a correction: only the printed texts in CORRECTABLE are accepted, and the
        only row written is the addendum's (the record's rows are never touched; triggers
        refuse it anyway). Proof: tests/proof/test_corrections.py."""
        actor.require(Action.SIGN)
        body = parse_text(text, "addendum text")
        why = parse_text(reason, "reason", 400, False)
        if not body:
            raise ValidationError("Write the addendum.", "text")
        if not why:
            raise ValidationError("Give the reason for the addendum.", "reason")
        _check_meaning(meaning)
        actor = self._reauthenticate(actor, password)
        key = self._signing_key(actor, password)
        with self.uow() as uow:
            record = uow.records.get(record_id)
            if record.status is not RecordStatus.SIGNED or record.signature is None:
                raise ValidationError("Addenda are for signed records; edit the draft instead.",
                                      "status")
            fixes = check_corrections(corrections, record)
            changes_instructions = changes_instructions or bool(fixes)
            now = self.clock()
            digest = addendum_hash(record.signature.content_hash, actor.staff, now, why, body,
                                   meaning, changes_instructions, fixes)
            signature = ed25519_sign(key.private, addendum_payload(
                record_id, digest, actor.user_id, actor.username, key.key_id))
            row = AddendumRow(
                record_id=record_id, text=body, reason=why, author_id=actor.user_id,
                author_username=actor.username, printed_name=actor.full_name,
                credentials=actor.credentials, created_at=now, offset_min=offset_min(now),
                meaning=meaning, content_hash=digest, changes_instructions=changes_instructions,
                key_id=key.key_id, signature=signature, corrections=corrections_json(fixes))
            uow.session.add(row)
            uow.session.flush()
            self.audit(uow, actor, AuditAction.RECORD_ADDENDUM, record_id=record_id,
                       patient_id=record.patient.id,
                       detail={"reason": why, "changes_instructions": changes_instructions,
                               "content_hash": digest, "addendum_id": row.id,
                               "key_id": key.key_id, "signature": signature,
                               "corrects": [c.path for c in fixes]})
            uow.commit()
        with self.uow(write=False) as uow:
            return uow.records.get(record_id)

    def verify(self, record: ProcedureRecord) -> bool:
        """Does the stored signature (and every addendum's) still match the record?"""
        return record.signature is not None and not signature_problems(record)

    def problems(self, record: ProcedureRecord) -> list[str]:
        """What does not match, in words ([] for a signed record that is intact)."""
        return signature_problems(record)


def _check_meaning(meaning: str) -> None:
    if meaning not in SIGNATURE_MEANINGS:
        raise ValidationError(f"Choose what the signature means: "
                              f"{' or '.join(SIGNATURE_MEANINGS)}.", "meaning")
