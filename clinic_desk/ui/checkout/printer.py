"""Getting a handout onto paper: the workstation's printers (QPrinterInfo), the one this desk
uses (remembered in QSettings), sending the exact logged PDF bytes to it (QPdfDocument pages
painted onto a QPrinter), and - with no printer installed - saving the PDF in the folder the
clinic chose, and saying so.

Runs on a worker thread: QPrinter and QPdfDocument paint without widgets.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ...config import data_dir
from ...domain.errors import ClinicDeskError
from ...services.printing import RenderedHandout, fallback_file_name, save_pdf
from .settings import CHECKOUT_PRINTER

log = logging.getLogger(__name__)

PRINT_DPI = 300  # pages are painted as images at this resolution (sharp text, sane memory)


class PrintDeliveryError(ClinicDeskError):
    """The handout is in the print log, but the printer (or the folder) refused it."""


@dataclass(frozen=True, slots=True)
class PrintTarget:
    """Where this desk's handouts go: a printer, or (none installed) a folder as PDF."""

    printer: str  # "" = no printer: save as PDF in `folder`
    folder: Path

    @property
    def is_printer(self) -> bool:
        return bool(self.printer)

    @property
    def label(self) -> str:
        """What the print log records as the printer."""
        return self.printer if self.printer else f"PDF folder {self.folder}"


@dataclass(frozen=True, slots=True)
class Delivery:
    target: PrintTarget
    pages: int
    file: Path | None = None  # the PDF written, when there was no printer

    @property
    def message(self) -> str:
        if self.file is not None:
            return (f"No printer is installed on this workstation, so the handout was saved as "
                    f"a PDF: {self.file}. Print it from there.")
        return f"Sent to {self.target.printer} ({self.pages} page{'s' if self.pages != 1 else ''})."


def available_printers() -> list[str]:
    return [str(n) for n in QPrinterInfo.availablePrinterNames()]


def system_default_printer() -> str:
    return str(QPrinterInfo.defaultPrinterName() or "")


def chosen_printer() -> str:
    """This desk's printer: the one remembered here if it still exists, else the default."""
    printers = available_printers()
    saved = CHECKOUT_PRINTER.get()
    if saved and saved in printers:
        return saved
    default = system_default_printer()
    if default in printers:
        return default
    return printers[0] if printers else ""


def remember_printer(name: str) -> None:
    CHECKOUT_PRINTER.set(name)


def fallback_folder(clinic_folder: str) -> Path:
    """The clinic's folder for handouts when there is no printer (default: data folder)."""
    return Path(clinic_folder).expanduser() if clinic_folder else data_dir() / "handouts"


def target_for(printer: str, clinic_folder: str) -> PrintTarget:
    return PrintTarget(printer if printer in available_printers() else "",
                       fallback_folder(clinic_folder))


def make_qprinter(name: str) -> QPrinter:
    """A QPrinter for the named printer (tests replace this with a print-to-file printer)."""
    printer = QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)
    printer.setDocName("Clinic Desk handout")  # no patient name in the spooler's queue
    return printer


def paint_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of `pdf` onto `printer`; returns the number of pages."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    pages = document.pageCount()
    if pages <= 0:
        raise PrintDeliveryError("The handout PDF could not be read for printing.")
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintDeliveryError(f"The printer {printer.printerName() or ''} could not be "
                                 "started. Check that it is on and has paper.")
    try:
        for n in range(pages):
            if n and not printer.newPage():
                raise PrintDeliveryError("The printer stopped in the middle of the handout.")
            size = document.pagePointSize(n)
            image = document.render(n, QSize(round(size.width() / 72 * PRINT_DPI),
                                             round(size.height() / 72 * PRINT_DPI)))
            area = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            scale = min(area.width() / image.width(), area.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(area.x() + (area.width() - w) / 2, area.y(), w, h), image)
    finally:
        painter.end()
        document.close()
        buffer.close()
    return pages


def deliver(rendered: RenderedHandout, target: PrintTarget) -> Delivery:
    """Send the handout to the printer, or save it in the folder when there is none."""
    if not target.is_printer:
        try:
            path = save_pdf(target.folder, fallback_file_name(rendered), rendered.pdf)
        except OSError as e:
            raise PrintDeliveryError(f"The handout could not be saved in {target.folder} "
                                     f"({e.strerror or type(e).__name__}).") from None
        log.info("handout saved as a PDF (no printer)", extra={"record_id": rendered.record_id})
        return Delivery(target, 0, path)
    printer = make_qprinter(target.printer)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    pages = paint_pdf(rendered.pdf, printer)
    log.info("handout sent to a printer (%d pages)", pages)
    return Delivery(target, pages)
