# Generated from forms/call_dialog.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'call_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateTimeEdit, QDialog, QDialogButtonBox, QDoubleSpinBox,
    QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QSpinBox,
    QVBoxLayout, QWidget)

class Ui_CallDialog(object):
    def setupUi(self, CallDialog: Any) -> None:
        if not CallDialog.objectName():
            CallDialog.setObjectName(u"CallDialog")
        CallDialog.resize(640, 720)
        self.main_layout = QVBoxLayout(CallDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.record_label = QLabel(CallDialog)
        self.record_label.setObjectName(u"record_label")
        self.record_label.setWordWrap(True)
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.record_label)

        self.call_form = QFormLayout()
        self.call_form.setObjectName(u"call_form")
        self.called_at_label = QLabel(CallDialog)
        self.called_at_label.setObjectName(u"called_at_label")

        self.call_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.called_at_label)

        self.called_at_edit = QDateTimeEdit(CallDialog)
        self.called_at_edit.setObjectName(u"called_at_edit")
        self.called_at_edit.setCalendarPopup(True)

        self.call_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.called_at_edit)

        self.outcome_label = QLabel(CallDialog)
        self.outcome_label.setObjectName(u"outcome_label")

        self.call_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.outcome_label)

        self.outcome_combo = QComboBox(CallDialog)
        self.outcome_combo.setObjectName(u"outcome_combo")

        self.call_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.outcome_combo)

        self.problems_label = QLabel(CallDialog)
        self.problems_label.setObjectName(u"problems_label")

        self.call_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.problems_label)

        self.problems_widget = QWidget(CallDialog)
        self.problems_widget.setObjectName(u"problems_widget")
        self.problems_layout = QHBoxLayout(self.problems_widget)
        self.problems_layout.setObjectName(u"problems_layout")
        self.problems_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_none_check = QCheckBox(self.problems_widget)
        self.problems_none_check.setObjectName(u"problems_none_check")

        self.problems_layout.addWidget(self.problems_none_check)


        self.call_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.problems_widget)


        self.main_layout.addLayout(self.call_form)

        self.diary_group = QGroupBox(CallDialog)
        self.diary_group.setObjectName(u"diary_group")
        self.diary_layout = QVBoxLayout(self.diary_group)
        self.diary_layout.setObjectName(u"diary_layout")
        self.diary_grid_widget = QWidget(self.diary_group)
        self.diary_grid_widget.setObjectName(u"diary_grid_widget")

        self.diary_layout.addWidget(self.diary_grid_widget)

        self.recalled_check = QCheckBox(self.diary_group)
        self.recalled_check.setObjectName(u"recalled_check")

        self.diary_layout.addWidget(self.recalled_check)

        self.recalled_layout = QHBoxLayout()
        self.recalled_layout.setObjectName(u"recalled_layout")
        self.best_relief_label = QLabel(self.diary_group)
        self.best_relief_label.setObjectName(u"best_relief_label")

        self.recalled_layout.addWidget(self.best_relief_label)

        self.best_relief_spin = QSpinBox(self.diary_group)
        self.best_relief_spin.setObjectName(u"best_relief_spin")
        self.best_relief_spin.setMaximum(100)

        self.recalled_layout.addWidget(self.best_relief_spin)

        self.hours_label = QLabel(self.diary_group)
        self.hours_label.setObjectName(u"hours_label")

        self.recalled_layout.addWidget(self.hours_label)

        self.hours_spin = QDoubleSpinBox(self.diary_group)
        self.hours_spin.setObjectName(u"hours_spin")
        self.hours_spin.setDecimals(1)
        self.hours_spin.setMaximum(72.000000000000000)
        self.hours_spin.setSingleStep(0.500000000000000)

        self.recalled_layout.addWidget(self.hours_spin)

        self.recalled_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.recalled_layout.addItem(self.recalled_spacer)


        self.diary_layout.addLayout(self.recalled_layout)

        self.formula_label = QLabel(self.diary_group)
        self.formula_label.setObjectName(u"formula_label")
        self.formula_label.setWordWrap(True)
        self.formula_label.setTextFormat(Qt.TextFormat.PlainText)

        self.diary_layout.addWidget(self.formula_label)

        self.result_label = QLabel(self.diary_group)
        self.result_label.setObjectName(u"result_label")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)

        self.diary_layout.addWidget(self.result_label)


        self.main_layout.addWidget(self.diary_group)

        self.follow_up_group = QGroupBox(CallDialog)
        self.follow_up_group.setObjectName(u"follow_up_group")
        self.follow_up_form = QFormLayout(self.follow_up_group)
        self.follow_up_form.setObjectName(u"follow_up_form")
        self.months_label = QLabel(self.follow_up_group)
        self.months_label.setObjectName(u"months_label")

        self.follow_up_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.months_label)

        self.months_combo = QComboBox(self.follow_up_group)
        self.months_combo.setObjectName(u"months_combo")

        self.follow_up_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.months_combo)

        self.fu_pain_label = QLabel(self.follow_up_group)
        self.fu_pain_label.setObjectName(u"fu_pain_label")

        self.follow_up_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.fu_pain_label)

        self.fu_pain_spin = QSpinBox(self.follow_up_group)
        self.fu_pain_spin.setObjectName(u"fu_pain_spin")
        self.fu_pain_spin.setMinimum(-1)
        self.fu_pain_spin.setMaximum(10)
        self.fu_pain_spin.setValue(-1)

        self.follow_up_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.fu_pain_spin)

        self.fu_relief_label = QLabel(self.follow_up_group)
        self.fu_relief_label.setObjectName(u"fu_relief_label")

        self.follow_up_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.fu_relief_label)

        self.fu_relief_spin = QSpinBox(self.follow_up_group)
        self.fu_relief_spin.setObjectName(u"fu_relief_spin")
        self.fu_relief_spin.setMinimum(-1)
        self.fu_relief_spin.setMaximum(100)
        self.fu_relief_spin.setValue(-1)

        self.follow_up_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.fu_relief_spin)

        self.impression_label = QLabel(self.follow_up_group)
        self.impression_label.setObjectName(u"impression_label")

        self.follow_up_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.impression_label)

        self.impression_combo = QComboBox(self.follow_up_group)
        self.impression_combo.setObjectName(u"impression_combo")

        self.follow_up_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.impression_combo)


        self.main_layout.addWidget(self.follow_up_group)

        self.note_form = QFormLayout()
        self.note_form.setObjectName(u"note_form")
        self.note_label = QLabel(CallDialog)
        self.note_label.setObjectName(u"note_label")

        self.note_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.note_label)

        self.note_edit = QLineEdit(CallDialog)
        self.note_edit.setObjectName(u"note_edit")
        self.note_edit.setMaxLength(2000)

        self.note_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.note_edit)


        self.main_layout.addLayout(self.note_form)

        self.message_layout = QHBoxLayout()
        self.message_layout.setObjectName(u"message_layout")
        self.message_icon = QLabel(CallDialog)
        self.message_icon.setObjectName(u"message_icon")

        self.message_layout.addWidget(self.message_icon)

        self.message_label = QLabel(CallDialog)
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

        self.button_box = QDialogButtonBox(CallDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.called_at_label.setBuddy(self.called_at_edit)
        self.outcome_label.setBuddy(self.outcome_combo)
        self.problems_label.setBuddy(self.problems_none_check)
        self.best_relief_label.setBuddy(self.best_relief_spin)
        self.hours_label.setBuddy(self.hours_spin)
        self.months_label.setBuddy(self.months_combo)
        self.fu_pain_label.setBuddy(self.fu_pain_spin)
        self.fu_relief_label.setBuddy(self.fu_relief_spin)
        self.impression_label.setBuddy(self.impression_combo)
        self.note_label.setBuddy(self.note_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.called_at_edit, self.outcome_combo)
        QWidget.setTabOrder(self.outcome_combo, self.problems_none_check)
        QWidget.setTabOrder(self.problems_none_check, self.recalled_check)
        QWidget.setTabOrder(self.recalled_check, self.best_relief_spin)
        QWidget.setTabOrder(self.best_relief_spin, self.hours_spin)
        QWidget.setTabOrder(self.hours_spin, self.months_combo)
        QWidget.setTabOrder(self.months_combo, self.fu_pain_spin)
        QWidget.setTabOrder(self.fu_pain_spin, self.fu_relief_spin)
        QWidget.setTabOrder(self.fu_relief_spin, self.impression_combo)
        QWidget.setTabOrder(self.impression_combo, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.button_box)

        self.retranslateUi(CallDialog)
    # setupUi

    def retranslateUi(self, CallDialog: Any) -> None:
        CallDialog.setWindowTitle(QCoreApplication.translate("CallDialog", u"Record a call - Clinic Desk", None))
#if QT_CONFIG(accessibility)
        self.record_label.setAccessibleName(QCoreApplication.translate("CallDialog", u"Patient and procedure", None))
#endif // QT_CONFIG(accessibility)
        self.called_at_label.setText(QCoreApplication.translate("CallDialog", u"Call &time", None))
#if QT_CONFIG(accessibility)
        self.called_at_edit.setAccessibleName(QCoreApplication.translate("CallDialog", u"Call time", None))
#endif // QT_CONFIG(accessibility)
        self.called_at_edit.setDisplayFormat(QCoreApplication.translate("CallDialog", u"yyyy-MM-dd HH:mm", None))
        self.outcome_label.setText(QCoreApplication.translate("CallDialog", u"&Outcome", None))
#if QT_CONFIG(accessibility)
        self.outcome_combo.setAccessibleName(QCoreApplication.translate("CallDialog", u"Outcome of the call", None))
#endif // QT_CONFIG(accessibility)
        self.problems_label.setText(QCoreApplication.translate("CallDialog", u"&Problems since discharge", None))
        self.problems_none_check.setText(QCoreApplication.translate("CallDialog", u"None", None))
#if QT_CONFIG(accessibility)
        self.problems_none_check.setAccessibleName(QCoreApplication.translate("CallDialog", u"No problems since discharge", None))
#endif // QT_CONFIG(accessibility)
        self.diary_group.setTitle(QCoreApplication.translate("CallDialog", u"Pain diary (the times printed on the handout)", None))
#if QT_CONFIG(accessibility)
        self.diary_grid_widget.setAccessibleName(QCoreApplication.translate("CallDialog", u"Pain diary", None))
#endif // QT_CONFIG(accessibility)
        self.recalled_check.setText(QCoreApplication.translate("CallDialog", u"Diary &not kept: the patient recalls their relief (less reliable)", None))
        self.best_relief_label.setText(QCoreApplication.translate("CallDialog", u"&Best relief", None))
#if QT_CONFIG(accessibility)
        self.best_relief_spin.setAccessibleName(QCoreApplication.translate("CallDialog", u"Best relief in percent", None))
#endif // QT_CONFIG(accessibility)
        self.best_relief_spin.setSuffix(QCoreApplication.translate("CallDialog", u" %", None))
        self.hours_label.setText(QCoreApplication.translate("CallDialog", u"for &hours", None))
#if QT_CONFIG(accessibility)
        self.hours_spin.setAccessibleName(QCoreApplication.translate("CallDialog", u"Hours the relief lasted", None))
#endif // QT_CONFIG(accessibility)
        self.hours_spin.setSuffix(QCoreApplication.translate("CallDialog", u" h", None))
#if QT_CONFIG(accessibility)
        self.formula_label.setAccessibleName(QCoreApplication.translate("CallDialog", u"How relief is computed", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.result_label.setAccessibleName(QCoreApplication.translate("CallDialog", u"Block result", None))
#endif // QT_CONFIG(accessibility)
        self.follow_up_group.setTitle(QCoreApplication.translate("CallDialog", u"Outcome follow-up", None))
        self.months_label.setText(QCoreApplication.translate("CallDialog", u"Follow-up &at", None))
#if QT_CONFIG(accessibility)
        self.months_combo.setAccessibleName(QCoreApplication.translate("CallDialog", u"Follow-up month", None))
#endif // QT_CONFIG(accessibility)
        self.fu_pain_label.setText(QCoreApplication.translate("CallDialog", u"Pain &now (0-10)", None))
#if QT_CONFIG(accessibility)
        self.fu_pain_spin.setAccessibleName(QCoreApplication.translate("CallDialog", u"Pain now, 0 to 10", None))
#endif // QT_CONFIG(accessibility)
        self.fu_pain_spin.setSpecialValueText(QCoreApplication.translate("CallDialog", u"not given", None))
        self.fu_relief_label.setText(QCoreApplication.translate("CallDialog", u"&Relief", None))
#if QT_CONFIG(accessibility)
        self.fu_relief_spin.setAccessibleName(QCoreApplication.translate("CallDialog", u"Relief in percent", None))
#endif // QT_CONFIG(accessibility)
        self.fu_relief_spin.setSuffix(QCoreApplication.translate("CallDialog", u" %", None))
        self.fu_relief_spin.setSpecialValueText(QCoreApplication.translate("CallDialog", u"not given", None))
        self.impression_label.setText(QCoreApplication.translate("CallDialog", u"&Impression of change", None))
#if QT_CONFIG(accessibility)
        self.impression_combo.setAccessibleName(QCoreApplication.translate("CallDialog", u"Patient's global impression of change", None))
#endif // QT_CONFIG(accessibility)
        self.note_label.setText(QCoreApplication.translate("CallDialog", u"No&te", None))
#if QT_CONFIG(accessibility)
        self.note_edit.setAccessibleName(QCoreApplication.translate("CallDialog", u"Note", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_icon.setAccessibleName(QCoreApplication.translate("CallDialog", u"Problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("CallDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

