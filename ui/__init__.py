"""The desktop window (PySide6) over the salesbook core. Entry point: ui.app.run()."""
