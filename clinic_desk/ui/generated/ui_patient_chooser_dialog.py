# Generated from forms/patient_chooser_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'patient_chooser_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialog,
    QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QTableView, QVBoxLayout, QWidget)

class Ui_PatientChooserDialog(object):
    def setupUi(self, PatientChooserDialog: Any) -> None:
        if not PatientChooserDialog.objectName():
            PatientChooserDialog.setObjectName(u"PatientChooserDialog")
        PatientChooserDialog.resize(640, 420)
        self.main_layout = QVBoxLayout(PatientChooserDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(PatientChooserDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.search_layout = QHBoxLayout()
        self.search_layout.setObjectName(u"search_layout")
        self.search_label = QLabel(PatientChooserDialog)
        self.search_label.setObjectName(u"search_label")

        self.search_layout.addWidget(self.search_label)

        self.search_edit = QLineEdit(PatientChooserDialog)
        self.search_edit.setObjectName(u"search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(100)

        self.search_layout.addWidget(self.search_edit)


        self.main_layout.addLayout(self.search_layout)

        self.patients_view = QTableView(PatientChooserDialog)
        self.patients_view.setObjectName(u"patients_view")
        self.patients_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.patients_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patients_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.patients_view.setTabKeyNavigation(False)
        self.patients_view.setAlternatingRowColors(True)
        self.patients_view.horizontalHeader().setStretchLastSection(True)
        self.patients_view.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.patients_view)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.new_patient_button = QPushButton(PatientChooserDialog)
        self.new_patient_button.setObjectName(u"new_patient_button")
        self.new_patient_button.setAutoDefault(False)

        self.button_layout.addWidget(self.new_patient_button)

        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.button_box = QDialogButtonBox(PatientChooserDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.button_layout.addWidget(self.button_box)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.search_label.setBuddy(self.search_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.search_edit, self.patients_view)
        QWidget.setTabOrder(self.patients_view, self.new_patient_button)
        QWidget.setTabOrder(self.new_patient_button, self.button_box)

        self.retranslateUi(PatientChooserDialog)
    # setupUi

    def retranslateUi(self, PatientChooserDialog: Any) -> None:
        PatientChooserDialog.setWindowTitle(QCoreApplication.translate("PatientChooserDialog", u"New procedure record - choose the patient", None))
        self.intro_label.setText(QCoreApplication.translate("PatientChooserDialog", u"Whose procedure is this? Find the patient, then press Enter.", None))
        self.search_label.setText(QCoreApplication.translate("PatientChooserDialog", u"&Find patient", None))
#if QT_CONFIG(accessibility)
        self.search_edit.setAccessibleName(QCoreApplication.translate("PatientChooserDialog", u"Find patient", None))
#endif // QT_CONFIG(accessibility)
        self.search_edit.setPlaceholderText(QCoreApplication.translate("PatientChooserDialog", u"Name, MRN or date of birth", None))
#if QT_CONFIG(accessibility)
        self.patients_view.setAccessibleName(QCoreApplication.translate("PatientChooserDialog", u"Patients found", None))
#endif // QT_CONFIG(accessibility)
        self.new_patient_button.setText(QCoreApplication.translate("PatientChooserDialog", u"&New patient\u2026", None))
#if QT_CONFIG(tooltip)
        self.new_patient_button.setToolTip(QCoreApplication.translate("PatientChooserDialog", u"The patient is not in Clinic Desk yet: add them", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

