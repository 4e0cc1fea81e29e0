"""Issue 13 in the window: the Calls page and call form, the Pathway view, the Reports page."""
