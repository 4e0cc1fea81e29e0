"""Administrator screens: the audit trail viewer and user management (with the security
settings: password length, lockout, idle lock)."""
