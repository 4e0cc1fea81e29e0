# Generated from forms/user_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'user_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QSizePolicy, QVBoxLayout, QWidget)

class Ui_UserDialog(object):
    def setupUi(self, UserDialog: Any) -> None:
        if not UserDialog.objectName():
            UserDialog.setObjectName(u"UserDialog")
        UserDialog.resize(440, 320)
        self.main_layout = QVBoxLayout(UserDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.username_label = QLabel(UserDialog)
        self.username_label.setObjectName(u"username_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_edit = QLineEdit(UserDialog)
        self.username_edit.setObjectName(u"username_edit")
        self.username_edit.setMaxLength(64)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username_edit)

        self.full_name_label = QLabel(UserDialog)
        self.full_name_label.setObjectName(u"full_name_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.full_name_label)

        self.full_name_edit = QLineEdit(UserDialog)
        self.full_name_edit.setObjectName(u"full_name_edit")
        self.full_name_edit.setMaxLength(200)

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.full_name_edit)

        self.credentials_label = QLabel(UserDialog)
        self.credentials_label.setObjectName(u"credentials_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.credentials_label)

        self.credentials_edit = QLineEdit(UserDialog)
        self.credentials_edit.setObjectName(u"credentials_edit")
        self.credentials_edit.setMaxLength(60)

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.credentials_edit)

        self.role_label = QLabel(UserDialog)
        self.role_label.setObjectName(u"role_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role_combo = QComboBox(UserDialog)
        self.role_combo.setObjectName(u"role_combo")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.role_combo)

        self.password_label = QLabel(UserDialog)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(UserDialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.password_edit)

        self.confirm_label = QLabel(UserDialog)
        self.confirm_label.setObjectName(u"confirm_label")

        self.form_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.confirm_label)

        self.confirm_edit = QLineEdit(UserDialog)
        self.confirm_edit.setObjectName(u"confirm_edit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.confirm_edit)


        self.main_layout.addLayout(self.form_layout)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(UserDialog)
        self.message_icon.setObjectName(u"message_icon")

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(UserDialog)
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

        self.button_box = QDialogButtonBox(UserDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username_edit)
        self.full_name_label.setBuddy(self.full_name_edit)
        self.credentials_label.setBuddy(self.credentials_edit)
        self.role_label.setBuddy(self.role_combo)
        self.password_label.setBuddy(self.password_edit)
        self.confirm_label.setBuddy(self.confirm_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username_edit, self.full_name_edit)
        QWidget.setTabOrder(self.full_name_edit, self.credentials_edit)
        QWidget.setTabOrder(self.credentials_edit, self.role_combo)
        QWidget.setTabOrder(self.role_combo, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.confirm_edit)
        QWidget.setTabOrder(self.confirm_edit, self.button_box)

        self.retranslateUi(UserDialog)
    # setupUi

    def retranslateUi(self, UserDialog: Any) -> None:
        UserDialog.setWindowTitle(QCoreApplication.translate("UserDialog", u"Add user - Clinic Desk", None))
        self.username_label.setText(QCoreApplication.translate("UserDialog", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("UserDialog", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.username_edit.setPlaceholderText(QCoreApplication.translate("UserDialog", u"e.g. hlee", None))
        self.full_name_label.setText(QCoreApplication.translate("UserDialog", u"&Full name", None))
#if QT_CONFIG(accessibility)
        self.full_name_edit.setAccessibleName(QCoreApplication.translate("UserDialog", u"Full name, as signatures print it", None))
#endif // QT_CONFIG(accessibility)
        self.credentials_label.setText(QCoreApplication.translate("UserDialog", u"&Credentials", None))
#if QT_CONFIG(accessibility)
        self.credentials_edit.setAccessibleName(QCoreApplication.translate("UserDialog", u"Credentials", None))
#endif // QT_CONFIG(accessibility)
        self.credentials_edit.setPlaceholderText(QCoreApplication.translate("UserDialog", u"e.g. MD, DO, RN", None))
        self.role_label.setText(QCoreApplication.translate("UserDialog", u"&Role", None))
#if QT_CONFIG(accessibility)
        self.role_combo.setAccessibleName(QCoreApplication.translate("UserDialog", u"Role", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("UserDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("UserDialog", u"First password", None))
#endif // QT_CONFIG(accessibility)
        self.confirm_label.setText(QCoreApplication.translate("UserDialog", u"C&onfirm password", None))
#if QT_CONFIG(accessibility)
        self.confirm_edit.setAccessibleName(QCoreApplication.translate("UserDialog", u"Confirm the password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_icon.setAccessibleName(QCoreApplication.translate("UserDialog", u"Problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("UserDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

