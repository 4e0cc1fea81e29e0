# Generated from forms/patient_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'patient_dialog.ui'
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
    QComboBox, QDialog, QDialogButtonBox, QFormLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QTableView, QVBoxLayout,
    QWidget)

class Ui_PatientDialog(object):
    def setupUi(self, PatientDialog: Any) -> None:
        if not PatientDialog.objectName():
            PatientDialog.setObjectName(u"PatientDialog")
        PatientDialog.resize(1120, 600)
        self.main_layout = QVBoxLayout(PatientDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.splitter = QSplitter(PatientDialog)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.details_group = QGroupBox(self.splitter)
        self.details_group.setObjectName(u"details_group")
        self.details_layout = QFormLayout(self.details_group)
        self.details_layout.setObjectName(u"details_layout")
        self.details_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.mrn_label = QLabel(self.details_group)
        self.mrn_label.setObjectName(u"mrn_label")

        self.details_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.mrn_label)

        self.mrn_edit = QLineEdit(self.details_group)
        self.mrn_edit.setObjectName(u"mrn_edit")
        self.mrn_edit.setMaxLength(20)

        self.details_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.mrn_edit)

        self.family_name_label = QLabel(self.details_group)
        self.family_name_label.setObjectName(u"family_name_label")

        self.details_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.family_name_label)

        self.family_name_edit = QLineEdit(self.details_group)
        self.family_name_edit.setObjectName(u"family_name_edit")
        self.family_name_edit.setMaxLength(100)

        self.details_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.family_name_edit)

        self.given_name_label = QLabel(self.details_group)
        self.given_name_label.setObjectName(u"given_name_label")

        self.details_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.given_name_label)

        self.given_name_edit = QLineEdit(self.details_group)
        self.given_name_edit.setObjectName(u"given_name_edit")
        self.given_name_edit.setMaxLength(100)

        self.details_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.given_name_edit)

        self.date_of_birth_label = QLabel(self.details_group)
        self.date_of_birth_label.setObjectName(u"date_of_birth_label")

        self.details_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.date_of_birth_label)

        self.date_of_birth_edit = QLineEdit(self.details_group)
        self.date_of_birth_edit.setObjectName(u"date_of_birth_edit")
        self.date_of_birth_edit.setMaxLength(10)

        self.details_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.date_of_birth_edit)

        self.sex_label = QLabel(self.details_group)
        self.sex_label.setObjectName(u"sex_label")

        self.details_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.sex_label)

        self.sex_combo = QComboBox(self.details_group)
        self.sex_combo.setObjectName(u"sex_combo")

        self.details_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.sex_combo)

        self.language_label = QLabel(self.details_group)
        self.language_label.setObjectName(u"language_label")

        self.details_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.language_label)

        self.language_combo = QComboBox(self.details_group)
        self.language_combo.setObjectName(u"language_combo")

        self.details_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.language_combo)

        self.weight_label = QLabel(self.details_group)
        self.weight_label.setObjectName(u"weight_label")

        self.details_layout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.weight_label)

        self.weight_edit = QLineEdit(self.details_group)
        self.weight_edit.setObjectName(u"weight_edit")
        self.weight_edit.setMaxLength(8)

        self.details_layout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.weight_edit)

        self.diabetic_check = QCheckBox(self.details_group)
        self.diabetic_check.setObjectName(u"diabetic_check")

        self.details_layout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.diabetic_check)

        self.anticoagulant_label = QLabel(self.details_group)
        self.anticoagulant_label.setObjectName(u"anticoagulant_label")

        self.details_layout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.anticoagulant_label)

        self.anticoagulant_edit = QLineEdit(self.details_group)
        self.anticoagulant_edit.setObjectName(u"anticoagulant_edit")
        self.anticoagulant_edit.setMaxLength(200)

        self.details_layout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.anticoagulant_edit)

        self.resume_label = QLabel(self.details_group)
        self.resume_label.setObjectName(u"resume_label")

        self.details_layout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.resume_label)

        self.resume_edit = QPlainTextEdit(self.details_group)
        self.resume_edit.setObjectName(u"resume_edit")
        self.resume_edit.setTabChangesFocus(True)
        self.resume_edit.setMaximumSize(QSize(16777215, 80))

        self.details_layout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.resume_edit)

        self.resume_es_label = QLabel(self.details_group)
        self.resume_es_label.setObjectName(u"resume_es_label")

        self.details_layout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.resume_es_label)

        self.resume_es_edit = QPlainTextEdit(self.details_group)
        self.resume_es_edit.setObjectName(u"resume_es_edit")
        self.resume_es_edit.setTabChangesFocus(True)
        self.resume_es_edit.setMaximumSize(QSize(16777215, 80))

        self.details_layout.setWidget(10, QFormLayout.ItemRole.FieldRole, self.resume_es_edit)

        self.allergies_label = QLabel(self.details_group)
        self.allergies_label.setObjectName(u"allergies_label")

        self.details_layout.setWidget(11, QFormLayout.ItemRole.LabelRole, self.allergies_label)

        self.allergies_edit = QLineEdit(self.details_group)
        self.allergies_edit.setObjectName(u"allergies_edit")
        self.allergies_edit.setMaxLength(1000)

        self.details_layout.setWidget(11, QFormLayout.ItemRole.FieldRole, self.allergies_edit)

        self.escort_label = QLabel(self.details_group)
        self.escort_label.setObjectName(u"escort_label")

        self.details_layout.setWidget(12, QFormLayout.ItemRole.LabelRole, self.escort_label)

        self.escort_edit = QLineEdit(self.details_group)
        self.escort_edit.setObjectName(u"escort_edit")
        self.escort_edit.setMaxLength(200)

        self.details_layout.setWidget(12, QFormLayout.ItemRole.FieldRole, self.escort_edit)

        self.splitter.addWidget(self.details_group)
        self.history_group = QGroupBox(self.splitter)
        self.history_group.setObjectName(u"history_group")
        self.history_layout = QVBoxLayout(self.history_group)
        self.history_layout.setObjectName(u"history_layout")
        self.history_hint_label = QLabel(self.history_group)
        self.history_hint_label.setObjectName(u"history_hint_label")
        self.history_hint_label.setWordWrap(True)

        self.history_layout.addWidget(self.history_hint_label)

        self.history_view = QTableView(self.history_group)
        self.history_view.setObjectName(u"history_view")
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setTabKeyNavigation(False)
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.history_view.verticalHeader().setVisible(False)

        self.history_layout.addWidget(self.history_view)

        self.splitter.addWidget(self.history_group)

        self.main_layout.addWidget(self.splitter)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(PatientDialog)
        self.message_icon.setObjectName(u"message_icon")

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(PatientDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.message_label.sizePolicy().hasHeightForWidth())
        self.message_label.setSizePolicy(sizePolicy)

        self.message_layout.addWidget(self.message_label)


        self.main_layout.addLayout(self.message_layout)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.new_record_button = QPushButton(PatientDialog)
        self.new_record_button.setObjectName(u"new_record_button")
        self.new_record_button.setAutoDefault(False)

        self.button_layout.addWidget(self.new_record_button)

        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.button_box = QDialogButtonBox(PatientDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.button_layout.addWidget(self.button_box)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.mrn_label.setBuddy(self.mrn_edit)
        self.family_name_label.setBuddy(self.family_name_edit)
        self.given_name_label.setBuddy(self.given_name_edit)
        self.date_of_birth_label.setBuddy(self.date_of_birth_edit)
        self.sex_label.setBuddy(self.sex_combo)
        self.language_label.setBuddy(self.language_combo)
        self.weight_label.setBuddy(self.weight_edit)
        self.anticoagulant_label.setBuddy(self.anticoagulant_edit)
        self.resume_label.setBuddy(self.resume_edit)
        self.resume_es_label.setBuddy(self.resume_es_edit)
        self.allergies_label.setBuddy(self.allergies_edit)
        self.escort_label.setBuddy(self.escort_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.mrn_edit, self.family_name_edit)
        QWidget.setTabOrder(self.family_name_edit, self.given_name_edit)
        QWidget.setTabOrder(self.given_name_edit, self.date_of_birth_edit)
        QWidget.setTabOrder(self.date_of_birth_edit, self.sex_combo)
        QWidget.setTabOrder(self.sex_combo, self.language_combo)
        QWidget.setTabOrder(self.language_combo, self.weight_edit)
        QWidget.setTabOrder(self.weight_edit, self.diabetic_check)
        QWidget.setTabOrder(self.diabetic_check, self.anticoagulant_edit)
        QWidget.setTabOrder(self.anticoagulant_edit, self.resume_edit)
        QWidget.setTabOrder(self.resume_edit, self.resume_es_edit)
        QWidget.setTabOrder(self.resume_es_edit, self.allergies_edit)
        QWidget.setTabOrder(self.allergies_edit, self.escort_edit)
        QWidget.setTabOrder(self.escort_edit, self.history_view)
        QWidget.setTabOrder(self.history_view, self.new_record_button)
        QWidget.setTabOrder(self.new_record_button, self.button_box)

        self.retranslateUi(PatientDialog)
    # setupUi

    def retranslateUi(self, PatientDialog: Any) -> None:
        PatientDialog.setWindowTitle(QCoreApplication.translate("PatientDialog", u"Patient - Clinic Desk", None))
        self.details_group.setTitle(QCoreApplication.translate("PatientDialog", u"Patient details", None))
        self.mrn_label.setText(QCoreApplication.translate("PatientDialog", u"&MRN", None))
#if QT_CONFIG(accessibility)
        self.mrn_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Medical record number", None))
#endif // QT_CONFIG(accessibility)
        self.mrn_edit.setPlaceholderText(QCoreApplication.translate("PatientDialog", u"e.g. A1001", None))
        self.family_name_label.setText(QCoreApplication.translate("PatientDialog", u"&Family name", None))
#if QT_CONFIG(accessibility)
        self.family_name_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Family name", None))
#endif // QT_CONFIG(accessibility)
        self.given_name_label.setText(QCoreApplication.translate("PatientDialog", u"&Given name(s)", None))
#if QT_CONFIG(accessibility)
        self.given_name_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Given names", None))
#endif // QT_CONFIG(accessibility)
        self.date_of_birth_label.setText(QCoreApplication.translate("PatientDialog", u"&Date of birth", None))
#if QT_CONFIG(accessibility)
        self.date_of_birth_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Date of birth", None))
#endif // QT_CONFIG(accessibility)
        self.date_of_birth_edit.setPlaceholderText(QCoreApplication.translate("PatientDialog", u"YYYY-MM-DD", None))
        self.sex_label.setText(QCoreApplication.translate("PatientDialog", u"Se&x", None))
#if QT_CONFIG(accessibility)
        self.sex_combo.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Sex", None))
#endif // QT_CONFIG(accessibility)
        self.language_label.setText(QCoreApplication.translate("PatientDialog", u"Handout &language", None))
#if QT_CONFIG(accessibility)
        self.language_combo.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Preferred language for the handout", None))
#endif // QT_CONFIG(accessibility)
        self.weight_label.setText(QCoreApplication.translate("PatientDialog", u"&Weight (kg)", None))
#if QT_CONFIG(accessibility)
        self.weight_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Weight in kilograms", None))
#endif // QT_CONFIG(accessibility)
        self.diabetic_check.setText(QCoreApplication.translate("PatientDialog", u"D&iabetic", None))
#if QT_CONFIG(accessibility)
        self.diabetic_check.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Diabetic", None))
#endif // QT_CONFIG(accessibility)
        self.anticoagulant_label.setText(QCoreApplication.translate("PatientDialog", u"Blood &thinner", None))
#if QT_CONFIG(accessibility)
        self.anticoagulant_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Blood thinner (anticoagulant)", None))
#endif // QT_CONFIG(accessibility)
        self.anticoagulant_edit.setPlaceholderText(QCoreApplication.translate("PatientDialog", u"Leave empty if none, e.g. apixaban", None))
        self.resume_label.setText(QCoreApplication.translate("PatientDialog", u"&Restart instructions (English)", None))
#if QT_CONFIG(accessibility)
        self.resume_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"When to restart the blood thinner, as the physician said, in English", None))
#endif // QT_CONFIG(accessibility)
        self.resume_edit.setPlaceholderText(QCoreApplication.translate("PatientDialog", u"The physician's words, e.g. Restart apixaban tomorrow morning.", None))
        self.resume_es_label.setText(QCoreApplication.translate("PatientDialog", u"Restart instructions (S&panish)", None))
#if QT_CONFIG(accessibility)
        self.resume_es_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"When to restart the blood thinner, as the physician said, in Spanish", None))
#endif // QT_CONFIG(accessibility)
        self.resume_es_edit.setPlaceholderText(QCoreApplication.translate("PatientDialog", u"The same words in Spanish, typed by someone who speaks it; needed for a Spanish handout.", None))
        self.allergies_label.setText(QCoreApplication.translate("PatientDialog", u"All&ergies", None))
#if QT_CONFIG(accessibility)
        self.allergies_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Allergies", None))
#endif // QT_CONFIG(accessibility)
        self.allergies_edit.setPlaceholderText(QCoreApplication.translate("PatientDialog", u"e.g. iodine contrast; none known", None))
        self.escort_label.setText(QCoreApplication.translate("PatientDialog", u"Driven home &by", None))
#if QT_CONFIG(accessibility)
        self.escort_edit.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Who drives the patient home", None))
#endif // QT_CONFIG(accessibility)
        self.history_group.setTitle(QCoreApplication.translate("PatientDialog", u"Previous procedures", None))
        self.history_hint_label.setText(QCoreApplication.translate("PatientDialog", u"Newest first, with the relief each gave.", None))
#if QT_CONFIG(accessibility)
        self.history_view.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Previous procedures", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("PatientDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
        self.new_record_button.setText(QCoreApplication.translate("PatientDialog", u"&New procedure record", None))
#if QT_CONFIG(tooltip)
        self.new_record_button.setToolTip(QCoreApplication.translate("PatientDialog", u"Save the patient and start a procedure record (Alt+N)", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

