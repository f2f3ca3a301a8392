"""The Invoices view's parts: the document list, the draft editor, the preview and the
dialogs of the month end (payments, credit notes, reminders, the desk closing)."""
