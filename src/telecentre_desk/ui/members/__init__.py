"""The member directory and the organisations: search, forms, import and export."""
