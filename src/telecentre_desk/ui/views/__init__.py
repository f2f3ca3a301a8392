"""The main window's views, one module each; built lazily, on first display.

Nothing is imported here: each view pulls in its feature's widgets and services,
and start-up must only pay for the first view shown (see ui/main_window.py).
"""
