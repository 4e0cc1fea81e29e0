"""HL7 v2.5.1 MDM^T02 (original document notification with content) for interface engines.

MSH, EVN, PID, PV1, TXA (document header: type, activity time, provider, unique document
number, completion status, authenticator) and one OBX carrying the chart note PDF as
encapsulated data, base64 (REFERENCE.md 6.7). Built and escaped by `hl7apy`; segments end
in carriage returns, as the standard says. See docs/hl7.md for each field.
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

from hl7apy.core import Message

from ..domain.record import ProcedureRecord, Sex, StaffRef

SENDING_APPLICATION = "CLINICDESK"
MRN_AUTHORITY = "CLINICDESK"
STATUS_SIGNED, STATUS_IN_PROGRESS = "AU", "IP"  # TXA-17, REFERENCE.md 6.7
DOCUMENT_TYPE = "PN"  # TXA-2: HL7 table 0270 (user-defined) suggests PN = procedure note


_ESCAPES = str.maketrans({"\\": "\\E\\", "|": "\\F\\", "^": "\\S\\", "&": "\\T\\",
                          "~": "\\R\\", "\r": " ", "\n": " "})


def esc(text: str) -> str:
    """Text as an HL7 v2 value: the delimiters escaped (\\F\\ \\S\\ \\T\\ \\R\\ \\E\\)."""
    return text.translate(_ESCAPES)


def _ts(t: datetime) -> str:
    """HL7 DTM with seconds and the UTC offset: 20261124093000-0500."""
    return t.strftime("%Y%m%d%H%M%S%z")


def _xcn(s: StaffRef) -> str:
    """ID^family^given^^^^degree for a person (the printed name split at its last space)."""
    name = s.full_name or s.username
    given, _, family = name.rpartition(" ")
    return f"{esc(s.username)}^{esc(family or name)}^{esc(given)}^^^^{esc(s.credentials)}"


def document_number(r: ProcedureRecord) -> str:
    """TXA-12: the record and its number of addenda (a new addendum is a new version)."""
    return f"CD{r.id}-{len(r.addenda)}"


def mdm_t02(r: ProcedureRecord, pdf: bytes, now: datetime, clinic: str = "") -> str:
    """The message as ER7 text (segments separated by carriage returns)."""
    p = r.patient
    m = Message("MDM_T02", version="2.5.1")
    m.msh.msh_3 = SENDING_APPLICATION
    if clinic:
        m.msh.msh_4.hd_1 = esc(clinic[:20])
    m.msh.msh_7 = _ts(now)
    m.msh.msh_9 = "MDM^T02^MDM_T02"
    m.msh.msh_10 = uuid.uuid4().hex[:20]
    m.msh.msh_11 = "P"
    m.msh.msh_18 = "UNICODE UTF-8"
    m.evn.evn_1 = "T02"
    m.evn.evn_2 = _ts(now)
    m.pid.pid_1 = "1"
    m.pid.pid_3.cx_1 = esc(p.mrn)
    m.pid.pid_3.cx_4 = MRN_AUTHORITY
    m.pid.pid_3.cx_5 = "MR"
    m.pid.pid_5.xpn_1 = esc(p.family_name)
    m.pid.pid_5.xpn_2 = esc(p.given_name)
    m.pid.pid_7 = p.date_of_birth.strftime("%Y%m%d")
    m.pid.pid_8 = {Sex.FEMALE: "F", Sex.MALE: "M", Sex.OTHER: "O"}.get(p.sex, "U")
    m.pv1.pv1_1 = "1"
    m.pv1.pv1_2 = "O"  # outpatient
    if r.physician is not None:
        m.pv1.pv1_7 = _xcn(r.physician)
    txa = m.txa
    txa.txa_1 = "1"
    txa.txa_2 = DOCUMENT_TYPE
    txa.txa_3 = "AP"  # content presentation: other application data (the PDF)
    txa.txa_4 = _ts(r.performed_at)
    if r.physician is not None:
        txa.txa_5 = _xcn(r.physician)
    txa.txa_12 = document_number(r)
    txa.txa_17 = STATUS_SIGNED if r.signature is not None else STATUS_IN_PROGRESS
    if r.signature is not None:
        signer = r.signature.signer
        name = signer.full_name or signer.username
        given, _, family = name.rpartition(" ")
        txa.txa_22.ppn_1 = esc(signer.username)
        txa.txa_22.ppn_2 = esc(family or name)
        txa.txa_22.ppn_3 = esc(given)
        txa.txa_22.ppn_7 = esc(signer.credentials)
        txa.txa_22.ppn_15 = _ts(r.signature.signed_at)
    obx = m.add_group("MDM_T02_OBXNTE_SUPPGRP").obx
    obx.obx_1 = "1"
    obx.obx_2 = "ED"
    obx.obx_3 = f"{DOCUMENT_TYPE}^Procedure note"
    data = base64.b64encode(pdf).decode("ascii")
    obx.obx_5 = f"{SENDING_APPLICATION}^AP^PDF^Base64^{data}"
    obx.obx_11 = "F" if r.signature is not None else "P"
    obx.obx_14 = _ts(r.performed_at)
    return str(m.to_er7()) + "\r"
