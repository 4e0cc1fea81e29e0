"""Physician sign-off screens: the ready queue, the read-only review with its handout preview,
the Sign and Addendum dialogs, and the lock screen with idle auto-lock and Switch user."""
