# Generated from forms/note_preview_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'note_preview_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFrame, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_NotePreviewDialog(object):
    def setupUi(self, NotePreviewDialog: Any) -> None:
        if not NotePreviewDialog.objectName():
            NotePreviewDialog.setObjectName(u"NotePreviewDialog")
        NotePreviewDialog.resize(760, 860)
        self.dialog_layout = QVBoxLayout(NotePreviewDialog)
        self.dialog_layout.setObjectName(u"dialog_layout")
        self.title_label = QLabel(NotePreviewDialog)
        self.title_label.setObjectName(u"title_label")
        self.title_label.setWordWrap(True)

        self.dialog_layout.addWidget(self.title_label)

        self.preview_frame = QFrame(NotePreviewDialog)
        self.preview_frame.setObjectName(u"preview_frame")
        self.preview_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview_layout = QVBoxLayout(self.preview_frame)
        self.preview_layout.setObjectName(u"preview_layout")
        self.preview_layout.setContentsMargins(0, 0, 0, 0)

        self.dialog_layout.addWidget(self.preview_frame)

        self.message_label = QLabel(NotePreviewDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)

        self.dialog_layout.addWidget(self.message_label)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.print_button = QPushButton(NotePreviewDialog)
        self.print_button.setObjectName(u"print_button")

        self.button_layout.addWidget(self.print_button)

        self.save_button = QPushButton(NotePreviewDialog)
        self.save_button.setObjectName(u"save_button")

        self.button_layout.addWidget(self.save_button)

        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.button_box = QDialogButtonBox(NotePreviewDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.button_layout.addWidget(self.button_box)


        self.dialog_layout.addLayout(self.button_layout)

        QWidget.setTabOrder(self.print_button, self.save_button)
        QWidget.setTabOrder(self.save_button, self.button_box)

        self.retranslateUi(NotePreviewDialog)
    # setupUi

    def retranslateUi(self, NotePreviewDialog: Any) -> None:
        NotePreviewDialog.setWindowTitle(QCoreApplication.translate("NotePreviewDialog", u"Procedure note (chart copy)", None))
        self.title_label.setText(QCoreApplication.translate("NotePreviewDialog", u"Procedure note", None))
#if QT_CONFIG(accessibility)
        self.preview_frame.setAccessibleName(QCoreApplication.translate("NotePreviewDialog", u"Preview of the procedure note", None))
#endif // QT_CONFIG(accessibility)
        self.print_button.setText(QCoreApplication.translate("NotePreviewDialog", u"&Print", None))
#if QT_CONFIG(tooltip)
        self.print_button.setToolTip(QCoreApplication.translate("NotePreviewDialog", u"Print the note on this desk's printer", None))
#endif // QT_CONFIG(tooltip)
        self.save_button.setText(QCoreApplication.translate("NotePreviewDialog", u"&Save as PDF\u2026", None))
#if QT_CONFIG(tooltip)
        self.save_button.setToolTip(QCoreApplication.translate("NotePreviewDialog", u"Save the note as a PDF file", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

