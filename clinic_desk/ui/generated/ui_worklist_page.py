# Generated from forms/worklist_page.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'worklist_page.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QDateEdit, QFrame, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_WorklistPage(object):
    def setupUi(self, WorklistPage: Any) -> None:
        if not WorklistPage.objectName():
            WorklistPage.setObjectName(u"WorklistPage")
        WorklistPage.resize(1100, 700)
        self.page_layout = QVBoxLayout(WorklistPage)
        self.page_layout.setObjectName(u"page_layout")
        self.filter_layout = QHBoxLayout()
        self.filter_layout.setObjectName(u"filter_layout")
        self.date_label = QLabel(WorklistPage)
        self.date_label.setObjectName(u"date_label")

        self.filter_layout.addWidget(self.date_label)

        self.date_edit = QDateEdit(WorklistPage)
        self.date_edit.setObjectName(u"date_edit")
        self.date_edit.setCalendarPopup(True)

        self.filter_layout.addWidget(self.date_edit)

        self.today_button = QPushButton(WorklistPage)
        self.today_button.setObjectName(u"today_button")
        self.today_button.setAutoDefault(False)

        self.filter_layout.addWidget(self.today_button)

        self.all_dates_check = QCheckBox(WorklistPage)
        self.all_dates_check.setObjectName(u"all_dates_check")

        self.filter_layout.addWidget(self.all_dates_check)

        self.status_label = QLabel(WorklistPage)
        self.status_label.setObjectName(u"status_label")

        self.filter_layout.addWidget(self.status_label)

        self.status_combo = QComboBox(WorklistPage)
        self.status_combo.setObjectName(u"status_combo")

        self.filter_layout.addWidget(self.status_combo)

        self.physician_label = QLabel(WorklistPage)
        self.physician_label.setObjectName(u"physician_label")

        self.filter_layout.addWidget(self.physician_label)

        self.physician_combo = QComboBox(WorklistPage)
        self.physician_combo.setObjectName(u"physician_combo")

        self.filter_layout.addWidget(self.physician_combo)

        self.filter_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filter_layout.addItem(self.filter_spacer)


        self.page_layout.addLayout(self.filter_layout)

        self.search_layout = QHBoxLayout()
        self.search_layout.setObjectName(u"search_layout")
        self.search_label = QLabel(WorklistPage)
        self.search_label.setObjectName(u"search_label")

        self.search_layout.addWidget(self.search_label)

        self.search_edit = QLineEdit(WorklistPage)
        self.search_edit.setObjectName(u"search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(100)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(2)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.search_edit.sizePolicy().hasHeightForWidth())
        self.search_edit.setSizePolicy(sizePolicy)

        self.search_layout.addWidget(self.search_edit)

        self.new_patient_button = QPushButton(WorklistPage)
        self.new_patient_button.setObjectName(u"new_patient_button")
        self.new_patient_button.setAutoDefault(False)

        self.search_layout.addWidget(self.new_patient_button)

        self.new_record_button = QPushButton(WorklistPage)
        self.new_record_button.setObjectName(u"new_record_button")
        self.new_record_button.setAutoDefault(False)

        self.search_layout.addWidget(self.new_record_button)


        self.page_layout.addLayout(self.search_layout)

        self.search_results_frame = QFrame(WorklistPage)
        self.search_results_frame.setObjectName(u"search_results_frame")
        self.search_results_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.search_results_layout = QVBoxLayout(self.search_results_frame)
        self.search_results_layout.setObjectName(u"search_results_layout")
        self.search_hint_label = QLabel(self.search_results_frame)
        self.search_hint_label.setObjectName(u"search_hint_label")
        self.search_hint_label.setWordWrap(True)

        self.search_results_layout.addWidget(self.search_hint_label)

        self.patients_view = QTableView(self.search_results_frame)
        self.patients_view.setObjectName(u"patients_view")
        self.patients_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.patients_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patients_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.patients_view.setTabKeyNavigation(False)
        self.patients_view.setAlternatingRowColors(True)
        self.patients_view.setMaximumSize(QSize(16777215, 220))
        self.patients_view.horizontalHeader().setStretchLastSection(True)
        self.patients_view.verticalHeader().setVisible(False)

        self.search_results_layout.addWidget(self.patients_view)


        self.page_layout.addWidget(self.search_results_frame)

        self.worklist_view = QTableView(WorklistPage)
        self.worklist_view.setObjectName(u"worklist_view")
        self.worklist_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.worklist_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.worklist_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.worklist_view.setTabKeyNavigation(False)
        self.worklist_view.setAlternatingRowColors(True)
        self.worklist_view.setSortingEnabled(False)
        self.worklist_view.horizontalHeader().setStretchLastSection(True)
        self.worklist_view.verticalHeader().setVisible(False)

        self.page_layout.addWidget(self.worklist_view)

        self.bottom_layout = QHBoxLayout()
        self.bottom_layout.setObjectName(u"bottom_layout")
        self.count_label = QLabel(WorklistPage)
        self.count_label.setObjectName(u"count_label")
        self.count_label.setWordWrap(True)
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy1.setHorizontalStretch(1)
        sizePolicy1.setVerticalStretch(0)
        sizePolicy1.setHeightForWidth(self.count_label.sizePolicy().hasHeightForWidth())
        self.count_label.setSizePolicy(sizePolicy1)

        self.bottom_layout.addWidget(self.count_label)

        self.open_button = QPushButton(WorklistPage)
        self.open_button.setObjectName(u"open_button")
        self.open_button.setAutoDefault(False)

        self.bottom_layout.addWidget(self.open_button)


        self.page_layout.addLayout(self.bottom_layout)

#if QT_CONFIG(shortcut)
        self.date_label.setBuddy(self.date_edit)
        self.status_label.setBuddy(self.status_combo)
        self.physician_label.setBuddy(self.physician_combo)
        self.search_label.setBuddy(self.search_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.search_edit, self.patients_view)
        QWidget.setTabOrder(self.patients_view, self.worklist_view)
        QWidget.setTabOrder(self.worklist_view, self.open_button)
        QWidget.setTabOrder(self.open_button, self.date_edit)
        QWidget.setTabOrder(self.date_edit, self.today_button)
        QWidget.setTabOrder(self.today_button, self.all_dates_check)
        QWidget.setTabOrder(self.all_dates_check, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.physician_combo)
        QWidget.setTabOrder(self.physician_combo, self.new_patient_button)
        QWidget.setTabOrder(self.new_patient_button, self.new_record_button)

        self.retranslateUi(WorklistPage)
    # setupUi

    def retranslateUi(self, WorklistPage: Any) -> None:
        WorklistPage.setWindowTitle(QCoreApplication.translate("WorklistPage", u"Worklist", None))
        self.date_label.setText(QCoreApplication.translate("WorklistPage", u"&Date", None))
#if QT_CONFIG(accessibility)
        self.date_edit.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Day shown", None))
#endif // QT_CONFIG(accessibility)
        self.date_edit.setDisplayFormat(QCoreApplication.translate("WorklistPage", u"yyyy-MM-dd", None))
        self.today_button.setText(QCoreApplication.translate("WorklistPage", u"T&oday", None))
#if QT_CONFIG(tooltip)
        self.today_button.setToolTip(QCoreApplication.translate("WorklistPage", u"Show today's procedures (Ctrl+T)", None))
#endif // QT_CONFIG(tooltip)
        self.all_dates_check.setText(QCoreApplication.translate("WorklistPage", u"&All dates", None))
#if QT_CONFIG(accessibility)
        self.all_dates_check.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Show all dates", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.all_dates_check.setToolTip(QCoreApplication.translate("WorklistPage", u"Show every day, newest first; rows load as you scroll", None))
#endif // QT_CONFIG(tooltip)
        self.status_label.setText(QCoreApplication.translate("WorklistPage", u"&Status", None))
#if QT_CONFIG(accessibility)
        self.status_combo.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Status filter", None))
#endif // QT_CONFIG(accessibility)
        self.physician_label.setText(QCoreApplication.translate("WorklistPage", u"&Physician", None))
#if QT_CONFIG(accessibility)
        self.physician_combo.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Physician filter", None))
#endif // QT_CONFIG(accessibility)
        self.search_label.setText(QCoreApplication.translate("WorklistPage", u"F&ind patient", None))
#if QT_CONFIG(accessibility)
        self.search_edit.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Find patient", None))
#endif // QT_CONFIG(accessibility)
        self.search_edit.setPlaceholderText(QCoreApplication.translate("WorklistPage", u"Name, MRN or date of birth (YYYY-MM-DD)", None))
#if QT_CONFIG(tooltip)
        self.search_edit.setToolTip(QCoreApplication.translate("WorklistPage", u"Type a name (any case, accents optional), an MRN or a date of birth (Ctrl+F)", None))
#endif // QT_CONFIG(tooltip)
        self.new_patient_button.setText(QCoreApplication.translate("WorklistPage", u"New pa&tient\u2026", None))
#if QT_CONFIG(tooltip)
        self.new_patient_button.setToolTip(QCoreApplication.translate("WorklistPage", u"Add a patient who is not in Clinic Desk yet", None))
#endif // QT_CONFIG(tooltip)
        self.new_record_button.setText(QCoreApplication.translate("WorklistPage", u"&New record\u2026", None))
#if QT_CONFIG(tooltip)
        self.new_record_button.setToolTip(QCoreApplication.translate("WorklistPage", u"Start a procedure record (Ctrl+N)", None))
#endif // QT_CONFIG(tooltip)
        self.search_hint_label.setText(QCoreApplication.translate("WorklistPage", u"Patients found. Up/Down to choose, Enter to open the patient.", None))
#if QT_CONFIG(accessibility)
        self.patients_view.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Patients found", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.worklist_view.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Worklist", None))
#endif // QT_CONFIG(accessibility)
        self.count_label.setText("")
#if QT_CONFIG(accessibility)
        self.count_label.setAccessibleName(QCoreApplication.translate("WorklistPage", u"Rows shown", None))
#endif // QT_CONFIG(accessibility)
        self.open_button.setText(QCoreApplication.translate("WorklistPage", u"Op&en record", None))
#if QT_CONFIG(tooltip)
        self.open_button.setToolTip(QCoreApplication.translate("WorklistPage", u"Open the selected record (Enter)", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

