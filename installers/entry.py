"""Entry point of the frozen application (PyInstaller needs a script, not a module)."""

from telecentre_desk.cli import main

raise SystemExit(main())
