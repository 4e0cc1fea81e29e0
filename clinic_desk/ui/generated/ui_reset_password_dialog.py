# Generated from forms/reset_password_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'reset_password_dialog.ui'
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
    QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_ResetPasswordDialog(object):
    def setupUi(self, ResetPasswordDialog: Any) -> None:
        if not ResetPasswordDialog.objectName():
            ResetPasswordDialog.setObjectName(u"ResetPasswordDialog")
        ResetPasswordDialog.resize(420, 220)
        self.main_layout = QVBoxLayout(ResetPasswordDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_label = QLabel(ResetPasswordDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.intro_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.password_label = QLabel(ResetPasswordDialog)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(ResetPasswordDialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.password_edit)

        self.confirm_label = QLabel(ResetPasswordDialog)
        self.confirm_label.setObjectName(u"confirm_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.confirm_label)

        self.confirm_edit = QLineEdit(ResetPasswordDialog)
        self.confirm_edit.setObjectName(u"confirm_edit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.confirm_edit)


        self.main_layout.addLayout(self.form_layout)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(ResetPasswordDialog)
        self.message_icon.setObjectName(u"message_icon")

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(ResetPasswordDialog)
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

        self.button_box = QDialogButtonBox(ResetPasswordDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.password_label.setBuddy(self.password_edit)
        self.confirm_label.setBuddy(self.confirm_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.password_edit, self.confirm_edit)
        QWidget.setTabOrder(self.confirm_edit, self.button_box)

        self.retranslateUi(ResetPasswordDialog)
    # setupUi

    def retranslateUi(self, ResetPasswordDialog: Any) -> None:
        ResetPasswordDialog.setWindowTitle(QCoreApplication.translate("ResetPasswordDialog", u"Reset password - Clinic Desk", None))
        self.intro_label.setText(QCoreApplication.translate("ResetPasswordDialog", u"Set a new password", None))
        self.password_label.setText(QCoreApplication.translate("ResetPasswordDialog", u"&New password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("ResetPasswordDialog", u"New password", None))
#endif // QT_CONFIG(accessibility)
        self.confirm_label.setText(QCoreApplication.translate("ResetPasswordDialog", u"Con&firm password", None))
#if QT_CONFIG(accessibility)
        self.confirm_edit.setAccessibleName(QCoreApplication.translate("ResetPasswordDialog", u"Confirm the new password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_icon.setAccessibleName(QCoreApplication.translate("ResetPasswordDialog", u"Problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("ResetPasswordDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

