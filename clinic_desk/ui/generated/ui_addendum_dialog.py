# Generated from forms/addendum_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'addendum_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QDateTimeEdit,
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_AddendumDialog(object):
    def setupUi(self, AddendumDialog: Any) -> None:
        if not AddendumDialog.objectName():
            AddendumDialog.setObjectName(u"AddendumDialog")
        AddendumDialog.resize(620, 680)
        self.main_layout = QVBoxLayout(AddendumDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.record_label = QLabel(AddendumDialog)
        self.record_label.setObjectName(u"record_label")
        self.record_label.setWordWrap(True)
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.record_label)

        self.intro_label = QLabel(AddendumDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.reason_label = QLabel(AddendumDialog)
        self.reason_label.setObjectName(u"reason_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.reason_label)

        self.reason_edit = QLineEdit(AddendumDialog)
        self.reason_edit.setObjectName(u"reason_edit")
        self.reason_edit.setMaxLength(400)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.reason_edit)

        self.text_label = QLabel(AddendumDialog)
        self.text_label.setObjectName(u"text_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.text_label)

        self.text_edit = QPlainTextEdit(AddendumDialog)
        self.text_edit.setObjectName(u"text_edit")
        self.text_edit.setMaximumSize(QSize(16777215, 110))
        self.text_edit.setTabChangesFocus(True)

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.text_edit)

        self.changes_check = QCheckBox(AddendumDialog)
        self.changes_check.setObjectName(u"changes_check")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.changes_check)

        self.meaning_label = QLabel(AddendumDialog)
        self.meaning_label.setObjectName(u"meaning_label")

        self.form_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.meaning_label)

        self.meaning_box = QWidget(AddendumDialog)
        self.meaning_box.setObjectName(u"meaning_box")
        self.meaning_layout = QHBoxLayout(self.meaning_box)
        self.meaning_layout.setObjectName(u"meaning_layout")
        self.meaning_layout.setContentsMargins(0, 0, 0, 0)
        self.reviewed_radio = QRadioButton(self.meaning_box)
        self.reviewed_radio.setObjectName(u"reviewed_radio")
        self.reviewed_radio.setChecked(True)

        self.meaning_layout.addWidget(self.reviewed_radio)

        self.performed_radio = QRadioButton(self.meaning_box)
        self.performed_radio.setObjectName(u"performed_radio")

        self.meaning_layout.addWidget(self.performed_radio)

        self.meaning_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.meaning_layout.addItem(self.meaning_spacer)


        self.form_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.meaning_box)

        self.signer_caption = QLabel(AddendumDialog)
        self.signer_caption.setObjectName(u"signer_caption")

        self.form_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.signer_caption)

        self.signer_label = QLabel(AddendumDialog)
        self.signer_label.setObjectName(u"signer_label")
        self.signer_label.setTextFormat(Qt.TextFormat.PlainText)

        self.form_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.signer_label)

        self.password_label = QLabel(AddendumDialog)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(AddendumDialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.password_edit)

        self.corrections_group = QGroupBox(AddendumDialog)
        self.corrections_group.setObjectName(u"corrections_group")
        self.corrections_layout = QFormLayout(self.corrections_group)
        self.corrections_layout.setObjectName(u"corrections_layout")
        self.correct_anticoagulant_label = QLabel(self.corrections_group)
        self.correct_anticoagulant_label.setObjectName(u"correct_anticoagulant_label")

        self.corrections_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.correct_anticoagulant_label)

        self.correct_anticoagulant_edit = QLineEdit(self.corrections_group)
        self.correct_anticoagulant_edit.setObjectName(u"correct_anticoagulant_edit")
        self.correct_anticoagulant_edit.setMaxLength(200)

        self.corrections_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.correct_anticoagulant_edit)

        self.correct_resume_en_label = QLabel(self.corrections_group)
        self.correct_resume_en_label.setObjectName(u"correct_resume_en_label")

        self.corrections_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.correct_resume_en_label)

        self.correct_resume_en_edit = QPlainTextEdit(self.corrections_group)
        self.correct_resume_en_edit.setObjectName(u"correct_resume_en_edit")
        self.correct_resume_en_edit.setTabChangesFocus(True)
        self.correct_resume_en_edit.setMaximumSize(QSize(16777215, 70))

        self.corrections_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.correct_resume_en_edit)

        self.correct_resume_es_label = QLabel(self.corrections_group)
        self.correct_resume_es_label.setObjectName(u"correct_resume_es_label")

        self.corrections_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.correct_resume_es_label)

        self.correct_resume_es_edit = QPlainTextEdit(self.corrections_group)
        self.correct_resume_es_edit.setObjectName(u"correct_resume_es_edit")
        self.correct_resume_es_edit.setTabChangesFocus(True)
        self.correct_resume_es_edit.setMaximumSize(QSize(16777215, 70))

        self.corrections_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.correct_resume_es_edit)

        self.correct_follow_up_check = QCheckBox(self.corrections_group)
        self.correct_follow_up_check.setObjectName(u"correct_follow_up_check")

        self.corrections_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.correct_follow_up_check)

        self.correct_follow_up_edit = QDateTimeEdit(self.corrections_group)
        self.correct_follow_up_edit.setObjectName(u"correct_follow_up_edit")
        self.correct_follow_up_edit.setCalendarPopup(True)

        self.corrections_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.correct_follow_up_edit)


        self.form_layout.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.corrections_group)


        self.main_layout.addLayout(self.form_layout)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(AddendumDialog)
        self.message_icon.setObjectName(u"message_icon")

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(AddendumDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.message_label.sizePolicy().hasHeightForWidth())
        self.message_label.setSizePolicy(sizePolicy)

        self.message_layout.addWidget(self.message_label)


        self.main_layout.addLayout(self.message_layout)

        self.button_box = QDialogButtonBox(AddendumDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.reason_label.setBuddy(self.reason_edit)
        self.text_label.setBuddy(self.text_edit)
        self.meaning_label.setBuddy(self.reviewed_radio)
        self.password_label.setBuddy(self.password_edit)
        self.correct_anticoagulant_label.setBuddy(self.correct_anticoagulant_edit)
        self.correct_resume_en_label.setBuddy(self.correct_resume_en_edit)
        self.correct_resume_es_label.setBuddy(self.correct_resume_es_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.reason_edit, self.text_edit)
        QWidget.setTabOrder(self.text_edit, self.changes_check)
        QWidget.setTabOrder(self.changes_check, self.correct_anticoagulant_edit)
        QWidget.setTabOrder(self.correct_anticoagulant_edit, self.correct_resume_en_edit)
        QWidget.setTabOrder(self.correct_resume_en_edit, self.correct_resume_es_edit)
        QWidget.setTabOrder(self.correct_resume_es_edit, self.correct_follow_up_check)
        QWidget.setTabOrder(self.correct_follow_up_check, self.correct_follow_up_edit)
        QWidget.setTabOrder(self.correct_follow_up_edit, self.reviewed_radio)
        QWidget.setTabOrder(self.reviewed_radio, self.performed_radio)
        QWidget.setTabOrder(self.performed_radio, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.button_box)

        self.retranslateUi(AddendumDialog)
    # setupUi

    def retranslateUi(self, AddendumDialog: Any) -> None:
        AddendumDialog.setWindowTitle(QCoreApplication.translate("AddendumDialog", u"Add addendum - Clinic Desk", None))
        self.record_label.setText(QCoreApplication.translate("AddendumDialog", u"Record", None))
#if QT_CONFIG(accessibility)
        self.record_label.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Record to amend", None))
#endif // QT_CONFIG(accessibility)
        self.intro_label.setText(QCoreApplication.translate("AddendumDialog", u"An addendum adds to the signed record; the original stays as it was. It is dated, names you as its author, and is signed with your password.", None))
        self.reason_label.setText(QCoreApplication.translate("AddendumDialog", u"&Reason", None))
#if QT_CONFIG(accessibility)
        self.reason_edit.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Reason for the addendum", None))
#endif // QT_CONFIG(accessibility)
        self.reason_edit.setPlaceholderText(QCoreApplication.translate("AddendumDialog", u"e.g. Anticoagulant plan changed", None))
        self.text_label.setText(QCoreApplication.translate("AddendumDialog", u"&Addendum", None))
#if QT_CONFIG(accessibility)
        self.text_edit.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Addendum text", None))
#endif // QT_CONFIG(accessibility)
        self.changes_check.setText(QCoreApplication.translate("AddendumDialog", u"This &changes what the patient must do (prints a new handout version)", None))
        self.meaning_label.setText(QCoreApplication.translate("AddendumDialog", u"&Meaning", None))
#if QT_CONFIG(accessibility)
        self.meaning_box.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Meaning of this signature", None))
#endif // QT_CONFIG(accessibility)
        self.reviewed_radio.setText(QCoreApplication.translate("AddendumDialog", u"Re&viewed and approved", None))
        self.performed_radio.setText(QCoreApplication.translate("AddendumDialog", u"P&erformed by", None))
        self.signer_caption.setText(QCoreApplication.translate("AddendumDialog", u"Signing as", None))
        self.signer_label.setText(QCoreApplication.translate("AddendumDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.signer_label.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Signing as", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("AddendumDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.corrections_group.setTitle(QCoreApplication.translate("AddendumDialog", u"Corrections of what the handout prints (printed in place, marked as changed)", None))
#if QT_CONFIG(accessibility)
        self.corrections_group.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Corrections of what the handout prints", None))
#endif // QT_CONFIG(accessibility)
        self.correct_anticoagulant_label.setText(QCoreApplication.translate("AddendumDialog", u"&Blood thinner", None))
#if QT_CONFIG(accessibility)
        self.correct_anticoagulant_edit.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Blood thinner name as the handout prints it", None))
#endif // QT_CONFIG(accessibility)
        self.correct_resume_en_label.setText(QCoreApplication.translate("AddendumDialog", u"Restart instructions (En&glish)", None))
#if QT_CONFIG(accessibility)
        self.correct_resume_en_edit.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"When to restart the blood thinner, in English, as the handout prints it", None))
#endif // QT_CONFIG(accessibility)
        self.correct_resume_es_label.setText(QCoreApplication.translate("AddendumDialog", u"Restart instructions (Spa&nish)", None))
#if QT_CONFIG(accessibility)
        self.correct_resume_es_edit.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"When to restart the blood thinner, in Spanish, as the handout prints it", None))
#endif // QT_CONFIG(accessibility)
        self.correct_follow_up_check.setText(QCoreApplication.translate("AddendumDialog", u"New &follow-up visit", None))
#if QT_CONFIG(accessibility)
        self.correct_follow_up_edit.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"New follow-up visit date and time", None))
#endif // QT_CONFIG(accessibility)
        self.correct_follow_up_edit.setDisplayFormat(QCoreApplication.translate("AddendumDialog", u"yyyy-MM-dd HH:mm", None))
#if QT_CONFIG(accessibility)
        self.message_icon.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("AddendumDialog", u"Addendum message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

