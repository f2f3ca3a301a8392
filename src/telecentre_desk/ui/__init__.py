"""The PySide6 desktop interface. The only package (with app.py) that imports Qt."""
