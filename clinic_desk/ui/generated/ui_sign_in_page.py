# Generated from forms/sign_in_page.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sign_in_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_SignInPage(object):
    def setupUi(self, SignInPage: Any) -> None:
        if not SignInPage.objectName():
            SignInPage.setObjectName(u"SignInPage")
        SignInPage.resize(640, 480)
        self.outer_layout = QVBoxLayout(SignInPage)
        self.outer_layout.setObjectName(u"outer_layout")
        self.top_spacer = QSpacerItem(0, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer_layout.addItem(self.top_spacer)

        self.center_layout = QHBoxLayout()
        self.center_layout.setObjectName(u"center_layout")
        self.left_spacer = QSpacerItem(40, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.center_layout.addItem(self.left_spacer)

        self.panel = QFrame(SignInPage)
        self.panel.setObjectName(u"panel")
        self.panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.panel.setMinimumSize(QSize(420, 0))
        self.panel.setMaximumSize(QSize(560, 16777215))
        self.panel_layout = QVBoxLayout(self.panel)
        self.panel_layout.setObjectName(u"panel_layout")
        self.clinic_label = QLabel(self.panel)
        self.clinic_label.setObjectName(u"clinic_label")
        self.clinic_label.setWordWrap(True)
        self.clinic_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clinic_label.setTextFormat(Qt.TextFormat.PlainText)

        self.panel_layout.addWidget(self.clinic_label)

        self.intro_label = QLabel(self.panel)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)
        self.intro_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.panel_layout.addWidget(self.intro_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.username_label = QLabel(self.panel)
        self.username_label.setObjectName(u"username_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_edit = QLineEdit(self.panel)
        self.username_edit.setObjectName(u"username_edit")
        self.username_edit.setMaxLength(64)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username_edit)

        self.password_label = QLabel(self.panel)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(self.panel)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password_edit)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.sign_in_button = QPushButton(self.panel)
        self.sign_in_button.setObjectName(u"sign_in_button")

        self.button_layout.addWidget(self.sign_in_button)

        self.quit_button = QPushButton(self.panel)
        self.quit_button.setObjectName(u"quit_button")

        self.button_layout.addWidget(self.quit_button)


        self.form_layout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.button_layout)


        self.panel_layout.addLayout(self.form_layout)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(self.panel)
        self.message_icon.setObjectName(u"message_icon")
        self.message_icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(self.panel)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.message_label.sizePolicy().hasHeightForWidth())
        self.message_label.setSizePolicy(sizePolicy)

        self.message_layout.addWidget(self.message_label)


        self.panel_layout.addLayout(self.message_layout)

        self.database_label = QLabel(self.panel)
        self.database_label.setObjectName(u"database_label")
        self.database_label.setWordWrap(True)
        self.database_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.panel_layout.addWidget(self.database_label)


        self.center_layout.addWidget(self.panel)

        self.right_spacer = QSpacerItem(40, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.center_layout.addItem(self.right_spacer)


        self.outer_layout.addLayout(self.center_layout)

        self.bottom_spacer = QSpacerItem(0, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer_layout.addItem(self.bottom_spacer)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username_edit)
        self.password_label.setBuddy(self.password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.sign_in_button)
        QWidget.setTabOrder(self.sign_in_button, self.quit_button)

        self.retranslateUi(SignInPage)

        self.sign_in_button.setDefault(True)

    # setupUi

    def retranslateUi(self, SignInPage: Any) -> None:
#if QT_CONFIG(accessibility)
        SignInPage.setAccessibleName(QCoreApplication.translate("SignInPage", u"Sign in", None))
#endif // QT_CONFIG(accessibility)
        self.clinic_label.setText(QCoreApplication.translate("SignInPage", u"Clinic Desk", None))
#if QT_CONFIG(accessibility)
        self.clinic_label.setAccessibleName(QCoreApplication.translate("SignInPage", u"Clinic", None))
#endif // QT_CONFIG(accessibility)
        self.intro_label.setText(QCoreApplication.translate("SignInPage", u"Sign in with your own account. Never use a colleague's.", None))
        self.username_label.setText(QCoreApplication.translate("SignInPage", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("SignInPage", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("SignInPage", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("SignInPage", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.sign_in_button.setText(QCoreApplication.translate("SignInPage", u"Sign &in", None))
        self.quit_button.setText(QCoreApplication.translate("SignInPage", u"&Quit", None))
#if QT_CONFIG(tooltip)
        self.quit_button.setToolTip(QCoreApplication.translate("SignInPage", u"Close Clinic Desk", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.message_icon.setAccessibleName(QCoreApplication.translate("SignInPage", u"Problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("SignInPage", u"Sign-in message", None))
#endif // QT_CONFIG(accessibility)
        self.database_label.setText(QCoreApplication.translate("SignInPage", u"Connecting to the database\u2026", None))
#if QT_CONFIG(accessibility)
        self.database_label.setAccessibleName(QCoreApplication.translate("SignInPage", u"Database", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

