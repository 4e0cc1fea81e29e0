"""Sign-off rules in one place: the handout version, the words of a signature manifestation
and the hashes that link signatures and addenda to their record (REFERENCE.md 7.1-7.3).

The screens, the handout and the command line all print a signature with these functions, so
a compliance officer sees the same words everywhere (21 CFR 11.50(b): the manifestation is part
of every human-readable form of the record).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from .procedures import is_diagnostic
from .record import Addendum, Correction, ProcedureRecord, Signature, StaffRef
from .record_format import canonical_json


def handout_version(record: ProcedureRecord) -> int:
    """1 for the handout as signed, plus one for every addendum that changes what the patient
    must do (REFERENCE.md 7.2: an addendum adds; the earlier printed versions stay on file)."""
    return 1 + sum(1 for a in record.addenda if a.changes_instructions)


def instructions_to_hand_over(record: ProcedureRecord) -> tuple[str, ...]:
    """The texts of the addenda that change what the patient must do but carry no
    correction the handout can print in place: the handout tells the patient to ask for the
    new instructions, so whoever hands it over must give them (as the physician wrote them,
    in order). Empty when every change is printed on the sheet."""
    return tuple(a.text for a in record.addenda if a.changes_instructions and not a.corrections)


def steroid_reason_required(record: ProcedureRecord) -> bool:
    """A steroid in a diagnostic block is "not appropriate" (REFERENCE.md 1.1, 1.3): signing
    such a record needs the physician's stated reason (issue 12, point 4)."""
    return record.steroid_given and is_diagnostic(record.kind, record.block_number)


STEROID_REASON_MESSAGE = ("A steroid is listed for a diagnostic medial branch block, where it is "
                          "not appropriate (REFERENCE.md 1.1). Give the reason it was used to "
                          "sign, or correct the record first.")


def format_signed_at(at: datetime) -> str:
    """"2026-11-24 10:42 UTC-05:00": date, time and the offset it was signed in."""
    off = at.utcoffset()
    if off is None:
        return at.strftime("%Y-%m-%d %H:%M")
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{at.strftime('%Y-%m-%d %H:%M')} UTC{sign}{hours:02d}:{mins:02d}"


def manifestation(signature: Signature) -> str:
    """One line with the printed name and credentials, date and time, and meaning (11.50(a))."""
    return (f"Electronically signed by {signature.signer.display} on "
            f"{format_signed_at(signature.signed_at)}. Meaning: {signature.meaning}.")


@dataclass(frozen=True, slots=True)
class AddendumLines:
    """An addendum as every human-readable form shows it (REFERENCE.md 7.2: clearly marked as
    an addendum, dated, with its author, reason and signature)."""

    heading: str  # "Addendum 1 - 2026-11-25 08:10 UTC-05:00 - Hana Lee, MD"
    reason: str  # "Reason: ..."
    text: str
    signature: str  # manifestation(), or "Not signed" (never expected)
    changes_instructions: bool


def addendum_lines(number: int, addendum: Addendum) -> AddendumLines:
    heading = (f"Addendum {number} - {format_signed_at(addendum.created_at)} - "
               f"{addendum.author.display}")
    if addendum.changes_instructions:
        heading += " - changes your instructions"
    return AddendumLines(
        heading=heading,
        reason=f"Reason: {addendum.reason}",
        text=addendum.text,
        signature=manifestation(addendum.signature) if addendum.signature else "Not signed",
        changes_instructions=addendum.changes_instructions,
    )


def record_hash(record: ProcedureRecord) -> str:
    """SHA-256 of the record's canonical JSON: what a signature covers (11.70)."""
    return hashlib.sha256(canonical_json(record)).hexdigest()


def addendum_hash(signature_hash: str, author: StaffRef, created_at: datetime, reason: str,
                  text: str, meaning: str, changes_instructions: bool,
                  corrections: tuple[Correction, ...] = ()) -> str:
    """SHA-256 linking an addendum, with its corrections of printed texts, to the signed
    content it amends and to its author."""
    at = created_at.astimezone(UTC).isoformat(timespec="microseconds")
    items: list[object] = [signature_hash, author.username, author.full_name,
                           author.credentials, at, reason, text, meaning, changes_instructions]
    if corrections:  # an addendum without corrections hashes as it did before issue 12
        items.append([[c.path, c.value] for c in corrections])
    payload = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def signature_problems(record: ProcedureRecord) -> list[str]:
    """What no longer matches in a signed record: [] when the signature and every addendum
    still link to the content they were made over."""
    if record.signature is None:
        return ["the record has no signature"]
    problems = []
    if record_hash(record) != record.signature.content_hash:
        problems.append("the record's content does not match its signature")
    for n, a in enumerate(record.addenda, 1):
        if a.signature is None:
            problems.append(f"addendum {n} is not signed")
            continue
        expected = addendum_hash(record.signature.content_hash, a.author, a.created_at,
                                 a.reason, a.text, a.signature.meaning, a.changes_instructions,
                                 a.corrections)
        if expected != a.signature.content_hash:
            problems.append(f"addendum {n} does not match its signature")
    return problems
