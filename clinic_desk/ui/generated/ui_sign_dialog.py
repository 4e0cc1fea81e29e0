# Generated from forms/sign_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sign_dialog.ui'
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
    QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QRadioButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_SignDialog(object):
    def setupUi(self, SignDialog: Any) -> None:
        if not SignDialog.objectName():
            SignDialog.setObjectName(u"SignDialog")
        SignDialog.resize(520, 480)
        self.main_layout = QVBoxLayout(SignDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.record_label = QLabel(SignDialog)
        self.record_label.setObjectName(u"record_label")
        self.record_label.setWordWrap(True)
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.record_label)

        self.statement_label = QLabel(SignDialog)
        self.statement_label.setObjectName(u"statement_label")
        self.statement_label.setWordWrap(True)

        self.main_layout.addWidget(self.statement_label)

        self.meaning_group = QGroupBox(SignDialog)
        self.meaning_group.setObjectName(u"meaning_group")
        self.meaning_layout = QVBoxLayout(self.meaning_group)
        self.meaning_layout.setObjectName(u"meaning_layout")
        self.reviewed_radio = QRadioButton(self.meaning_group)
        self.reviewed_radio.setObjectName(u"reviewed_radio")
        self.reviewed_radio.setChecked(True)

        self.meaning_layout.addWidget(self.reviewed_radio)

        self.performed_radio = QRadioButton(self.meaning_group)
        self.performed_radio.setObjectName(u"performed_radio")

        self.meaning_layout.addWidget(self.performed_radio)


        self.main_layout.addWidget(self.meaning_group)

        self.steroid_group = QGroupBox(SignDialog)
        self.steroid_group.setObjectName(u"steroid_group")
        self.steroid_layout = QVBoxLayout(self.steroid_group)
        self.steroid_layout.setObjectName(u"steroid_layout")
        self.steroid_label = QLabel(self.steroid_group)
        self.steroid_label.setObjectName(u"steroid_label")
        self.steroid_label.setWordWrap(True)

        self.steroid_layout.addWidget(self.steroid_label)

        self.steroid_reason_edit = QPlainTextEdit(self.steroid_group)
        self.steroid_reason_edit.setObjectName(u"steroid_reason_edit")
        self.steroid_reason_edit.setMinimumSize(QSize(0, 56))
        self.steroid_reason_edit.setTabChangesFocus(True)
        self.steroid_reason_edit.setMaximumSize(QSize(16777215, 70))

        self.steroid_layout.addWidget(self.steroid_reason_edit)


        self.main_layout.addWidget(self.steroid_group)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.signer_caption = QLabel(SignDialog)
        self.signer_caption.setObjectName(u"signer_caption")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.signer_caption)

        self.signer_label = QLabel(SignDialog)
        self.signer_label.setObjectName(u"signer_label")
        self.signer_label.setTextFormat(Qt.TextFormat.PlainText)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.signer_label)

        self.password_label = QLabel(SignDialog)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(SignDialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password_edit)


        self.main_layout.addLayout(self.form_layout)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(SignDialog)
        self.message_icon.setObjectName(u"message_icon")

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(SignDialog)
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

        self.bottom_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(SignDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.steroid_label.setBuddy(self.steroid_reason_edit)
        self.password_label.setBuddy(self.password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.reviewed_radio, self.performed_radio)
        QWidget.setTabOrder(self.performed_radio, self.steroid_reason_edit)
        QWidget.setTabOrder(self.steroid_reason_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.button_box)

        self.retranslateUi(SignDialog)
    # setupUi

    def retranslateUi(self, SignDialog: Any) -> None:
        SignDialog.setWindowTitle(QCoreApplication.translate("SignDialog", u"Sign record - Clinic Desk", None))
        self.record_label.setText(QCoreApplication.translate("SignDialog", u"Record", None))
#if QT_CONFIG(accessibility)
        self.record_label.setAccessibleName(QCoreApplication.translate("SignDialog", u"Record to sign", None))
#endif // QT_CONFIG(accessibility)
        self.statement_label.setText(QCoreApplication.translate("SignDialog", u"Your electronic signature means the same as your handwritten signature. Once signed, this record cannot be changed; corrections are added as signed addenda.", None))
        self.meaning_group.setTitle(QCoreApplication.translate("SignDialog", u"Meaning of this signature", None))
#if QT_CONFIG(accessibility)
        self.meaning_group.setAccessibleName(QCoreApplication.translate("SignDialog", u"Meaning of this signature", None))
#endif // QT_CONFIG(accessibility)
        self.reviewed_radio.setText(QCoreApplication.translate("SignDialog", u"&Reviewed and approved", None))
        self.performed_radio.setText(QCoreApplication.translate("SignDialog", u"P&erformed by", None))
        self.steroid_group.setTitle(QCoreApplication.translate("SignDialog", u"Steroid in a diagnostic block", None))
#if QT_CONFIG(accessibility)
        self.steroid_group.setAccessibleName(QCoreApplication.translate("SignDialog", u"Steroid in a diagnostic block", None))
#endif // QT_CONFIG(accessibility)
        self.steroid_label.setText(QCoreApplication.translate("SignDialog", u"A steroid is listed for a diagnostic block, where it is not appropriate. To sign, give the reaso&n it was used (kept with your signature and in the audit trail):", None))
#if QT_CONFIG(accessibility)
        self.steroid_reason_edit.setAccessibleName(QCoreApplication.translate("SignDialog", u"Reason a steroid was used in a diagnostic block", None))
#endif // QT_CONFIG(accessibility)
        self.signer_caption.setText(QCoreApplication.translate("SignDialog", u"Signing as", None))
        self.signer_label.setText(QCoreApplication.translate("SignDialog", u"Name", None))
#if QT_CONFIG(accessibility)
        self.signer_label.setAccessibleName(QCoreApplication.translate("SignDialog", u"Signing as", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("SignDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("SignDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_icon.setAccessibleName(QCoreApplication.translate("SignDialog", u"Problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("SignDialog", u"Signing message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

