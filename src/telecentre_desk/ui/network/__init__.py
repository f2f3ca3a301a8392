"""The Network view's widgets: period picker, preview of the export, dialogs."""
