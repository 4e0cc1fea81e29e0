"""Compile the Qt Designer forms in forms/*.ui into clinic_desk/ui/generated/ui_*.py.

`make forms` runs this after a form changes; the generated modules are committed, and
tests/ui/test_forms.py regenerates each one and compares it (comment lines ignored), so a
form edited without `make forms` fails CI. docs/ui-forms.md says why we compile ahead with
pyside6-uic rather than load .ui files at run time with QUiLoader.

    python -m clinic_desk.ui.build_forms            # write every generated module
    python -m clinic_desk.ui.build_forms --check    # exit 1 if any is stale
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "forms"
GENERATED = Path(__file__).resolve().parent / "generated"
HEADER = "# Generated from {source} by `make forms` (pyside6-uic). Do not edit.\n"


def _uic() -> list[str]:
    beside = Path(sys.executable).with_name("pyside6-uic")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise SystemExit("pyside6-uic not found: install PySide6 in this environment")


def target_for(form: Path) -> Path:
    return GENERATED / f"ui_{form.stem}.py"


def compile_form(form: Path) -> str:
    """The Python module pyside6-uic makes of one form (no auto-connection of slots)."""
    source = form.resolve().relative_to(ROOT).as_posix()
    out = subprocess.run([*_uic(), "--no-autoconnection", source], cwd=ROOT, check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    return HEADER.format(source=source) + _typed(out)


_METHOD = re.compile(r"^(    def (?:setupUi|retranslateUi)\(self, \w+)\):$", re.MULTILINE)


def _typed(code: str) -> str:
    """Annotate setupUi/retranslateUi so mypy checks the forms' callers (uic leaves them bare)."""
    code = _METHOD.sub(r"\1: Any) -> None:", code)
    return "from typing import Any\n\n" + code if "from typing import Any" not in code else code


def code_lines(text: str) -> list[str]:
    """The lines that matter when comparing: comments (uic's version stamp) and blanks out."""
    return [line.rstrip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def forms() -> list[Path]:
    return sorted(FORMS.glob("*.ui"))


def stale() -> list[Path]:
    bad = []
    for form in forms():
        target = target_for(form)
        if not target.exists() or code_lines(target.read_text("utf-8")) != code_lines(
                compile_form(form)):
            bad.append(form)
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--check", action="store_true", help="only report stale forms")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for form in bad:
            print(f"stale: {form.relative_to(ROOT)} (run make forms)")
        return 1 if bad else 0
    GENERATED.mkdir(exist_ok=True)
    init = GENERATED / "__init__.py"
    if not init.exists():
        init.write_text('"""Modules generated from forms/*.ui by `make forms`. Do not edit."""\n',
                        "utf-8")
    for form in forms():
        target = target_for(form)
        text = compile_form(form)
        if not target.exists() or target.read_text("utf-8") != text:
            target.write_text(text, "utf-8")
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
