# Generated from forms/note_section.ui by `make forms` (pyside6-uic). Do not edit.
from typing import Any

# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'note_section.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QSizePolicy, QSpacerItem, QToolButton,
    QVBoxLayout, QWidget)

class Ui_NoteSection(object):
    def setupUi(self, NoteSection: Any) -> None:
        if not NoteSection.objectName():
            NoteSection.setObjectName(u"NoteSection")
        self.note_layout = QVBoxLayout(NoteSection)
        self.note_layout.setObjectName(u"note_layout")
        self.note_layout.setContentsMargins(0, -1, 0, -1)
        self.note_header_layout = QHBoxLayout()
        self.note_header_layout.setObjectName(u"note_header_layout")
        self.note_toggle_button = QToolButton(NoteSection)
        self.note_toggle_button.setObjectName(u"note_toggle_button")
        self.note_toggle_button.setCheckable(True)
        self.note_toggle_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.note_toggle_button.setArrowType(Qt.ArrowType.RightArrow)
        self.note_toggle_button.setAutoRaise(True)

        self.note_header_layout.addWidget(self.note_toggle_button)

        self.note_summary_label = QLabel(NoteSection)
        self.note_summary_label.setObjectName(u"note_summary_label")
        self.note_summary_label.setWordWrap(True)

        self.note_header_layout.addWidget(self.note_summary_label)

        self.note_header_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.note_header_layout.addItem(self.note_header_spacer)

        self.note_header_layout.setStretch(1, 1)

        self.note_layout.addLayout(self.note_header_layout)

        self.note_body = QWidget(NoteSection)
        self.note_body.setObjectName(u"note_body")
        self.note_body_layout = QVBoxLayout(self.note_body)
        self.note_body_layout.setObjectName(u"note_body_layout")
        self.note_body_layout.setContentsMargins(0, 0, 0, 0)
        self.indication_group = QGroupBox(self.note_body)
        self.indication_group.setObjectName(u"indication_group")
        self.indication_layout = QGridLayout(self.indication_group)
        self.indication_layout.setObjectName(u"indication_layout")
        self.indication_label = QLabel(self.indication_group)
        self.indication_label.setObjectName(u"indication_label")

        self.indication_layout.addWidget(self.indication_label, 0, 0, 1, 1)

        self.indication_edit = QPlainTextEdit(self.indication_group)
        self.indication_edit.setObjectName(u"indication_edit")
        self.indication_edit.setTabChangesFocus(True)
        self.indication_edit.setMaximumSize(QSize(16777215, 60))

        self.indication_layout.addWidget(self.indication_edit, 0, 1, 1, 3)

        self.pain_3_months_check = QCheckBox(self.indication_group)
        self.pain_3_months_check.setObjectName(u"pain_3_months_check")
        self.pain_3_months_check.setTristate(True)

        self.indication_layout.addWidget(self.pain_3_months_check, 1, 0, 1, 2)

        self.conservative_care_check = QCheckBox(self.indication_group)
        self.conservative_care_check.setObjectName(u"conservative_care_check")
        self.conservative_care_check.setTristate(True)

        self.indication_layout.addWidget(self.conservative_care_check, 1, 2, 1, 2)

        self.no_radiculopathy_check = QCheckBox(self.indication_group)
        self.no_radiculopathy_check.setObjectName(u"no_radiculopathy_check")
        self.no_radiculopathy_check.setTristate(True)

        self.indication_layout.addWidget(self.no_radiculopathy_check, 2, 0, 1, 2)

        self.no_other_cause_check = QCheckBox(self.indication_group)
        self.no_other_cause_check.setObjectName(u"no_other_cause_check")
        self.no_other_cause_check.setTristate(True)

        self.indication_layout.addWidget(self.no_other_cause_check, 2, 2, 1, 2)

        self.indication_layout.setColumnStretch(1, 1)
        self.indication_layout.setColumnStretch(3, 1)

        self.note_body_layout.addWidget(self.indication_group)

        self.consent_group = QGroupBox(self.note_body)
        self.consent_group.setObjectName(u"consent_group")
        self.consent_layout = QGridLayout(self.consent_group)
        self.consent_layout.setObjectName(u"consent_layout")
        self.consent_label = QLabel(self.consent_group)
        self.consent_label.setObjectName(u"consent_label")

        self.consent_layout.addWidget(self.consent_label, 0, 0, 1, 1)

        self.consent_combo = QComboBox(self.consent_group)
        self.consent_combo.setObjectName(u"consent_combo")

        self.consent_layout.addWidget(self.consent_combo, 0, 1, 1, 1)

        self.risks_check = QCheckBox(self.consent_group)
        self.risks_check.setObjectName(u"risks_check")

        self.consent_layout.addWidget(self.risks_check, 0, 2, 1, 2)

        self.identifiers_label = QLabel(self.consent_group)
        self.identifiers_label.setObjectName(u"identifiers_label")

        self.consent_layout.addWidget(self.identifiers_label, 1, 0, 1, 1)

        self.identifiers_edit = QLineEdit(self.consent_group)
        self.identifiers_edit.setObjectName(u"identifiers_edit")
        self.identifiers_edit.setMaxLength(200)

        self.consent_layout.addWidget(self.identifiers_edit, 1, 1, 1, 3)

        self.time_out_label = QLabel(self.consent_group)
        self.time_out_label.setObjectName(u"time_out_label")

        self.consent_layout.addWidget(self.time_out_label, 2, 0, 1, 1)

        self.time_out_edit = QLineEdit(self.consent_group)
        self.time_out_edit.setObjectName(u"time_out_edit")
        self.time_out_edit.setMaxLength(5)

        self.consent_layout.addWidget(self.time_out_edit, 2, 1, 1, 1)

        self.site_check = QCheckBox(self.consent_group)
        self.site_check.setObjectName(u"site_check")

        self.consent_layout.addWidget(self.site_check, 2, 2, 1, 2)

        self.consent_layout.setColumnStretch(1, 1)
        self.consent_layout.setColumnStretch(3, 1)

        self.note_body_layout.addWidget(self.consent_group)

        self.technique_group = QGroupBox(self.note_body)
        self.technique_group.setObjectName(u"technique_group")
        self.technique_layout = QGridLayout(self.technique_group)
        self.technique_layout.setObjectName(u"technique_layout")
        self.position_label = QLabel(self.technique_group)
        self.position_label.setObjectName(u"position_label")

        self.technique_layout.addWidget(self.position_label, 0, 0, 1, 1)

        self.position_edit = QLineEdit(self.technique_group)
        self.position_edit.setObjectName(u"position_edit")
        self.position_edit.setMaxLength(200)

        self.technique_layout.addWidget(self.position_edit, 0, 1, 1, 1)

        self.skin_prep_label = QLabel(self.technique_group)
        self.skin_prep_label.setObjectName(u"skin_prep_label")

        self.technique_layout.addWidget(self.skin_prep_label, 0, 2, 1, 1)

        self.skin_prep_edit = QLineEdit(self.technique_group)
        self.skin_prep_edit.setObjectName(u"skin_prep_edit")
        self.skin_prep_edit.setMaxLength(200)

        self.technique_layout.addWidget(self.skin_prep_edit, 0, 3, 1, 1)

        self.gauge_label = QLabel(self.technique_group)
        self.gauge_label.setObjectName(u"gauge_label")

        self.technique_layout.addWidget(self.gauge_label, 1, 0, 1, 1)

        self.gauge_edit = QLineEdit(self.technique_group)
        self.gauge_edit.setObjectName(u"gauge_edit")
        self.gauge_edit.setMaxLength(2)

        self.technique_layout.addWidget(self.gauge_edit, 1, 1, 1, 1)

        self.length_label = QLabel(self.technique_group)
        self.length_label.setObjectName(u"length_label")

        self.technique_layout.addWidget(self.length_label, 1, 2, 1, 1)

        self.length_edit = QLineEdit(self.technique_group)
        self.length_edit.setObjectName(u"length_edit")
        self.length_edit.setMaxLength(6)

        self.technique_layout.addWidget(self.length_edit, 1, 3, 1, 1)

        self.needle_type_label = QLabel(self.technique_group)
        self.needle_type_label.setObjectName(u"needle_type_label")

        self.technique_layout.addWidget(self.needle_type_label, 2, 0, 1, 1)

        self.needle_type_edit = QLineEdit(self.technique_group)
        self.needle_type_edit.setObjectName(u"needle_type_edit")
        self.needle_type_edit.setMaxLength(200)

        self.technique_layout.addWidget(self.needle_type_edit, 2, 1, 1, 3)

        self.technique_layout.setColumnStretch(1, 1)
        self.technique_layout.setColumnStretch(3, 1)

        self.note_body_layout.addWidget(self.technique_group)

        self.rfa_group = QGroupBox(self.note_body)
        self.rfa_group.setObjectName(u"rfa_group")
        self.rfa_layout = QGridLayout(self.rfa_group)
        self.rfa_layout.setObjectName(u"rfa_layout")
        self.sensory_label = QLabel(self.rfa_group)
        self.sensory_label.setObjectName(u"sensory_label")

        self.rfa_layout.addWidget(self.sensory_label, 0, 0, 1, 1)

        self.sensory_edit = QLineEdit(self.rfa_group)
        self.sensory_edit.setObjectName(u"sensory_edit")
        self.sensory_edit.setMaxLength(6)

        self.rfa_layout.addWidget(self.sensory_edit, 0, 1, 1, 1)

        self.motor_label = QLabel(self.rfa_group)
        self.motor_label.setObjectName(u"motor_label")

        self.rfa_layout.addWidget(self.motor_label, 0, 2, 1, 1)

        self.motor_combo = QComboBox(self.rfa_group)
        self.motor_combo.setObjectName(u"motor_combo")

        self.rfa_layout.addWidget(self.motor_combo, 0, 3, 1, 1)

        self.lesion_temperature_label = QLabel(self.rfa_group)
        self.lesion_temperature_label.setObjectName(u"lesion_temperature_label")

        self.rfa_layout.addWidget(self.lesion_temperature_label, 1, 0, 1, 1)

        self.lesion_temperature_edit = QLineEdit(self.rfa_group)
        self.lesion_temperature_edit.setObjectName(u"lesion_temperature_edit")
        self.lesion_temperature_edit.setMaxLength(6)

        self.rfa_layout.addWidget(self.lesion_temperature_edit, 1, 1, 1, 1)

        self.lesion_time_label = QLabel(self.rfa_group)
        self.lesion_time_label.setObjectName(u"lesion_time_label")

        self.rfa_layout.addWidget(self.lesion_time_label, 1, 2, 1, 1)

        self.lesion_time_edit = QLineEdit(self.rfa_group)
        self.lesion_time_edit.setObjectName(u"lesion_time_edit")
        self.lesion_time_edit.setMaxLength(6)

        self.rfa_layout.addWidget(self.lesion_time_edit, 1, 3, 1, 1)

        self.rfa_layout.setColumnStretch(1, 1)
        self.rfa_layout.setColumnStretch(3, 1)

        self.note_body_layout.addWidget(self.rfa_group)

        self.disposition_group = QGroupBox(self.note_body)
        self.disposition_group.setObjectName(u"disposition_group")
        self.disposition_layout = QGridLayout(self.disposition_group)
        self.disposition_layout.setObjectName(u"disposition_layout")
        self.condition_label = QLabel(self.disposition_group)
        self.condition_label.setObjectName(u"condition_label")

        self.disposition_layout.addWidget(self.condition_label, 0, 0, 1, 1)

        self.condition_combo = QComboBox(self.disposition_group)
        self.condition_combo.setObjectName(u"condition_combo")

        self.disposition_layout.addWidget(self.condition_combo, 0, 1, 1, 1)

        self.escorted_check = QCheckBox(self.disposition_group)
        self.escorted_check.setObjectName(u"escorted_check")

        self.disposition_layout.addWidget(self.escorted_check, 0, 2, 1, 2)

        self.discharged_label = QLabel(self.disposition_group)
        self.discharged_label.setObjectName(u"discharged_label")

        self.disposition_layout.addWidget(self.discharged_label, 1, 0, 1, 1)

        self.discharged_edit = QLineEdit(self.disposition_group)
        self.discharged_edit.setObjectName(u"discharged_edit")
        self.discharged_edit.setMaxLength(5)

        self.disposition_layout.addWidget(self.discharged_edit, 1, 1, 1, 1)

        self.disposition_layout.setColumnStretch(1, 1)
        self.disposition_layout.setColumnStretch(3, 1)

        self.note_body_layout.addWidget(self.disposition_group)


        self.note_layout.addWidget(self.note_body)

#if QT_CONFIG(shortcut)
        self.indication_label.setBuddy(self.indication_edit)
        self.consent_label.setBuddy(self.consent_combo)
        self.identifiers_label.setBuddy(self.identifiers_edit)
        self.time_out_label.setBuddy(self.time_out_edit)
        self.position_label.setBuddy(self.position_edit)
        self.skin_prep_label.setBuddy(self.skin_prep_edit)
        self.gauge_label.setBuddy(self.gauge_edit)
        self.length_label.setBuddy(self.length_edit)
        self.needle_type_label.setBuddy(self.needle_type_edit)
        self.sensory_label.setBuddy(self.sensory_edit)
        self.motor_label.setBuddy(self.motor_combo)
        self.lesion_temperature_label.setBuddy(self.lesion_temperature_edit)
        self.lesion_time_label.setBuddy(self.lesion_time_edit)
        self.condition_label.setBuddy(self.condition_combo)
        self.discharged_label.setBuddy(self.discharged_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.note_toggle_button, self.indication_edit)
        QWidget.setTabOrder(self.indication_edit, self.pain_3_months_check)
        QWidget.setTabOrder(self.pain_3_months_check, self.conservative_care_check)
        QWidget.setTabOrder(self.conservative_care_check, self.no_radiculopathy_check)
        QWidget.setTabOrder(self.no_radiculopathy_check, self.no_other_cause_check)
        QWidget.setTabOrder(self.no_other_cause_check, self.consent_combo)
        QWidget.setTabOrder(self.consent_combo, self.risks_check)
        QWidget.setTabOrder(self.risks_check, self.identifiers_edit)
        QWidget.setTabOrder(self.identifiers_edit, self.time_out_edit)
        QWidget.setTabOrder(self.time_out_edit, self.site_check)
        QWidget.setTabOrder(self.site_check, self.position_edit)
        QWidget.setTabOrder(self.position_edit, self.skin_prep_edit)
        QWidget.setTabOrder(self.skin_prep_edit, self.gauge_edit)
        QWidget.setTabOrder(self.gauge_edit, self.length_edit)
        QWidget.setTabOrder(self.length_edit, self.needle_type_edit)
        QWidget.setTabOrder(self.needle_type_edit, self.sensory_edit)
        QWidget.setTabOrder(self.sensory_edit, self.motor_combo)
        QWidget.setTabOrder(self.motor_combo, self.lesion_temperature_edit)
        QWidget.setTabOrder(self.lesion_temperature_edit, self.lesion_time_edit)
        QWidget.setTabOrder(self.lesion_time_edit, self.condition_combo)
        QWidget.setTabOrder(self.condition_combo, self.escorted_check)
        QWidget.setTabOrder(self.escorted_check, self.discharged_edit)

        self.retranslateUi(NoteSection)
    # setupUi

    def retranslateUi(self, NoteSection: Any) -> None:
        NoteSection.setWindowTitle(QCoreApplication.translate("NoteSection", u"Procedure note", None))
        self.note_toggle_button.setText(QCoreApplication.translate("NoteSection", u"Procedure note (Alt+J)", None))
#if QT_CONFIG(accessibility)
        self.note_toggle_button.setAccessibleName(QCoreApplication.translate("NoteSection", u"Show or hide the procedure note", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.note_toggle_button.setToolTip(QCoreApplication.translate("NoteSection", u"Consent, time-out, position, needle, RFA values and disposition (Alt+J)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.note_toggle_button.setShortcut(QCoreApplication.translate("NoteSection", u"Alt+J", None))
#endif // QT_CONFIG(shortcut)
        self.indication_group.setTitle(QCoreApplication.translate("NoteSection", u"Indication and coverage statements (grey box: not answered)", None))
        self.indication_label.setText(QCoreApplication.translate("NoteSection", u"Indication", None))
#if QT_CONFIG(accessibility)
        self.indication_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Indication", None))
#endif // QT_CONFIG(accessibility)
        self.indication_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"why this procedure (Tab leaves this box)", None))
        self.pain_3_months_check.setText(QCoreApplication.translate("NoteSection", u"Pain for at least 3 months", None))
#if QT_CONFIG(accessibility)
        self.pain_3_months_check.setAccessibleName(QCoreApplication.translate("NoteSection", u"Coverage: pain for at least 3 months", None))
#endif // QT_CONFIG(accessibility)
        self.conservative_care_check.setText(QCoreApplication.translate("NoteSection", u"Conservative care failed", None))
#if QT_CONFIG(accessibility)
        self.conservative_care_check.setAccessibleName(QCoreApplication.translate("NoteSection", u"Coverage: conservative care failed", None))
#endif // QT_CONFIG(accessibility)
        self.no_radiculopathy_check.setText(QCoreApplication.translate("NoteSection", u"No untreated radiculopathy", None))
#if QT_CONFIG(accessibility)
        self.no_radiculopathy_check.setAccessibleName(QCoreApplication.translate("NoteSection", u"Coverage: no untreated radiculopathy or neurogenic claudication", None))
#endif // QT_CONFIG(accessibility)
        self.no_other_cause_check.setText(QCoreApplication.translate("NoteSection", u"No other cause explains the pain", None))
#if QT_CONFIG(accessibility)
        self.no_other_cause_check.setAccessibleName(QCoreApplication.translate("NoteSection", u"Coverage: no non-facet cause explains the pain", None))
#endif // QT_CONFIG(accessibility)
        self.consent_group.setTitle(QCoreApplication.translate("NoteSection", u"Consent and time-out", None))
        self.consent_label.setText(QCoreApplication.translate("NoteSection", u"Consent", None))
#if QT_CONFIG(accessibility)
        self.consent_combo.setAccessibleName(QCoreApplication.translate("NoteSection", u"Consent form", None))
#endif // QT_CONFIG(accessibility)
        self.risks_check.setText(QCoreApplication.translate("NoteSection", u"Risks, benefits and alternatives discussed", None))
#if QT_CONFIG(accessibility)
        self.risks_check.setAccessibleName(QCoreApplication.translate("NoteSection", u"Risks discussed", None))
#endif // QT_CONFIG(accessibility)
        self.identifiers_label.setText(QCoreApplication.translate("NoteSection", u"Time-out identifiers", None))
#if QT_CONFIG(accessibility)
        self.identifiers_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Time-out patient identifiers", None))
#endif // QT_CONFIG(accessibility)
        self.identifiers_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"two identifiers, e.g. name, date of birth", None))
        self.time_out_label.setText(QCoreApplication.translate("NoteSection", u"Time-out at", None))
#if QT_CONFIG(accessibility)
        self.time_out_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Time-out time", None))
#endif // QT_CONFIG(accessibility)
        self.time_out_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"HH:MM", None))
        self.site_check.setText(QCoreApplication.translate("NoteSection", u"Site confirmed", None))
#if QT_CONFIG(accessibility)
        self.site_check.setAccessibleName(QCoreApplication.translate("NoteSection", u"Time-out: site confirmed", None))
#endif // QT_CONFIG(accessibility)
        self.technique_group.setTitle(QCoreApplication.translate("NoteSection", u"Position, skin preparation and needle", None))
        self.position_label.setText(QCoreApplication.translate("NoteSection", u"Position", None))
#if QT_CONFIG(accessibility)
        self.position_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Position", None))
#endif // QT_CONFIG(accessibility)
        self.position_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"e.g. Prone", None))
        self.skin_prep_label.setText(QCoreApplication.translate("NoteSection", u"Skin preparation", None))
#if QT_CONFIG(accessibility)
        self.skin_prep_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Skin preparation", None))
#endif // QT_CONFIG(accessibility)
        self.skin_prep_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"e.g. ChloraPrep, sterile drapes", None))
        self.gauge_label.setText(QCoreApplication.translate("NoteSection", u"Needle gauge (G)", None))
#if QT_CONFIG(accessibility)
        self.gauge_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Needle gauge", None))
#endif // QT_CONFIG(accessibility)
        self.gauge_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"G", None))
        self.length_label.setText(QCoreApplication.translate("NoteSection", u"Length (mm)", None))
#if QT_CONFIG(accessibility)
        self.length_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Needle length in millimetres", None))
#endif // QT_CONFIG(accessibility)
        self.length_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"mm", None))
        self.needle_type_label.setText(QCoreApplication.translate("NoteSection", u"Needle type", None))
#if QT_CONFIG(accessibility)
        self.needle_type_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Needle type", None))
#endif // QT_CONFIG(accessibility)
        self.needle_type_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"e.g. Quincke spinal needle", None))
        self.rfa_group.setTitle(QCoreApplication.translate("NoteSection", u"Radiofrequency: stimulation and lesion (always entered, never pre-filled)", None))
        self.sensory_label.setText(QCoreApplication.translate("NoteSection", u"Sensory threshold (V)", None))
#if QT_CONFIG(accessibility)
        self.sensory_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Sensory stimulation threshold in volts", None))
#endif // QT_CONFIG(accessibility)
        self.sensory_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"V, entered", None))
        self.motor_label.setText(QCoreApplication.translate("NoteSection", u"Motor test", None))
#if QT_CONFIG(accessibility)
        self.motor_combo.setAccessibleName(QCoreApplication.translate("NoteSection", u"Motor stimulation test", None))
#endif // QT_CONFIG(accessibility)
        self.lesion_temperature_label.setText(QCoreApplication.translate("NoteSection", u"Lesion temperature (\u00b0C)", None))
#if QT_CONFIG(accessibility)
        self.lesion_temperature_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Lesion temperature in degrees Celsius", None))
#endif // QT_CONFIG(accessibility)
        self.lesion_temperature_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"\u00b0C, entered", None))
        self.lesion_time_label.setText(QCoreApplication.translate("NoteSection", u"Time per lesion (s)", None))
#if QT_CONFIG(accessibility)
        self.lesion_time_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Time per lesion in seconds", None))
#endif // QT_CONFIG(accessibility)
        self.lesion_time_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"s, entered", None))
        self.disposition_group.setTitle(QCoreApplication.translate("NoteSection", u"Disposition", None))
        self.condition_label.setText(QCoreApplication.translate("NoteSection", u"Condition at discharge", None))
#if QT_CONFIG(accessibility)
        self.condition_combo.setAccessibleName(QCoreApplication.translate("NoteSection", u"Condition at discharge", None))
#endif // QT_CONFIG(accessibility)
        self.escorted_check.setText(QCoreApplication.translate("NoteSection", u"Leaves with a driver", None))
#if QT_CONFIG(accessibility)
        self.escorted_check.setAccessibleName(QCoreApplication.translate("NoteSection", u"Leaves with a driver", None))
#endif // QT_CONFIG(accessibility)
        self.discharged_label.setText(QCoreApplication.translate("NoteSection", u"Discharged at", None))
#if QT_CONFIG(accessibility)
        self.discharged_edit.setAccessibleName(QCoreApplication.translate("NoteSection", u"Discharge time", None))
#endif // QT_CONFIG(accessibility)
        self.discharged_edit.setPlaceholderText(QCoreApplication.translate("NoteSection", u"HH:MM", None))
    # retranslateUi

