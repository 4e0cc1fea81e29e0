"""Pictures of the checkout screen, the print log and the database banner for people to
review (CLINIC_DESK_SCREENSHOTS=folder keeps them). Each asserts only that it is not blank."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from clinic_desk.services.drafts import DraftStore
from clinic_desk.ui.checkout.banner import ConnectionMonitor, DatabaseBanner
from clinic_desk.ui.checkout.dialogs import PrintLogDialog
from clinic_desk.ui.checkout.page import CheckoutPage
from clinic_desk.ui.style import apply_app_style

from .conftest import Desk, Told

pytestmark = pytest.mark.screenshot
WAIT = 20_000


@pytest.fixture
def shots(tmp_path_factory: Any) -> Path:
    folder = os.environ.get("CLINIC_DESK_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_app_style(app)
    return path


def save(widget: QWidget, folder: Path, name: str) -> Path:
    image = widget.grab().toImage()
    path = folder / f"{name}.png"
    assert image.save(str(path))
    assert not_blank(image), name
    return path


def not_blank(image: QImage) -> bool:
    colours = {image.pixel(x, y)
               for x in range(0, image.width(), max(1, image.width() // 40))
               for y in range(0, image.height(), max(1, image.height() // 40))}
    return image.width() > 50 and image.height() > 50 and len(colours) > 3


def test_checkout_screen(qtbot: Any, desk: Desk, told: Told, shots: Path,
                         tmp_path: Path) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    monitor = ConnectionMonitor(desk.services, lambda: desk.staff.desk,
                                DraftStore(tmp_path / "d"), background=False)
    banner = DatabaseBanner(monitor, desk.services.database_description, holder)
    page = CheckoutPage(desk.services, desk.staff.desk, holder)
    box = QVBoxLayout(holder)
    box.addWidget(banner)
    box.addWidget(page, 1)
    holder.resize(1366, 800)
    holder.show()
    qtbot.waitExposed(holder)
    with qtbot.waitSignal(page.queue_loaded, timeout=WAIT):
        page.reload()
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: page.preview_pages > 0 and page._rendered is not None
                    and page._rendered.record_id == desk.records[1].id, timeout=WAIT)
    qtbot.waitUntil(lambda: drawn(page.preview), timeout=WAIT)
    save(holder, shots, "checkout")
    with qtbot.waitSignal(page.job_finished, timeout=WAIT):
        page.print_current()
    # The patient just printed stays selected, marked as printed, until the desk moves.
    qtbot.waitUntil(lambda: page.held_ids() == [desk.records[1].id] and not page._loading
                    and page._rendered is not None
                    and page._rendered.record_id == desk.records[1].id, timeout=WAIT)
    qtbot.waitUntil(lambda: drawn(page.preview), timeout=WAIT)
    save(holder, shots, "checkout-after-print")
    monitor._set_available(False)
    save(holder, shots, "checkout-database-banner")
    dialog = PrintLogDialog(desk.services, desk.staff.desk)
    qtbot.addWidget(dialog)
    dialog.ui.all_days_check.setChecked(True)
    dialog.resize(1200, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: drawn(dialog.pdf_view), timeout=WAIT)
    save(dialog, shots, "print-log")


def drawn(view: QWidget) -> bool:
    """QPdfView paints pages in the background: wait until the first shows dark text."""
    image = view.grab().toImage()
    dark = 0
    for x in range(0, image.width(), 4):
        for y in range(0, min(image.height(), 400), 4):
            if image.pixelColor(x, y).lightness() < 100:
                dark += 1
    return dark > 20
