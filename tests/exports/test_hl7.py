"""HL7 v2 MDM^T02 (issue 14, item 4), parsed back with hl7apy."""

from __future__ import annotations

import base64
from datetime import datetime

from hl7apy.parser import parse_message

from clinic_desk.cli import main
from clinic_desk.exports.hl7 import esc, mdm_t02
from tests.exports.conftest import Exported
from tests.exports.test_note_pdf import exports_of
from tests.factories import make_record
from tests.handout.conftest import pdf_text


def parsed(text: str):  # type: ignore[no-untyped-def]
    assert text.endswith("\r") and "\n" not in text
    return parse_message(text.rstrip("\r"), find_groups=True)


def pdf_of(msg) -> bytes:  # type: ignore[no-untyped-def]
    app, kind, sub, enc, data = msg.mdm_t02_obxnte_suppgrp.obx.obx_5.value.split("^")
    assert (app, kind, sub, enc) == ("CLINICDESK", "AP", "PDF", "Base64")
    return base64.b64decode(data)


def test_signed_record(exported: Exported) -> None:
    s, r = exported.services, exported.signed
    sel = s.exports.select(exported.staff.nurse, record_id=r.id)
    msg = parsed(s.exports.hl7_mdm(exported.staff.nurse, sel, "file:/tmp/x.hl7"))
    assert msg.msh.msh_9.value == "MDM^T02^MDM_T02"
    assert msg.msh.msh_12.value == "2.5.1"
    assert msg.pid.pid_3.cx_1.value == r.patient.mrn
    assert msg.pid.pid_5.xpn_1.value == "O'Brien-王"
    assert msg.pid.pid_7.value == "19610314"
    txa = msg.txa
    assert txa.txa_2.value == "PN"
    assert txa.txa_17.value == "AU"
    assert txa.txa_12.value == f"CD{r.id}-1"
    assert r.signature is not None
    assert txa.txa_22.ppn_2.value == "Lee" and txa.txa_22.ppn_1.value == "drlee"
    assert txa.txa_22.ppn_15.value == r.signature.signed_at.strftime("%Y%m%d%H%M%S%z")
    assert msg.mdm_t02_obxnte_suppgrp.obx.obx_11.value == "F"
    text = pdf_text(pdf_of(msg))
    assert "Addendum 1" in text and f"MRN: {r.patient.mrn}" in text
    (entry,) = exports_of(s, r.id)
    assert entry.detail["format"] == "HL7 v2.5.1 MDM^T02"


def test_draft_is_in_progress(exported: Exported) -> None:
    s = exported.services
    sel = s.exports.select(exported.staff.nurse, record_id=exported.draft.id,
                           include_drafts=True)
    msg = parsed(s.exports.hl7_mdm(exported.staff.nurse, sel, "x"))
    assert msg.txa.txa_17.value == "IP"
    assert msg.mdm_t02_obxnte_suppgrp.obx.obx_11.value == "P"
    assert "NOT SIGNED" in pdf_text(pdf_of(msg))


def test_delimiters_in_text_are_escaped() -> None:
    assert esc("A&B|C^D~E\\F") == "A\\T\\B\\F\\C\\S\\D\\R\\E\\E\\F"
    msg = parsed(mdm_t02(make_record(id=3), b"%PDF", datetime.now().astimezone(),
                         "Spine & Pain | Co"))
    assert msg.msh.msh_4.value == "Spine \\T\\ Pain \\F\\ Co"  # one field, not split
    assert msg.msh.msh_5.value == ""


def test_cli_hl7(exported: Exported, db_url: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "note.hl7"
    assert main(["--database", db_url, "export", "hl7", str(exported.rfa.id), "--out",
                 str(out)]) == 0
    msg = parsed(out.read_bytes().decode("utf-8"))
    assert msg.txa.txa_17.value == "AU"
    assert main(["--database", db_url, "export", "hl7", str(exported.draft.id), "--out",
                 str(tmp_path / "d.hl7")]) == 2
    assert "--include-drafts" in capsys.readouterr().err
    assert not (tmp_path / "d.hl7").exists()
