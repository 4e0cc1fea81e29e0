"""Issue 7 in the GUI: the front desk's checkout screen (queue, preview, print, reprint, batch,
print log), live refresh of lists from other workstations, and the "database unreachable"
banner. `install.install_checkout(window)` adds them to the main window."""
