"""``python -m ui`` and the installed app's entry point: the salesbook command
(no arguments opens the window)."""

import sys

from salesbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
