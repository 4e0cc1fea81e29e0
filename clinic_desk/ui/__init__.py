"""Qt widgets: windows, dialogs, models; they call services and show domain values."""
