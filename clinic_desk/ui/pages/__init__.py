"""Pages of the main window's central area (worklist, record editor, and those other
features add through MainWindow.add_page)."""
