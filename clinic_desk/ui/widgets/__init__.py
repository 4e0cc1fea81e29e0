"""Custom widgets: the spine picker and the invalid-field marks."""
