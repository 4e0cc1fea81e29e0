"""Getting records out (issue 14): the chart note PDF, FHIR R4, HL7 v2 MDM, CSV, and the
schedule coming in. Pure functions from domain values to bytes or text: no database and no
Qt; services/exports.py reads the records, checks access and writes the audit trail."""
