# Generated from forms/conflict_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'conflict_dialog.ui'
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
    QSizePolicy, QTableView, QVBoxLayout, QWidget)

class Ui_ConflictDialog(object):
    def setupUi(self, ConflictDialog: Any) -> None:
        if not ConflictDialog.objectName():
            ConflictDialog.setObjectName(u"ConflictDialog")
        ConflictDialog.resize(820, 480)
        self.main_layout = QVBoxLayout(ConflictDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.intro_layout = QHBoxLayout()
        self.intro_layout.setObjectName(u"intro_layout")
        self.icon_label = QLabel(ConflictDialog)
        self.icon_label.setObjectName(u"icon_label")

        self.intro_layout.addWidget(self.icon_label)

        self.intro_label = QLabel(ConflictDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.intro_label.sizePolicy().hasHeightForWidth())
        self.intro_label.setSizePolicy(sizePolicy)

        self.intro_layout.addWidget(self.intro_label)


        self.main_layout.addLayout(self.intro_layout)

        self.changes_label = QLabel(ConflictDialog)
        self.changes_label.setObjectName(u"changes_label")

        self.main_layout.addWidget(self.changes_label)

        self.changes_view = QTableView(ConflictDialog)
        self.changes_view.setObjectName(u"changes_view")
        self.changes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.changes_view.setTabKeyNavigation(False)
        self.changes_view.setAlternatingRowColors(True)
        self.changes_view.setWordWrap(True)
        self.changes_view.horizontalHeader().setStretchLastSection(True)
        self.changes_view.verticalHeader().setVisible(False)

        self.main_layout.addWidget(self.changes_view)

        self.choice_label = QLabel(ConflictDialog)
        self.choice_label.setObjectName(u"choice_label")
        self.choice_label.setWordWrap(True)

        self.main_layout.addWidget(self.choice_label)

        self.button_box = QDialogButtonBox(ConflictDialog)
        self.button_box.setObjectName(u"button_box")

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.changes_label.setBuddy(self.changes_view)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.changes_view, self.button_box)

        self.retranslateUi(ConflictDialog)
    # setupUi

    def retranslateUi(self, ConflictDialog: Any) -> None:
        ConflictDialog.setWindowTitle(QCoreApplication.translate("ConflictDialog", u"Someone else changed this record", None))
        self.intro_label.setText("")
#if QT_CONFIG(accessibility)
        self.intro_label.setAccessibleName(QCoreApplication.translate("ConflictDialog", u"What happened", None))
#endif // QT_CONFIG(accessibility)
        self.changes_label.setText(QCoreApplication.translate("ConflictDialog", u"&Differences between the two versions", None))
#if QT_CONFIG(accessibility)
        self.changes_view.setAccessibleName(QCoreApplication.translate("ConflictDialog", u"Differences between your version and theirs", None))
#endif // QT_CONFIG(accessibility)
        self.choice_label.setText("")
#if QT_CONFIG(accessibility)
        self.choice_label.setAccessibleName(QCoreApplication.translate("ConflictDialog", u"What you can do", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

