# Generated from forms/print_log_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'print_log_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCheckBox,
    QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QTableView, QVBoxLayout,
    QWidget)

class Ui_PrintLogDialog(object):
    def setupUi(self, PrintLogDialog: Any) -> None:
        if not PrintLogDialog.objectName():
            PrintLogDialog.setObjectName(u"PrintLogDialog")
        PrintLogDialog.resize(1100, 700)
        self.main_layout = QVBoxLayout(PrintLogDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.filter_layout = QHBoxLayout()
        self.filter_layout.setObjectName(u"filter_layout")
        self.day_label = QLabel(PrintLogDialog)
        self.day_label.setObjectName(u"day_label")

        self.filter_layout.addWidget(self.day_label)

        self.day_edit = QDateEdit(PrintLogDialog)
        self.day_edit.setObjectName(u"day_edit")
        self.day_edit.setCalendarPopup(True)

        self.filter_layout.addWidget(self.day_edit)

        self.all_days_check = QCheckBox(PrintLogDialog)
        self.all_days_check.setObjectName(u"all_days_check")

        self.filter_layout.addWidget(self.all_days_check)

        self.count_label = QLabel(PrintLogDialog)
        self.count_label.setObjectName(u"count_label")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.count_label.sizePolicy().hasHeightForWidth())
        self.count_label.setSizePolicy(sizePolicy)

        self.filter_layout.addWidget(self.count_label)


        self.main_layout.addLayout(self.filter_layout)

        self.splitter = QSplitter(PrintLogDialog)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.log_view = QTableView(self.splitter)
        self.log_view.setObjectName(u"log_view")
        self.log_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.log_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.splitter.addWidget(self.log_view)
        self.pdf_area = QWidget(self.splitter)
        self.pdf_area.setObjectName(u"pdf_area")
        self.pdf_layout = QVBoxLayout(self.pdf_area)
        self.pdf_layout.setObjectName(u"pdf_layout")
        self.pdf_layout.setContentsMargins(0, 0, 0, 0)
        self.pdf_label = QLabel(self.pdf_area)
        self.pdf_label.setObjectName(u"pdf_label")
        self.pdf_label.setWordWrap(True)
        self.pdf_label.setTextFormat(Qt.TextFormat.PlainText)

        self.pdf_layout.addWidget(self.pdf_label)

        self.splitter.addWidget(self.pdf_area)

        self.main_layout.addWidget(self.splitter)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.reprint_button = QPushButton(PrintLogDialog)
        self.reprint_button.setObjectName(u"reprint_button")

        self.button_layout.addWidget(self.reprint_button)

        self.save_button = QPushButton(PrintLogDialog)
        self.save_button.setObjectName(u"save_button")

        self.button_layout.addWidget(self.save_button)

        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.button_box = QDialogButtonBox(PrintLogDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.button_layout.addWidget(self.button_box)


        self.main_layout.addLayout(self.button_layout)

        self.main_layout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.day_label.setBuddy(self.day_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.day_edit, self.all_days_check)
        QWidget.setTabOrder(self.all_days_check, self.log_view)
        QWidget.setTabOrder(self.log_view, self.reprint_button)
        QWidget.setTabOrder(self.reprint_button, self.save_button)
        QWidget.setTabOrder(self.save_button, self.button_box)

        self.retranslateUi(PrintLogDialog)
    # setupUi

    def retranslateUi(self, PrintLogDialog: Any) -> None:
        PrintLogDialog.setWindowTitle(QCoreApplication.translate("PrintLogDialog", u"Print log - Clinic Desk", None))
        self.day_label.setText(QCoreApplication.translate("PrintLogDialog", u"&Day", None))
#if QT_CONFIG(accessibility)
        self.day_edit.setAccessibleName(QCoreApplication.translate("PrintLogDialog", u"Day of the prints", None))
#endif // QT_CONFIG(accessibility)
        self.day_edit.setDisplayFormat(QCoreApplication.translate("PrintLogDialog", u"yyyy-MM-dd", None))
        self.all_days_check.setText(QCoreApplication.translate("PrintLogDialog", u"&All days", None))
#if QT_CONFIG(accessibility)
        self.log_view.setAccessibleName(QCoreApplication.translate("PrintLogDialog", u"Printed handouts", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.pdf_label.setAccessibleName(QCoreApplication.translate("PrintLogDialog", u"About the printed handout", None))
#endif // QT_CONFIG(accessibility)
        self.reprint_button.setText(QCoreApplication.translate("PrintLogDialog", u"&Print again...", None))
#if QT_CONFIG(tooltip)
        self.reprint_button.setToolTip(QCoreApplication.translate("PrintLogDialog", u"Print this record's handout again (asks for the reason)", None))
#endif // QT_CONFIG(tooltip)
        self.save_button.setText(QCoreApplication.translate("PrintLogDialog", u"&Save this PDF...", None))
#if QT_CONFIG(tooltip)
        self.save_button.setToolTip(QCoreApplication.translate("PrintLogDialog", u"Save the exact PDF that was printed to a file", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

