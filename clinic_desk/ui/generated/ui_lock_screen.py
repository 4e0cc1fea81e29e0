# Generated from forms/lock_screen.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'lock_screen.ui'
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

class Ui_LockScreen(object):
    def setupUi(self, LockScreen: Any) -> None:
        if not LockScreen.objectName():
            LockScreen.setObjectName(u"LockScreen")
        LockScreen.resize(640, 480)
        self.outer_layout = QVBoxLayout(LockScreen)
        self.outer_layout.setObjectName(u"outer_layout")
        self.top_spacer = QSpacerItem(0, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer_layout.addItem(self.top_spacer)

        self.center_layout = QHBoxLayout()
        self.center_layout.setObjectName(u"center_layout")
        self.left_spacer = QSpacerItem(40, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.center_layout.addItem(self.left_spacer)

        self.panel = QFrame(LockScreen)
        self.panel.setObjectName(u"panel")
        self.panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.panel.setMinimumSize(QSize(380, 0))
        self.panel_layout = QVBoxLayout(self.panel)
        self.panel_layout.setObjectName(u"panel_layout")
        self.title_label = QLabel(self.panel)
        self.title_label.setObjectName(u"title_label")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.panel_layout.addWidget(self.title_label)

        self.user_label = QLabel(self.panel)
        self.user_label.setObjectName(u"user_label")
        self.user_label.setWordWrap(True)
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)

        self.panel_layout.addWidget(self.user_label)

        self.unlock_box = QWidget(self.panel)
        self.unlock_box.setObjectName(u"unlock_box")
        self.unlock_layout = QFormLayout(self.unlock_box)
        self.unlock_layout.setObjectName(u"unlock_layout")
        self.password_label = QLabel(self.unlock_box)
        self.password_label.setObjectName(u"password_label")

        self.unlock_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(self.unlock_box)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.unlock_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.password_edit)

        self.unlock_buttons = QHBoxLayout()
        self.unlock_buttons.setObjectName(u"unlock_buttons")
        self.unlock_button = QPushButton(self.unlock_box)
        self.unlock_button.setObjectName(u"unlock_button")

        self.unlock_buttons.addWidget(self.unlock_button)

        self.switch_button = QPushButton(self.unlock_box)
        self.switch_button.setObjectName(u"switch_button")

        self.unlock_buttons.addWidget(self.switch_button)


        self.unlock_layout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.unlock_buttons)


        self.panel_layout.addWidget(self.unlock_box)

        self.switch_box = QWidget(self.panel)
        self.switch_box.setObjectName(u"switch_box")
        self.switch_layout = QFormLayout(self.switch_box)
        self.switch_layout.setObjectName(u"switch_layout")
        self.username_label = QLabel(self.switch_box)
        self.username_label.setObjectName(u"username_label")

        self.switch_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_edit = QLineEdit(self.switch_box)
        self.username_edit.setObjectName(u"username_edit")
        self.username_edit.setMaxLength(64)

        self.switch_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username_edit)

        self.other_password_label = QLabel(self.switch_box)
        self.other_password_label.setObjectName(u"other_password_label")

        self.switch_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.other_password_label)

        self.other_password_edit = QLineEdit(self.switch_box)
        self.other_password_edit.setObjectName(u"other_password_edit")
        self.other_password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.switch_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.other_password_edit)

        self.switch_buttons = QHBoxLayout()
        self.switch_buttons.setObjectName(u"switch_buttons")
        self.sign_in_button = QPushButton(self.switch_box)
        self.sign_in_button.setObjectName(u"sign_in_button")

        self.switch_buttons.addWidget(self.sign_in_button)

        self.back_button = QPushButton(self.switch_box)
        self.back_button.setObjectName(u"back_button")

        self.switch_buttons.addWidget(self.back_button)


        self.switch_layout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.switch_buttons)


        self.panel_layout.addWidget(self.switch_box)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(self.panel)
        self.message_icon.setObjectName(u"message_icon")

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(self.panel)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.message_label.sizePolicy().hasHeightForWidth())
        self.message_label.setSizePolicy(sizePolicy)

        self.message_layout.addWidget(self.message_label)


        self.panel_layout.addLayout(self.message_layout)


        self.center_layout.addWidget(self.panel)

        self.right_spacer = QSpacerItem(40, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.center_layout.addItem(self.right_spacer)


        self.outer_layout.addLayout(self.center_layout)

        self.bottom_spacer = QSpacerItem(0, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer_layout.addItem(self.bottom_spacer)

#if QT_CONFIG(shortcut)
        self.password_label.setBuddy(self.password_edit)
        self.username_label.setBuddy(self.username_edit)
        self.other_password_label.setBuddy(self.other_password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.password_edit, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.switch_button)
        QWidget.setTabOrder(self.switch_button, self.username_edit)
        QWidget.setTabOrder(self.username_edit, self.other_password_edit)
        QWidget.setTabOrder(self.other_password_edit, self.sign_in_button)
        QWidget.setTabOrder(self.sign_in_button, self.back_button)

        self.retranslateUi(LockScreen)

        self.unlock_button.setDefault(True)

    # setupUi

    def retranslateUi(self, LockScreen: Any) -> None:
        LockScreen.setWindowTitle(QCoreApplication.translate("LockScreen", u"Clinic Desk is locked", None))
#if QT_CONFIG(accessibility)
        LockScreen.setAccessibleName(QCoreApplication.translate("LockScreen", u"Clinic Desk is locked", None))
#endif // QT_CONFIG(accessibility)
        self.title_label.setText(QCoreApplication.translate("LockScreen", u"Clinic Desk is locked", None))
        self.user_label.setText(QCoreApplication.translate("LockScreen", u"Signed in", None))
#if QT_CONFIG(accessibility)
        self.user_label.setAccessibleName(QCoreApplication.translate("LockScreen", u"Who is signed in", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("LockScreen", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("LockScreen", u"Your password", None))
#endif // QT_CONFIG(accessibility)
        self.unlock_button.setText(QCoreApplication.translate("LockScreen", u"&Unlock", None))
        self.switch_button.setText(QCoreApplication.translate("LockScreen", u"&Switch user...", None))
#if QT_CONFIG(tooltip)
        self.switch_button.setToolTip(QCoreApplication.translate("LockScreen", u"Sign in as someone else; unsaved work of the person signed in now is kept as a draft", None))
#endif // QT_CONFIG(tooltip)
        self.username_label.setText(QCoreApplication.translate("LockScreen", u"User&name", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("LockScreen", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.other_password_label.setText(QCoreApplication.translate("LockScreen", u"Pass&word", None))
#if QT_CONFIG(accessibility)
        self.other_password_edit.setAccessibleName(QCoreApplication.translate("LockScreen", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.sign_in_button.setText(QCoreApplication.translate("LockScreen", u"Sign &in", None))
        self.back_button.setText(QCoreApplication.translate("LockScreen", u"&Back", None))
#if QT_CONFIG(accessibility)
        self.message_icon.setAccessibleName(QCoreApplication.translate("LockScreen", u"Problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("LockScreen", u"Lock screen message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

