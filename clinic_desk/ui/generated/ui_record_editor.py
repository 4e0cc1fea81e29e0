# Generated from forms/record_editor.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'record_editor.ui'
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
    QDateTimeEdit, QFrame, QGridLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListView, QPlainTextEdit, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QSplitter, QTableView,
    QTextBrowser, QVBoxLayout, QWidget)

from clinic_desk.ui.widgets.spine_picker import SpinePicker

class Ui_RecordEditor(object):
    def setupUi(self, RecordEditor: Any) -> None:
        if not RecordEditor.objectName():
            RecordEditor.setObjectName(u"RecordEditor")
        RecordEditor.resize(1200, 820)
        self.editor_layout = QVBoxLayout(RecordEditor)
        self.editor_layout.setObjectName(u"editor_layout")
        self.header_frame = QFrame(RecordEditor)
        self.header_frame.setObjectName(u"header_frame")
        self.header_frame.setFrameShape(QFrame.Shape.StyledPanel)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.header_frame.sizePolicy().hasHeightForWidth())
        self.header_frame.setSizePolicy(sizePolicy)
        self.header_layout = QHBoxLayout(self.header_frame)
        self.header_layout.setObjectName(u"header_layout")
        self.patient_label = QLabel(self.header_frame)
        self.patient_label.setObjectName(u"patient_label")
        self.patient_label.setWordWrap(True)
        self.patient_label.setTextFormat(Qt.TextFormat.RichText)
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy1.setHorizontalStretch(1)
        sizePolicy1.setVerticalStretch(0)
        sizePolicy1.setHeightForWidth(self.patient_label.sizePolicy().hasHeightForWidth())
        self.patient_label.setSizePolicy(sizePolicy1)

        self.header_layout.addWidget(self.patient_label)

        self.status_label = QLabel(self.header_frame)
        self.status_label.setObjectName(u"status_label")
        self.status_label.setWordWrap(True)

        self.header_layout.addWidget(self.status_label)

        self.patient_button = QPushButton(self.header_frame)
        self.patient_button.setObjectName(u"patient_button")
        self.patient_button.setAutoDefault(False)

        self.header_layout.addWidget(self.patient_button)


        self.editor_layout.addWidget(self.header_frame)

        self.banner_frame = QFrame(RecordEditor)
        self.banner_frame.setObjectName(u"banner_frame")
        self.banner_frame.setFrameShape(QFrame.Shape.StyledPanel)
        sizePolicy.setHeightForWidth(self.banner_frame.sizePolicy().hasHeightForWidth())
        self.banner_frame.setSizePolicy(sizePolicy)
        self.banner_layout = QHBoxLayout(self.banner_frame)
        self.banner_layout.setObjectName(u"banner_layout")
        self.banner_icon = QLabel(self.banner_frame)
        self.banner_icon.setObjectName(u"banner_icon")

        self.banner_layout.addWidget(self.banner_icon)

        self.banner_label = QLabel(self.banner_frame)
        self.banner_label.setObjectName(u"banner_label")
        self.banner_label.setWordWrap(True)
        sizePolicy1.setHeightForWidth(self.banner_label.sizePolicy().hasHeightForWidth())
        self.banner_label.setSizePolicy(sizePolicy1)

        self.banner_layout.addWidget(self.banner_label)

        self.banner_button = QPushButton(self.banner_frame)
        self.banner_button.setObjectName(u"banner_button")
        self.banner_button.setAutoDefault(False)

        self.banner_layout.addWidget(self.banner_button)


        self.editor_layout.addWidget(self.banner_frame)

        self.editor_splitter = QSplitter(RecordEditor)
        self.editor_splitter.setObjectName(u"editor_splitter")
        self.editor_splitter.setOrientation(Qt.Orientation.Horizontal)
        self.editor_splitter.setChildrenCollapsible(False)
        self.form_scroll = QScrollArea(self.editor_splitter)
        self.form_scroll.setObjectName(u"form_scroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        sizePolicy2 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy2.setHorizontalStretch(3)
        sizePolicy2.setVerticalStretch(0)
        sizePolicy2.setHeightForWidth(self.form_scroll.sizePolicy().hasHeightForWidth())
        self.form_scroll.setSizePolicy(sizePolicy2)
        self.form_widget = QWidget()
        self.form_widget.setObjectName(u"form_widget")
        self.form_layout = QVBoxLayout(self.form_widget)
        self.form_layout.setObjectName(u"form_layout")
        self.procedure_group = QGroupBox(self.form_widget)
        self.procedure_group.setObjectName(u"procedure_group")
        self.procedure_layout = QGridLayout(self.procedure_group)
        self.procedure_layout.setObjectName(u"procedure_layout")
        self.kind_label = QLabel(self.procedure_group)
        self.kind_label.setObjectName(u"kind_label")

        self.procedure_layout.addWidget(self.kind_label, 0, 0, 1, 1)

        self.kind_combo = QComboBox(self.procedure_group)
        self.kind_combo.setObjectName(u"kind_combo")

        self.procedure_layout.addWidget(self.kind_combo, 0, 1, 1, 1)

        self.block_label = QLabel(self.procedure_group)
        self.block_label.setObjectName(u"block_label")

        self.procedure_layout.addWidget(self.block_label, 0, 2, 1, 1)

        self.block_combo = QComboBox(self.procedure_group)
        self.block_combo.setObjectName(u"block_combo")

        self.procedure_layout.addWidget(self.block_combo, 0, 3, 1, 1)

        self.performed_label = QLabel(self.procedure_group)
        self.performed_label.setObjectName(u"performed_label")

        self.procedure_layout.addWidget(self.performed_label, 1, 0, 1, 1)

        self.performed_edit = QDateTimeEdit(self.procedure_group)
        self.performed_edit.setObjectName(u"performed_edit")
        self.performed_edit.setCalendarPopup(True)

        self.procedure_layout.addWidget(self.performed_edit, 1, 1, 1, 1)

        self.physician_label = QLabel(self.procedure_group)
        self.physician_label.setObjectName(u"physician_label")

        self.procedure_layout.addWidget(self.physician_label, 2, 0, 1, 1)

        self.physician_combo = QComboBox(self.procedure_group)
        self.physician_combo.setObjectName(u"physician_combo")

        self.procedure_layout.addWidget(self.physician_combo, 2, 1, 1, 1)

        self.nurse_label = QLabel(self.procedure_group)
        self.nurse_label.setObjectName(u"nurse_label")

        self.procedure_layout.addWidget(self.nurse_label, 2, 2, 1, 1)

        self.nurse_combo = QComboBox(self.procedure_group)
        self.nurse_combo.setObjectName(u"nurse_combo")

        self.procedure_layout.addWidget(self.nurse_combo, 2, 3, 1, 1)

        self.procedure_layout.setColumnStretch(1, 1)
        self.procedure_layout.setColumnStretch(3, 1)

        self.form_layout.addWidget(self.procedure_group)

        self.levels_group = QGroupBox(self.form_widget)
        self.levels_group.setObjectName(u"levels_group")
        self.levels_layout = QHBoxLayout(self.levels_group)
        self.levels_layout.setObjectName(u"levels_layout")
        self.spine_picker = SpinePicker(self.levels_group)
        self.spine_picker.setObjectName(u"spine_picker")

        self.levels_layout.addWidget(self.spine_picker)

        self.levels_side_layout = QVBoxLayout()
        self.levels_side_layout.setObjectName(u"levels_side_layout")
        self.level_label = QLabel(self.levels_group)
        self.level_label.setObjectName(u"level_label")

        self.levels_side_layout.addWidget(self.level_label)

        self.level_entry_layout = QHBoxLayout()
        self.level_entry_layout.setObjectName(u"level_entry_layout")
        self.level_edit = QLineEdit(self.levels_group)
        self.level_edit.setObjectName(u"level_edit")
        self.level_edit.setMaxLength(40)

        self.level_entry_layout.addWidget(self.level_edit)

        self.level_add_button = QPushButton(self.levels_group)
        self.level_add_button.setObjectName(u"level_add_button")
        self.level_add_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.level_entry_layout.addWidget(self.level_add_button)


        self.levels_side_layout.addLayout(self.level_entry_layout)

        self.level_hint_label = QLabel(self.levels_group)
        self.level_hint_label.setObjectName(u"level_hint_label")
        self.level_hint_label.setWordWrap(True)

        self.levels_side_layout.addWidget(self.level_hint_label)

        self.joints_view = QTableView(self.levels_group)
        self.joints_view.setObjectName(u"joints_view")
        self.joints_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.joints_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.joints_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.joints_view.setTabKeyNavigation(False)
        self.joints_view.horizontalHeader().setStretchLastSection(True)
        self.joints_view.verticalHeader().setVisible(False)

        self.levels_side_layout.addWidget(self.joints_view)

        self.joints_button_layout = QHBoxLayout()
        self.joints_button_layout.setObjectName(u"joints_button_layout")
        self.joints_remove_button = QPushButton(self.levels_group)
        self.joints_remove_button.setObjectName(u"joints_remove_button")
        self.joints_remove_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.joints_button_layout.addWidget(self.joints_remove_button)

        self.joints_button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.joints_button_layout.addItem(self.joints_button_spacer)


        self.levels_side_layout.addLayout(self.joints_button_layout)

        self.targets_title_label = QLabel(self.levels_group)
        self.targets_title_label.setObjectName(u"targets_title_label")

        self.levels_side_layout.addWidget(self.targets_title_label)

        self.targets_label = QLabel(self.levels_group)
        self.targets_label.setObjectName(u"targets_label")
        self.targets_label.setWordWrap(True)
        self.targets_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.levels_side_layout.addWidget(self.targets_label)

        self.levels_side_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.levels_side_layout.addItem(self.levels_side_spacer)

        self.levels_side_layout.setStretch(3, 1)
        self.levels_side_layout.setStretch(7, 1)

        self.levels_layout.addLayout(self.levels_side_layout)


        self.form_layout.addWidget(self.levels_group)

        self.guidance_group = QGroupBox(self.form_widget)
        self.guidance_group.setObjectName(u"guidance_group")
        self.guidance_layout = QGridLayout(self.guidance_group)
        self.guidance_layout.setObjectName(u"guidance_layout")
        self.modality_label = QLabel(self.guidance_group)
        self.modality_label.setObjectName(u"modality_label")

        self.guidance_layout.addWidget(self.modality_label, 0, 0, 1, 1)

        self.modality_combo = QComboBox(self.guidance_group)
        self.modality_combo.setObjectName(u"modality_combo")

        self.guidance_layout.addWidget(self.modality_combo, 0, 1, 1, 1)

        self.contrast_label = QLabel(self.guidance_group)
        self.contrast_label.setObjectName(u"contrast_label")

        self.guidance_layout.addWidget(self.contrast_label, 0, 2, 1, 1)

        self.contrast_combo = QComboBox(self.guidance_group)
        self.contrast_combo.setObjectName(u"contrast_combo")

        self.guidance_layout.addWidget(self.contrast_combo, 0, 3, 1, 1)

        self.fluoro_time_label = QLabel(self.guidance_group)
        self.fluoro_time_label.setObjectName(u"fluoro_time_label")

        self.guidance_layout.addWidget(self.fluoro_time_label, 1, 0, 1, 1)

        self.fluoro_time_edit = QLineEdit(self.guidance_group)
        self.fluoro_time_edit.setObjectName(u"fluoro_time_edit")
        self.fluoro_time_edit.setMaxLength(8)

        self.guidance_layout.addWidget(self.fluoro_time_edit, 1, 1, 1, 1)

        self.dose_label = QLabel(self.guidance_group)
        self.dose_label.setObjectName(u"dose_label")

        self.guidance_layout.addWidget(self.dose_label, 1, 2, 1, 1)

        self.dose_edit = QLineEdit(self.guidance_group)
        self.dose_edit.setObjectName(u"dose_edit")
        self.dose_edit.setMaxLength(10)

        self.guidance_layout.addWidget(self.dose_edit, 1, 3, 1, 1)

        self.dap_label = QLabel(self.guidance_group)
        self.dap_label.setObjectName(u"dap_label")

        self.guidance_layout.addWidget(self.dap_label, 2, 2, 1, 1)

        self.dap_edit = QLineEdit(self.guidance_group)
        self.dap_edit.setObjectName(u"dap_edit")
        self.dap_edit.setMaxLength(10)

        self.guidance_layout.addWidget(self.dap_edit, 2, 3, 1, 1)

        self.guidance_layout.setColumnStretch(1, 1)
        self.guidance_layout.setColumnStretch(3, 1)

        self.form_layout.addWidget(self.guidance_group)

        self.medications_group = QGroupBox(self.form_widget)
        self.medications_group.setObjectName(u"medications_group")
        self.medications_layout = QVBoxLayout(self.medications_group)
        self.medications_layout.setObjectName(u"medications_layout")
        self.medication_entry_layout = QGridLayout()
        self.medication_entry_layout.setObjectName(u"medication_entry_layout")
        self.drug_label = QLabel(self.medications_group)
        self.drug_label.setObjectName(u"drug_label")

        self.medication_entry_layout.addWidget(self.drug_label, 0, 0, 1, 1)

        self.strength_label = QLabel(self.medications_group)
        self.strength_label.setObjectName(u"strength_label")

        self.medication_entry_layout.addWidget(self.strength_label, 0, 1, 1, 1)

        self.volume_label = QLabel(self.medications_group)
        self.volume_label.setObjectName(u"volume_label")

        self.medication_entry_layout.addWidget(self.volume_label, 0, 2, 1, 1)

        self.drug_edit = QLineEdit(self.medications_group)
        self.drug_edit.setObjectName(u"drug_edit")
        self.drug_edit.setMaxLength(60)

        self.medication_entry_layout.addWidget(self.drug_edit, 1, 0, 1, 1)

        self.strength_combo = QComboBox(self.medications_group)
        self.strength_combo.setObjectName(u"strength_combo")
        self.strength_combo.setEditable(True)

        self.medication_entry_layout.addWidget(self.strength_combo, 1, 1, 1, 1)

        self.volume_edit = QLineEdit(self.medications_group)
        self.volume_edit.setObjectName(u"volume_edit")
        self.volume_edit.setMaxLength(6)

        self.medication_entry_layout.addWidget(self.volume_edit, 1, 2, 1, 1)

        self.per_target_check = QCheckBox(self.medications_group)
        self.per_target_check.setObjectName(u"per_target_check")
        self.per_target_check.setChecked(True)

        self.medication_entry_layout.addWidget(self.per_target_check, 1, 3, 1, 1)

        self.add_medication_button = QPushButton(self.medications_group)
        self.add_medication_button.setObjectName(u"add_medication_button")
        self.add_medication_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.medication_entry_layout.addWidget(self.add_medication_button, 1, 4, 1, 1)

        self.medication_entry_layout.setColumnStretch(0, 3)
        self.medication_entry_layout.setColumnStretch(1, 1)
        self.medication_entry_layout.setColumnStretch(2, 1)

        self.medications_layout.addLayout(self.medication_entry_layout)

        self.medications_view = QTableView(self.medications_group)
        self.medications_view.setObjectName(u"medications_view")
        self.medications_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked|QAbstractItemView.EditTrigger.EditKeyPressed|QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.medications_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.medications_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.medications_view.setTabKeyNavigation(False)
        self.medications_view.horizontalHeader().setStretchLastSection(True)
        self.medications_view.verticalHeader().setVisible(False)

        self.medications_layout.addWidget(self.medications_view)

        self.medication_button_layout = QHBoxLayout()
        self.medication_button_layout.setObjectName(u"medication_button_layout")
        self.remove_medication_button = QPushButton(self.medications_group)
        self.remove_medication_button.setObjectName(u"remove_medication_button")
        self.remove_medication_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.medication_button_layout.addWidget(self.remove_medication_button)

        self.medication_button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.medication_button_layout.addItem(self.medication_button_spacer)


        self.medications_layout.addLayout(self.medication_button_layout)

        self.totals_title_label = QLabel(self.medications_group)
        self.totals_title_label.setObjectName(u"totals_title_label")

        self.medications_layout.addWidget(self.totals_title_label)

        self.totals_view = QTableView(self.medications_group)
        self.totals_view.setObjectName(u"totals_view")
        self.totals_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.totals_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.totals_view.setTabKeyNavigation(False)
        self.totals_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.totals_view.horizontalHeader().setStretchLastSection(True)
        self.totals_view.verticalHeader().setVisible(False)

        self.medications_layout.addWidget(self.totals_view)


        self.form_layout.addWidget(self.medications_group)

        self.pain_group = QGroupBox(self.form_widget)
        self.pain_group.setObjectName(u"pain_group")
        self.pain_layout = QGridLayout(self.pain_group)
        self.pain_layout.setObjectName(u"pain_layout")
        self.sedation_label = QLabel(self.pain_group)
        self.sedation_label.setObjectName(u"sedation_label")

        self.pain_layout.addWidget(self.sedation_label, 0, 0, 1, 1)

        self.sedation_combo = QComboBox(self.pain_group)
        self.sedation_combo.setObjectName(u"sedation_combo")

        self.pain_layout.addWidget(self.sedation_combo, 0, 1, 1, 3)

        self.pain_before_label = QLabel(self.pain_group)
        self.pain_before_label.setObjectName(u"pain_before_label")

        self.pain_layout.addWidget(self.pain_before_label, 1, 0, 1, 1)

        self.pain_before_edit = QLineEdit(self.pain_group)
        self.pain_before_edit.setObjectName(u"pain_before_edit")
        self.pain_before_edit.setMaxLength(3)

        self.pain_layout.addWidget(self.pain_before_edit, 1, 1, 1, 1)

        self.pain_after_label = QLabel(self.pain_group)
        self.pain_after_label.setObjectName(u"pain_after_label")

        self.pain_layout.addWidget(self.pain_after_label, 1, 2, 1, 1)

        self.pain_after_edit = QLineEdit(self.pain_group)
        self.pain_after_edit.setObjectName(u"pain_after_edit")
        self.pain_after_edit.setMaxLength(3)

        self.pain_layout.addWidget(self.pain_after_edit, 1, 3, 1, 1)

        self.relief_label = QLabel(self.pain_group)
        self.relief_label.setObjectName(u"relief_label")
        self.relief_label.setWordWrap(True)

        self.pain_layout.addWidget(self.relief_label, 2, 1, 1, 3)

        self.pain_layout.setColumnStretch(1, 1)
        self.pain_layout.setColumnStretch(3, 1)

        self.form_layout.addWidget(self.pain_group)

        self.vitals_group = QGroupBox(self.form_widget)
        self.vitals_group.setObjectName(u"vitals_group")
        self.vitals_layout = QGridLayout(self.vitals_group)
        self.vitals_layout.setObjectName(u"vitals_layout")
        self.systolic_header_label = QLabel(self.vitals_group)
        self.systolic_header_label.setObjectName(u"systolic_header_label")

        self.vitals_layout.addWidget(self.systolic_header_label, 0, 1, 1, 1)

        self.diastolic_header_label = QLabel(self.vitals_group)
        self.diastolic_header_label.setObjectName(u"diastolic_header_label")

        self.vitals_layout.addWidget(self.diastolic_header_label, 0, 2, 1, 1)

        self.heart_rate_header_label = QLabel(self.vitals_group)
        self.heart_rate_header_label.setObjectName(u"heart_rate_header_label")

        self.vitals_layout.addWidget(self.heart_rate_header_label, 0, 3, 1, 1)

        self.spo2_header_label = QLabel(self.vitals_group)
        self.spo2_header_label.setObjectName(u"spo2_header_label")

        self.vitals_layout.addWidget(self.spo2_header_label, 0, 4, 1, 1)

        self.resp_rate_header_label = QLabel(self.vitals_group)
        self.resp_rate_header_label.setObjectName(u"resp_rate_header_label")

        self.vitals_layout.addWidget(self.resp_rate_header_label, 0, 5, 1, 1)

        self.vitals_before_label = QLabel(self.vitals_group)
        self.vitals_before_label.setObjectName(u"vitals_before_label")

        self.vitals_layout.addWidget(self.vitals_before_label, 1, 0, 1, 1)

        self.vitals_before_systolic_edit = QLineEdit(self.vitals_group)
        self.vitals_before_systolic_edit.setObjectName(u"vitals_before_systolic_edit")
        self.vitals_before_systolic_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_before_systolic_edit, 1, 1, 1, 1)

        self.vitals_before_diastolic_edit = QLineEdit(self.vitals_group)
        self.vitals_before_diastolic_edit.setObjectName(u"vitals_before_diastolic_edit")
        self.vitals_before_diastolic_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_before_diastolic_edit, 1, 2, 1, 1)

        self.vitals_before_heart_rate_edit = QLineEdit(self.vitals_group)
        self.vitals_before_heart_rate_edit.setObjectName(u"vitals_before_heart_rate_edit")
        self.vitals_before_heart_rate_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_before_heart_rate_edit, 1, 3, 1, 1)

        self.vitals_before_spo2_edit = QLineEdit(self.vitals_group)
        self.vitals_before_spo2_edit.setObjectName(u"vitals_before_spo2_edit")
        self.vitals_before_spo2_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_before_spo2_edit, 1, 4, 1, 1)

        self.vitals_before_resp_rate_edit = QLineEdit(self.vitals_group)
        self.vitals_before_resp_rate_edit.setObjectName(u"vitals_before_resp_rate_edit")
        self.vitals_before_resp_rate_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_before_resp_rate_edit, 1, 5, 1, 1)

        self.vitals_after_label = QLabel(self.vitals_group)
        self.vitals_after_label.setObjectName(u"vitals_after_label")

        self.vitals_layout.addWidget(self.vitals_after_label, 2, 0, 1, 1)

        self.vitals_after_systolic_edit = QLineEdit(self.vitals_group)
        self.vitals_after_systolic_edit.setObjectName(u"vitals_after_systolic_edit")
        self.vitals_after_systolic_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_after_systolic_edit, 2, 1, 1, 1)

        self.vitals_after_diastolic_edit = QLineEdit(self.vitals_group)
        self.vitals_after_diastolic_edit.setObjectName(u"vitals_after_diastolic_edit")
        self.vitals_after_diastolic_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_after_diastolic_edit, 2, 2, 1, 1)

        self.vitals_after_heart_rate_edit = QLineEdit(self.vitals_group)
        self.vitals_after_heart_rate_edit.setObjectName(u"vitals_after_heart_rate_edit")
        self.vitals_after_heart_rate_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_after_heart_rate_edit, 2, 3, 1, 1)

        self.vitals_after_spo2_edit = QLineEdit(self.vitals_group)
        self.vitals_after_spo2_edit.setObjectName(u"vitals_after_spo2_edit")
        self.vitals_after_spo2_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_after_spo2_edit, 2, 4, 1, 1)

        self.vitals_after_resp_rate_edit = QLineEdit(self.vitals_group)
        self.vitals_after_resp_rate_edit.setObjectName(u"vitals_after_resp_rate_edit")
        self.vitals_after_resp_rate_edit.setMaxLength(3)

        self.vitals_layout.addWidget(self.vitals_after_resp_rate_edit, 2, 5, 1, 1)


        self.form_layout.addWidget(self.vitals_group)

        self.complications_group = QGroupBox(self.form_widget)
        self.complications_group.setObjectName(u"complications_group")
        self.complications_layout = QGridLayout(self.complications_group)
        self.complications_layout.setObjectName(u"complications_layout")
        self.vasovagal_check = QCheckBox(self.complications_group)
        self.vasovagal_check.setObjectName(u"vasovagal_check")

        self.complications_layout.addWidget(self.vasovagal_check, 0, 0, 1, 1)

        self.bleeding_check = QCheckBox(self.complications_group)
        self.bleeding_check.setObjectName(u"bleeding_check")

        self.complications_layout.addWidget(self.bleeding_check, 0, 1, 1, 1)

        self.dural_puncture_check = QCheckBox(self.complications_group)
        self.dural_puncture_check.setObjectName(u"dural_puncture_check")

        self.complications_layout.addWidget(self.dural_puncture_check, 0, 2, 1, 1)

        self.other_check = QCheckBox(self.complications_group)
        self.other_check.setObjectName(u"other_check")

        self.complications_layout.addWidget(self.other_check, 0, 3, 1, 1)

        self.complication_text_label = QLabel(self.complications_group)
        self.complication_text_label.setObjectName(u"complication_text_label")

        self.complications_layout.addWidget(self.complication_text_label, 1, 0, 1, 1)

        self.complication_text_edit = QLineEdit(self.complications_group)
        self.complication_text_edit.setObjectName(u"complication_text_edit")
        self.complication_text_edit.setMaxLength(1000)

        self.complications_layout.addWidget(self.complication_text_edit, 1, 1, 1, 3)


        self.form_layout.addWidget(self.complications_group)

        self.notes_group = QGroupBox(self.form_widget)
        self.notes_group.setObjectName(u"notes_group")
        self.notes_layout = QVBoxLayout(self.notes_group)
        self.notes_layout.setObjectName(u"notes_layout")
        self.notes_edit = QPlainTextEdit(self.notes_group)
        self.notes_edit.setObjectName(u"notes_edit")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumSize(QSize(0, 70))

        self.notes_layout.addWidget(self.notes_edit)


        self.form_layout.addWidget(self.notes_group)

        self.form_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.form_layout.addItem(self.form_spacer)

        self.form_scroll.setWidget(self.form_widget)
        self.editor_splitter.addWidget(self.form_scroll)
        self.side_panel = QWidget(self.editor_splitter)
        self.side_panel.setObjectName(u"side_panel")
        sizePolicy3 = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sizePolicy3.setHorizontalStretch(1)
        sizePolicy3.setVerticalStretch(0)
        sizePolicy3.setHeightForWidth(self.side_panel.sizePolicy().hasHeightForWidth())
        self.side_panel.setSizePolicy(sizePolicy3)
        self.side_layout = QVBoxLayout(self.side_panel)
        self.side_layout.setObjectName(u"side_layout")
        self.side_layout.setContentsMargins(0, 0, 0, 0)
        self.check_title_label = QLabel(self.side_panel)
        self.check_title_label.setObjectName(u"check_title_label")

        self.side_layout.addWidget(self.check_title_label)

        self.check_view = QListView(self.side_panel)
        self.check_view.setObjectName(u"check_view")
        self.check_view.setWordWrap(True)
        self.check_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        sizePolicy4 = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy4.setHorizontalStretch(0)
        sizePolicy4.setVerticalStretch(2)
        sizePolicy4.setHeightForWidth(self.check_view.sizePolicy().hasHeightForWidth())
        self.check_view.setSizePolicy(sizePolicy4)

        self.side_layout.addWidget(self.check_view)

        self.warnings_title_label = QLabel(self.side_panel)
        self.warnings_title_label.setObjectName(u"warnings_title_label")

        self.side_layout.addWidget(self.warnings_title_label)

        self.warnings_view = QTextBrowser(self.side_panel)
        self.warnings_view.setObjectName(u"warnings_view")
        self.warnings_view.setOpenLinks(False)
        self.warnings_view.setFrameShape(QFrame.Shape.NoFrame)
        self.warnings_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        sizePolicy5 = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy5.setHorizontalStretch(0)
        sizePolicy5.setVerticalStretch(1)
        sizePolicy5.setHeightForWidth(self.warnings_view.sizePolicy().hasHeightForWidth())
        self.warnings_view.setSizePolicy(sizePolicy5)

        self.side_layout.addWidget(self.warnings_view)

        self.codes_title_label = QLabel(self.side_panel)
        self.codes_title_label.setObjectName(u"codes_title_label")

        self.side_layout.addWidget(self.codes_title_label)

        self.codes_view = QTextBrowser(self.side_panel)
        self.codes_view.setObjectName(u"codes_view")
        self.codes_view.setOpenLinks(False)
        self.codes_view.setFrameShape(QFrame.Shape.NoFrame)
        self.codes_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        sizePolicy5.setHeightForWidth(self.codes_view.sizePolicy().hasHeightForWidth())
        self.codes_view.setSizePolicy(sizePolicy5)

        self.side_layout.addWidget(self.codes_view)

        self.editor_splitter.addWidget(self.side_panel)

        self.editor_layout.addWidget(self.editor_splitter)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.message_icon = QLabel(RecordEditor)
        self.message_icon.setObjectName(u"message_icon")

        self.button_layout.addWidget(self.message_icon)

        self.message_label = QLabel(RecordEditor)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)
        sizePolicy1.setHeightForWidth(self.message_label.sizePolicy().hasHeightForWidth())
        self.message_label.setSizePolicy(sizePolicy1)

        self.button_layout.addWidget(self.message_label)

        self.save_button = QPushButton(RecordEditor)
        self.save_button.setObjectName(u"save_button")
        self.save_button.setAutoDefault(False)

        self.button_layout.addWidget(self.save_button)

        self.ready_button = QPushButton(RecordEditor)
        self.ready_button.setObjectName(u"ready_button")
        self.ready_button.setAutoDefault(False)

        self.button_layout.addWidget(self.ready_button)

        self.close_button = QPushButton(RecordEditor)
        self.close_button.setObjectName(u"close_button")
        self.close_button.setAutoDefault(False)

        self.button_layout.addWidget(self.close_button)


        self.editor_layout.addLayout(self.button_layout)

        self.editor_layout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.kind_label.setBuddy(self.kind_combo)
        self.block_label.setBuddy(self.block_combo)
        self.performed_label.setBuddy(self.performed_edit)
        self.physician_label.setBuddy(self.physician_combo)
        self.nurse_label.setBuddy(self.nurse_combo)
        self.level_label.setBuddy(self.level_edit)
        self.modality_label.setBuddy(self.modality_combo)
        self.contrast_label.setBuddy(self.contrast_combo)
        self.fluoro_time_label.setBuddy(self.fluoro_time_edit)
        self.dose_label.setBuddy(self.dose_edit)
        self.dap_label.setBuddy(self.dap_edit)
        self.drug_label.setBuddy(self.drug_edit)
        self.strength_label.setBuddy(self.strength_combo)
        self.volume_label.setBuddy(self.volume_edit)
        self.sedation_label.setBuddy(self.sedation_combo)
        self.pain_before_label.setBuddy(self.pain_before_edit)
        self.pain_after_label.setBuddy(self.pain_after_edit)
        self.systolic_header_label.setBuddy(self.vitals_before_systolic_edit)
        self.diastolic_header_label.setBuddy(self.vitals_before_diastolic_edit)
        self.heart_rate_header_label.setBuddy(self.vitals_before_heart_rate_edit)
        self.spo2_header_label.setBuddy(self.vitals_before_spo2_edit)
        self.resp_rate_header_label.setBuddy(self.vitals_before_resp_rate_edit)
        self.vitals_before_label.setBuddy(self.vitals_before_systolic_edit)
        self.vitals_after_label.setBuddy(self.vitals_after_systolic_edit)
        self.complication_text_label.setBuddy(self.complication_text_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.kind_combo, self.block_combo)
        QWidget.setTabOrder(self.block_combo, self.performed_edit)
        QWidget.setTabOrder(self.performed_edit, self.physician_combo)
        QWidget.setTabOrder(self.physician_combo, self.nurse_combo)
        QWidget.setTabOrder(self.nurse_combo, self.level_edit)
        QWidget.setTabOrder(self.level_edit, self.joints_view)
        QWidget.setTabOrder(self.joints_view, self.spine_picker)
        QWidget.setTabOrder(self.spine_picker, self.modality_combo)
        QWidget.setTabOrder(self.modality_combo, self.contrast_combo)
        QWidget.setTabOrder(self.contrast_combo, self.fluoro_time_edit)
        QWidget.setTabOrder(self.fluoro_time_edit, self.dose_edit)
        QWidget.setTabOrder(self.dose_edit, self.dap_edit)
        QWidget.setTabOrder(self.dap_edit, self.drug_edit)
        QWidget.setTabOrder(self.drug_edit, self.strength_combo)
        QWidget.setTabOrder(self.strength_combo, self.volume_edit)
        QWidget.setTabOrder(self.volume_edit, self.per_target_check)
        QWidget.setTabOrder(self.per_target_check, self.medications_view)
        QWidget.setTabOrder(self.medications_view, self.sedation_combo)
        QWidget.setTabOrder(self.sedation_combo, self.pain_before_edit)
        QWidget.setTabOrder(self.pain_before_edit, self.pain_after_edit)
        QWidget.setTabOrder(self.pain_after_edit, self.vitals_before_systolic_edit)
        QWidget.setTabOrder(self.vitals_before_systolic_edit, self.vitals_before_diastolic_edit)
        QWidget.setTabOrder(self.vitals_before_diastolic_edit, self.vitals_before_heart_rate_edit)
        QWidget.setTabOrder(self.vitals_before_heart_rate_edit, self.vitals_before_spo2_edit)
        QWidget.setTabOrder(self.vitals_before_spo2_edit, self.vitals_before_resp_rate_edit)
        QWidget.setTabOrder(self.vitals_before_resp_rate_edit, self.vitals_after_systolic_edit)
        QWidget.setTabOrder(self.vitals_after_systolic_edit, self.vitals_after_diastolic_edit)
        QWidget.setTabOrder(self.vitals_after_diastolic_edit, self.vitals_after_heart_rate_edit)
        QWidget.setTabOrder(self.vitals_after_heart_rate_edit, self.vitals_after_spo2_edit)
        QWidget.setTabOrder(self.vitals_after_spo2_edit, self.vitals_after_resp_rate_edit)
        QWidget.setTabOrder(self.vitals_after_resp_rate_edit, self.vasovagal_check)
        QWidget.setTabOrder(self.vasovagal_check, self.bleeding_check)
        QWidget.setTabOrder(self.bleeding_check, self.dural_puncture_check)
        QWidget.setTabOrder(self.dural_puncture_check, self.other_check)
        QWidget.setTabOrder(self.other_check, self.complication_text_edit)
        QWidget.setTabOrder(self.complication_text_edit, self.notes_edit)
        QWidget.setTabOrder(self.notes_edit, self.save_button)
        QWidget.setTabOrder(self.save_button, self.ready_button)
        QWidget.setTabOrder(self.ready_button, self.close_button)
        QWidget.setTabOrder(self.close_button, self.check_view)
        QWidget.setTabOrder(self.check_view, self.patient_button)
        QWidget.setTabOrder(self.patient_button, self.banner_button)

        self.retranslateUi(RecordEditor)
    # setupUi

    def retranslateUi(self, RecordEditor: Any) -> None:
        RecordEditor.setWindowTitle(QCoreApplication.translate("RecordEditor", u"Procedure record", None))
        self.patient_label.setText("")
#if QT_CONFIG(accessibility)
        self.patient_label.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Patient", None))
#endif // QT_CONFIG(accessibility)
        self.status_label.setText("")
#if QT_CONFIG(accessibility)
        self.status_label.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Record status", None))
#endif // QT_CONFIG(accessibility)
        self.patient_button.setText(QCoreApplication.translate("RecordEditor", u"Patient details\u2026", None))
#if QT_CONFIG(tooltip)
        self.patient_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Open the patient's details: weight, blood thinner, allergies (Ctrl+Shift+P)", None))
#endif // QT_CONFIG(tooltip)
        self.banner_label.setText("")
#if QT_CONFIG(accessibility)
        self.banner_label.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Notice", None))
#endif // QT_CONFIG(accessibility)
        self.banner_button.setText(QCoreApplication.translate("RecordEditor", u"Compare\u2026", None))
        self.procedure_group.setTitle(QCoreApplication.translate("RecordEditor", u"Procedure", None))
        self.kind_label.setText(QCoreApplication.translate("RecordEditor", u"&Kind", None))
#if QT_CONFIG(accessibility)
        self.kind_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Procedure kind", None))
#endif // QT_CONFIG(accessibility)
        self.block_label.setText(QCoreApplication.translate("RecordEditor", u"&Block", None))
#if QT_CONFIG(accessibility)
        self.block_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Block number", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.block_combo.setToolTip(QCoreApplication.translate("RecordEditor", u"Diagnostic medial branch blocks are numbered 1 and 2; a therapeutic block has no number.", None))
#endif // QT_CONFIG(tooltip)
        self.performed_label.setText(QCoreApplication.translate("RecordEditor", u"&When", None))
#if QT_CONFIG(accessibility)
        self.performed_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Date and time of the procedure", None))
#endif // QT_CONFIG(accessibility)
        self.performed_edit.setDisplayFormat(QCoreApplication.translate("RecordEditor", u"yyyy-MM-dd HH:mm", None))
        self.physician_label.setText(QCoreApplication.translate("RecordEditor", u"&Physician", None))
#if QT_CONFIG(accessibility)
        self.physician_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Physician", None))
#endif // QT_CONFIG(accessibility)
        self.nurse_label.setText(QCoreApplication.translate("RecordEditor", u"&Nurse", None))
#if QT_CONFIG(accessibility)
        self.nurse_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Nurse", None))
#endif // QT_CONFIG(accessibility)
        self.levels_group.setTitle(QCoreApplication.translate("RecordEditor", u"Levels and sides", None))
#if QT_CONFIG(accessibility)
        self.spine_picker.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Spine picker", None))
#endif // QT_CONFIG(accessibility)
        self.level_label.setText(QCoreApplication.translate("RecordEditor", u"&Level and side", None))
#if QT_CONFIG(accessibility)
        self.level_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Level and side", None))
#endif // QT_CONFIG(accessibility)
        self.level_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"e.g. L4-5 B or l45 left, then Enter", None))
#if QT_CONFIG(tooltip)
        self.level_edit.setToolTip(QCoreApplication.translate("RecordEditor", u"Type a level and a side, then Enter: L4-5 B, l45 left, L5-S1 R. B = both sides. Typing a chosen level again with the same side removes it.", None))
#endif // QT_CONFIG(tooltip)
        self.level_add_button.setText(QCoreApplication.translate("RecordEditor", u"Add", None))
#if QT_CONFIG(tooltip)
        self.level_add_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Add the level typed (Enter)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.level_add_button.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Add level", None))
#endif // QT_CONFIG(accessibility)
        self.level_hint_label.setText(QCoreApplication.translate("RecordEditor", u"Or click a facet on the spine: left and right as seen from behind.", None))
#if QT_CONFIG(accessibility)
        self.joints_view.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Chosen levels and sides", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.joints_view.setToolTip(QCoreApplication.translate("RecordEditor", u"Chosen levels. Delete removes the selected level.", None))
#endif // QT_CONFIG(tooltip)
        self.joints_remove_button.setText(QCoreApplication.translate("RecordEditor", u"Remove level", None))
#if QT_CONFIG(tooltip)
        self.joints_remove_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Remove the selected level (Delete)", None))
#endif // QT_CONFIG(tooltip)
        self.targets_title_label.setText(QCoreApplication.translate("RecordEditor", u"Targeted nerves", None))
        self.targets_label.setText("")
#if QT_CONFIG(accessibility)
        self.targets_label.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Targeted nerves", None))
#endif // QT_CONFIG(accessibility)
        self.guidance_group.setTitle(QCoreApplication.translate("RecordEditor", u"Imaging guidance", None))
        self.modality_label.setText(QCoreApplication.translate("RecordEditor", u"&Guidance", None))
#if QT_CONFIG(accessibility)
        self.modality_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Image guidance", None))
#endif // QT_CONFIG(accessibility)
        self.contrast_label.setText(QCoreApplication.translate("RecordEditor", u"&Contrast", None))
#if QT_CONFIG(accessibility)
        self.contrast_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Contrast agent", None))
#endif // QT_CONFIG(accessibility)
        self.fluoro_time_label.setText(QCoreApplication.translate("RecordEditor", u"Fluoro &time (s)", None))
#if QT_CONFIG(accessibility)
        self.fluoro_time_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Fluoroscopy time in seconds", None))
#endif // QT_CONFIG(accessibility)
        self.fluoro_time_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"seconds", None))
        self.dose_label.setText(QCoreApplication.translate("RecordEditor", u"Dose (mGy)", None))
#if QT_CONFIG(accessibility)
        self.dose_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Fluoroscopy dose in milligray", None))
#endif // QT_CONFIG(accessibility)
        self.dose_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"air kerma, mGy", None))
        self.dap_label.setText(QCoreApplication.translate("RecordEditor", u"DAP (mGy\u00b7cm\u00b2)", None))
#if QT_CONFIG(accessibility)
        self.dap_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Dose-area product in milligray square centimetres", None))
#endif // QT_CONFIG(accessibility)
        self.dap_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"optional", None))
        self.medications_group.setTitle(QCoreApplication.translate("RecordEditor", u"Medications", None))
        self.drug_label.setText(QCoreApplication.translate("RecordEditor", u"&Medication", None))
        self.strength_label.setText(QCoreApplication.translate("RecordEditor", u"Str&ength", None))
        self.volume_label.setText(QCoreApplication.translate("RecordEditor", u"Vol&ume (mL)", None))
#if QT_CONFIG(accessibility)
        self.drug_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Medication", None))
#endif // QT_CONFIG(accessibility)
        self.drug_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"type to choose, e.g. bupi", None))
#if QT_CONFIG(accessibility)
        self.strength_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Strength", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.volume_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Volume in millilitres", None))
#endif // QT_CONFIG(accessibility)
        self.volume_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"mL, then Enter", None))
        self.per_target_check.setText(QCoreApplication.translate("RecordEditor", u"Per target", None))
#if QT_CONFIG(accessibility)
        self.per_target_check.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Volume is per target", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.per_target_check.setToolTip(QCoreApplication.translate("RecordEditor", u"Checked: the volume was given at each target (needle site). Unchecked: it is the total.", None))
#endif // QT_CONFIG(tooltip)
        self.add_medication_button.setText(QCoreApplication.translate("RecordEditor", u"Add", None))
#if QT_CONFIG(accessibility)
        self.add_medication_button.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Add medication", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.add_medication_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Add this medication (Enter)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.medications_view.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Medications given", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.medications_view.setToolTip(QCoreApplication.translate("RecordEditor", u"Medications given. F2 edits a cell, Delete removes the selected line.", None))
#endif // QT_CONFIG(tooltip)
        self.remove_medication_button.setText(QCoreApplication.translate("RecordEditor", u"Remove medication", None))
#if QT_CONFIG(tooltip)
        self.remove_medication_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Remove the selected medication (Delete)", None))
#endif // QT_CONFIG(tooltip)
        self.totals_title_label.setText(QCoreApplication.translate("RecordEditor", u"Totals for this procedure", None))
#if QT_CONFIG(accessibility)
        self.totals_view.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Medication totals", None))
#endif // QT_CONFIG(accessibility)
        self.pain_group.setTitle(QCoreApplication.translate("RecordEditor", u"Sedation and pain", None))
        self.sedation_label.setText(QCoreApplication.translate("RecordEditor", u"Se&dation", None))
#if QT_CONFIG(accessibility)
        self.sedation_combo.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Sedation", None))
#endif // QT_CONFIG(accessibility)
        self.pain_before_label.setText(QCoreApplication.translate("RecordEditor", u"Pa&in before (0-10)", None))
#if QT_CONFIG(accessibility)
        self.pain_before_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Pain score before, 0 to 10", None))
#endif // QT_CONFIG(accessibility)
        self.pain_before_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"0-10", None))
        self.pain_after_label.setText(QCoreApplication.translate("RecordEditor", u"Pain &after (0-10)", None))
#if QT_CONFIG(accessibility)
        self.pain_after_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Pain score after, 0 to 10", None))
#endif // QT_CONFIG(accessibility)
        self.pain_after_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"0-10", None))
        self.relief_label.setText("")
#if QT_CONFIG(accessibility)
        self.relief_label.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Percent relief", None))
#endif // QT_CONFIG(accessibility)
        self.vitals_group.setTitle(QCoreApplication.translate("RecordEditor", u"Vital signs", None))
        self.systolic_header_label.setText(QCoreApplication.translate("RecordEditor", u"Systolic (mmHg)", None))
        self.diastolic_header_label.setText(QCoreApplication.translate("RecordEditor", u"Diastolic (mmHg)", None))
        self.heart_rate_header_label.setText(QCoreApplication.translate("RecordEditor", u"Heart rate (/min)", None))
        self.spo2_header_label.setText(QCoreApplication.translate("RecordEditor", u"SpO\u2082 (%)", None))
        self.resp_rate_header_label.setText(QCoreApplication.translate("RecordEditor", u"Breathing (/min)", None))
        self.vitals_before_label.setText(QCoreApplication.translate("RecordEditor", u"Bef&ore", None))
#if QT_CONFIG(accessibility)
        self.vitals_before_systolic_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Systolic blood pressure before the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_before_diastolic_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Diastolic blood pressure before the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_before_heart_rate_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Heart rate before the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_before_spo2_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Oxygen saturation before the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_before_resp_rate_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Breathing rate before the procedure", None))
#endif // QT_CONFIG(accessibility)
        self.vitals_after_label.setText(QCoreApplication.translate("RecordEditor", u"After", None))
#if QT_CONFIG(accessibility)
        self.vitals_after_systolic_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Systolic blood pressure after the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_after_diastolic_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Diastolic blood pressure after the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_after_heart_rate_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Heart rate after the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_after_spo2_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Oxygen saturation after the procedure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vitals_after_resp_rate_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Breathing rate after the procedure", None))
#endif // QT_CONFIG(accessibility)
        self.complications_group.setTitle(QCoreApplication.translate("RecordEditor", u"Complications (leave all unticked if none)", None))
        self.vasovagal_check.setText(QCoreApplication.translate("RecordEditor", u"Vasovagal reaction", None))
#if QT_CONFIG(accessibility)
        self.vasovagal_check.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Complication: vasovagal reaction", None))
#endif // QT_CONFIG(accessibility)
        self.bleeding_check.setText(QCoreApplication.translate("RecordEditor", u"Bleeding", None))
#if QT_CONFIG(accessibility)
        self.bleeding_check.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Complication: bleeding", None))
#endif // QT_CONFIG(accessibility)
        self.dural_puncture_check.setText(QCoreApplication.translate("RecordEditor", u"Dural puncture", None))
#if QT_CONFIG(accessibility)
        self.dural_puncture_check.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Complication: dural puncture", None))
#endif // QT_CONFIG(accessibility)
        self.other_check.setText(QCoreApplication.translate("RecordEditor", u"Other", None))
#if QT_CONFIG(accessibility)
        self.other_check.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Complication: other", None))
#endif // QT_CONFIG(accessibility)
        self.complication_text_label.setText(QCoreApplication.translate("RecordEditor", u"Details", None))
#if QT_CONFIG(accessibility)
        self.complication_text_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Complication details", None))
#endif // QT_CONFIG(accessibility)
        self.complication_text_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"what happened and what was done", None))
        self.notes_group.setTitle(QCoreApplication.translate("RecordEditor", u"Notes", None))
#if QT_CONFIG(accessibility)
        self.notes_edit.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Notes", None))
#endif // QT_CONFIG(accessibility)
        self.notes_edit.setPlaceholderText(QCoreApplication.translate("RecordEditor", u"Free-text notes for the physician (Tab leaves this box)", None))
        self.check_title_label.setText(QCoreApplication.translate("RecordEditor", u"Before it goes to the physician", None))
#if QT_CONFIG(accessibility)
        self.check_view.setAccessibleName(QCoreApplication.translate("RecordEditor", u"What still needs doing", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.check_view.setToolTip(QCoreApplication.translate("RecordEditor", u"Enter or double-click to go to the field", None))
#endif // QT_CONFIG(tooltip)
        self.warnings_title_label.setText(QCoreApplication.translate("RecordEditor", u"Coverage warnings", None))
#if QT_CONFIG(accessibility)
        self.warnings_view.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Coverage warnings", None))
#endif // QT_CONFIG(accessibility)
        self.codes_title_label.setText(QCoreApplication.translate("RecordEditor", u"Suggested codes", None))
#if QT_CONFIG(accessibility)
        self.codes_view.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Suggested CPT and ICD-10 codes", None))
#endif // QT_CONFIG(accessibility)
        self.message_label.setText("")
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("RecordEditor", u"Save status", None))
#endif // QT_CONFIG(accessibility)
        self.save_button.setText(QCoreApplication.translate("RecordEditor", u"&Save draft", None))
#if QT_CONFIG(tooltip)
        self.save_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Save this record as a draft (Ctrl+S)", None))
#endif // QT_CONFIG(tooltip)
        self.ready_button.setText(QCoreApplication.translate("RecordEditor", u"Read&y for signature", None))
#if QT_CONFIG(tooltip)
        self.ready_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Save and send to the physician's queue (Ctrl+Return)", None))
#endif // QT_CONFIG(tooltip)
        self.close_button.setText(QCoreApplication.translate("RecordEditor", u"Close", None))
#if QT_CONFIG(tooltip)
        self.close_button.setToolTip(QCoreApplication.translate("RecordEditor", u"Close this record and go back to the worklist (Ctrl+W)", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

