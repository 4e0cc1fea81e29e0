# Generated from forms/reprint_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'reprint_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_ReprintDialog(object):
    def setupUi(self, ReprintDialog: Any) -> None:
        if not ReprintDialog.objectName():
            ReprintDialog.setObjectName(u"ReprintDialog")
        ReprintDialog.resize(480, 240)
        self.main_layout = QVBoxLayout(ReprintDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(ReprintDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.intro_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.reason_label = QLabel(ReprintDialog)
        self.reason_label.setObjectName(u"reason_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.reason_label)

        self.reason_combo = QComboBox(ReprintDialog)
        self.reason_combo.setObjectName(u"reason_combo")
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.reason_combo.sizePolicy().hasHeightForWidth())
        self.reason_combo.setSizePolicy(sizePolicy)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.reason_combo)

        self.language_label = QLabel(ReprintDialog)
        self.language_label.setObjectName(u"language_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.language_label)

        self.language_combo = QComboBox(ReprintDialog)
        self.language_combo.setObjectName(u"language_combo")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.language_combo)

        self.large_print_check = QCheckBox(ReprintDialog)
        self.large_print_check.setObjectName(u"large_print_check")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.large_print_check)


        self.main_layout.addLayout(self.form_layout)

        self.message_label = QLabel(ReprintDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.message_label)

        self.button_box = QDialogButtonBox(ReprintDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.reason_label.setBuddy(self.reason_combo)
        self.language_label.setBuddy(self.language_combo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.reason_combo, self.language_combo)
        QWidget.setTabOrder(self.language_combo, self.large_print_check)
        QWidget.setTabOrder(self.large_print_check, self.button_box)

        self.retranslateUi(ReprintDialog)
    # setupUi

    def retranslateUi(self, ReprintDialog: Any) -> None:
        ReprintDialog.setWindowTitle(QCoreApplication.translate("ReprintDialog", u"Print the handout again - Clinic Desk", None))
        self.intro_label.setText(QCoreApplication.translate("ReprintDialog", u"This handout was printed already.", None))
        self.reason_label.setText(QCoreApplication.translate("ReprintDialog", u"&Reason for printing again", None))
#if QT_CONFIG(accessibility)
        self.reason_combo.setAccessibleName(QCoreApplication.translate("ReprintDialog", u"Reason for printing again", None))
#endif // QT_CONFIG(accessibility)
        self.language_label.setText(QCoreApplication.translate("ReprintDialog", u"&Language", None))
#if QT_CONFIG(accessibility)
        self.language_combo.setAccessibleName(QCoreApplication.translate("ReprintDialog", u"Language of the copy", None))
#endif // QT_CONFIG(accessibility)
        self.large_print_check.setText(QCoreApplication.translate("ReprintDialog", u"Lar&ge print", None))
#if QT_CONFIG(tooltip)
        self.large_print_check.setToolTip(QCoreApplication.translate("ReprintDialog", u"Body text of 16 pt or more", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("ReprintDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

