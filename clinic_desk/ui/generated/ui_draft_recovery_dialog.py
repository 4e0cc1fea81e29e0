# Generated from forms/draft_recovery_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'draft_recovery_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_DraftRecoveryDialog(object):
    def setupUi(self, DraftRecoveryDialog: Any) -> None:
        if not DraftRecoveryDialog.objectName():
            DraftRecoveryDialog.setObjectName(u"DraftRecoveryDialog")
        DraftRecoveryDialog.resize(720, 360)
        self.main_layout = QVBoxLayout(DraftRecoveryDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_layout = QHBoxLayout()
        self.intro_layout.setObjectName(u"intro_layout")
        self.icon_label = QLabel(DraftRecoveryDialog)
        self.icon_label.setObjectName(u"icon_label")

        self.intro_layout.addWidget(self.icon_label)

        self.intro_label = QLabel(DraftRecoveryDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.intro_label.sizePolicy().hasHeightForWidth())
        self.intro_label.setSizePolicy(sizePolicy)

        self.intro_layout.addWidget(self.intro_label)


        self.main_layout.addLayout(self.intro_layout)

        self.drafts_label = QLabel(DraftRecoveryDialog)
        self.drafts_label.setObjectName(u"drafts_label")

        self.main_layout.addWidget(self.drafts_label)

        self.drafts_view = QTableView(DraftRecoveryDialog)
        self.drafts_view.setObjectName(u"drafts_view")
        self.drafts_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.drafts_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.drafts_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.drafts_view.setTabKeyNavigation(False)
        self.drafts_view.setAlternatingRowColors(True)
        self.drafts_view.horizontalHeader().setStretchLastSection(True)
        self.drafts_view.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.drafts_view)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.open_button = QPushButton(DraftRecoveryDialog)
        self.open_button.setObjectName(u"open_button")

        self.button_layout.addWidget(self.open_button)

        self.discard_button = QPushButton(DraftRecoveryDialog)
        self.discard_button.setObjectName(u"discard_button")
        self.discard_button.setAutoDefault(False)

        self.button_layout.addWidget(self.discard_button)

        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.later_button = QPushButton(DraftRecoveryDialog)
        self.later_button.setObjectName(u"later_button")
        self.later_button.setAutoDefault(False)

        self.button_layout.addWidget(self.later_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.drafts_label.setBuddy(self.drafts_view)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.drafts_view, self.open_button)
        QWidget.setTabOrder(self.open_button, self.discard_button)
        QWidget.setTabOrder(self.discard_button, self.later_button)

        self.retranslateUi(DraftRecoveryDialog)

        self.open_button.setDefault(True)

    # setupUi

    def retranslateUi(self, DraftRecoveryDialog: Any) -> None:
        DraftRecoveryDialog.setWindowTitle(QCoreApplication.translate("DraftRecoveryDialog", u"Unsaved work found", None))
        self.intro_label.setText(QCoreApplication.translate("DraftRecoveryDialog", u"Clinic Desk closed before these changes were saved. They were kept on this workstation.", None))
        self.drafts_label.setText(QCoreApplication.translate("DraftRecoveryDialog", u"&Unsaved work", None))
#if QT_CONFIG(accessibility)
        self.drafts_view.setAccessibleName(QCoreApplication.translate("DraftRecoveryDialog", u"Unsaved work", None))
#endif // QT_CONFIG(accessibility)
        self.open_button.setText(QCoreApplication.translate("DraftRecoveryDialog", u"&Open and continue", None))
        self.discard_button.setText(QCoreApplication.translate("DraftRecoveryDialog", u"&Discard\u2026", None))
#if QT_CONFIG(tooltip)
        self.discard_button.setToolTip(QCoreApplication.translate("DraftRecoveryDialog", u"Throw these changes away (asks first)", None))
#endif // QT_CONFIG(tooltip)
        self.later_button.setText(QCoreApplication.translate("DraftRecoveryDialog", u"&Later", None))
#if QT_CONFIG(tooltip)
        self.later_button.setToolTip(QCoreApplication.translate("DraftRecoveryDialog", u"Keep the unsaved work and ask again at the next sign-in", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

