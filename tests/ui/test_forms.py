"""Designer forms: the committed modules match forms/*.ui, and every form follows the
keyboard and accessibility rules (buddies, accessible names, unique mnemonics, tab order)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clinic_desk.ui import build_forms

FORMS = build_forms.forms()
MINE = ["conflict_dialog", "draft_recovery_dialog", "note_preview_dialog", "note_section",
        "patient_chooser_dialog",
        "patient_dialog",
        "record_editor", "sign_in_page", "worklist_page"]
INPUTS = {"QLineEdit", "QComboBox", "QDateEdit", "QDateTimeEdit", "QPlainTextEdit",
          "QTextEdit", "QSpinBox", "QDoubleSpinBox", "QCheckBox", "QTableView", "QListView",
          "SpinePicker"}
MENU_MNEMONICS = set("frvh")  # &File, &Record, &View, &Help in the main window


def test_there_are_forms():
    assert {f.stem for f in FORMS} >= set(MINE)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.stem)
def test_generated_module_is_current(form: Path):
    target = build_forms.target_for(form)
    assert target.exists(), f"{target.name} is missing: run make forms"
    committed = build_forms.code_lines(target.read_text("utf-8"))
    assert committed == build_forms.code_lines(build_forms.compile_form(form)), (
        f"{target.name} is stale: run make forms")


def test_every_generated_module_has_its_form():
    stems = {f.stem for f in FORMS}
    for module in build_forms.GENERATED.glob("ui_*.py"):
        assert module.stem.removeprefix("ui_") in stems, f"{module.name} has no form"


def _texts(widget: ET.Element) -> dict[str, str]:
    out = {}
    for prop in widget.findall("property"):
        string = prop.find("string")
        if string is not None and string.text:
            out[prop.get("name", "")] = string.text
    return out


@pytest.mark.parametrize("name", MINE)
def test_keyboard_and_accessibility_rules(name: str):
    tree = ET.parse(build_forms.FORMS / f"{name}.ui")
    widgets = {w.get("name"): w for w in tree.iter("widget")}
    buddies = {}
    mnemonics: dict[str, str] = {}
    for w in widgets.values():
        props = _texts(w)
        for prop in w.findall("property"):
            if prop.get("name") == "buddy":
                buddies[prop.findtext("cstring")] = w.get("name")
        text = props.get("text", "").replace("&&", "")
        m = re.search(r"&(\w)", text)
        if m:
            letter = m.group(1).lower()
            assert letter not in mnemonics, (
                f"{name}: Alt+{letter} is both {mnemonics[letter]} and {w.get('name')}")
            mnemonics[letter] = w.get("name", "")
            if w.get("class") == "QLabel":
                assert w.get("name") in buddies.values(), f"{w.get('name')} has no buddy"
    if name in ("record_editor", "worklist_page"):
        assert not MENU_MNEMONICS & set(mnemonics), "a mnemonic clashes with a menu"
    tabstops = [t.text for t in tree.iter("tabstop")]
    for wname, w in widgets.items():
        if w.get("class") not in INPUTS:
            continue
        props = _texts(w)
        assert props.get("accessibleName") or wname in buddies or props.get("text"), (
            f"{name}: {wname} has neither an accessible name nor a label")
        focus = [p for p in w.findall("property") if p.get("name") == "focusPolicy"]
        if not focus:
            assert wname in tabstops, f"{name}: {wname} is not in the tab order"
    for wname, w in widgets.items():
        if w.get("class") == "QLabel":
            style = _texts(w).get("styleSheet", "")
            assert "px" not in style, f"{wname}: no pixel font sizes"
