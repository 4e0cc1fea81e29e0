"""Handout pages rendered with QtPdf for people to review (CLINIC_DESK_SCREENSHOTS=folder
keeps them; otherwise they go to pytest's temporary folder). Asserts only "not blank"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from clinic_desk.domain.procedures import ProcedureKind, Sedation
from clinic_desk.domain.record import Language
from clinic_desk.handout import HandoutOptions, render_handout

from .conftest import CLINIC, LIDOCAINE, TRIAMCINOLONE, TZ, record, signed

pytestmark = pytest.mark.screenshot


def not_blank(image: QImage) -> bool:
    """More than a handful of colours across a grid of sample points."""
    colours = {image.pixel(x, y)
               for x in range(0, image.width(), max(1, image.width() // 40))
               for y in range(0, image.height(), max(1, image.height() // 40))}
    return image.width() > 50 and image.height() > 50 and len(colours) > 3


@pytest.mark.parametrize(("name", "options", "changes"), [
    ("mbb-en", HandoutOptions(timezone=TZ), {}),
    ("rfa-es-large", HandoutOptions(language=Language.SPANISH, large_print=True, timezone=TZ),
     {"kind": ProcedureKind.RADIOFREQUENCY_ABLATION, "block_number": None,
      "joints": "C4-5 R, C5-6 R, C6-7 B", "sedation": Sedation.MODERATE,
      "medications": (LIDOCAINE, TRIAMCINOLONE)}),
    ("ton-en", HandoutOptions(timezone=TZ), {"joints": "C2-3 L"}),
    ("ia-steroid-en-large", HandoutOptions(large_print=True, timezone=TZ),
     {"kind": ProcedureKind.INTRA_ARTICULAR, "block_number": None,
      "medications": (LIDOCAINE, TRIAMCINOLONE), "patient": {"diabetic": True}}),
])
def test_pages_are_not_blank(qapp, tmp_path_factory, name, options, changes) -> None:
    folder = Path(os.environ.get("CLINIC_DESK_SCREENSHOTS") or
                  tmp_path_factory.mktemp("handout-pages"))
    folder.mkdir(parents=True, exist_ok=True)
    pdf = render_handout(signed(record(**changes)), CLINIC, options)
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    assert document.pageCount() >= 2
    for page in range(document.pageCount()):
        size = document.pagePointSize(page).toSize()
        image = document.render(page, QSize(size.width(), size.height()))
        assert not image.isNull()
        assert image.save(str(folder / f"handout-{name}-{page + 1}.png"))
        assert not_blank(image), f"{name} page {page + 1}"
    document.close()
