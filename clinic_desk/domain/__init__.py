"""Clinical domain of Clinic Desk: pure Python, no Qt, no SQL, no reportlab."""
