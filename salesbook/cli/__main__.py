"""python -m salesbook.cli"""

import sys

from . import main

sys.exit(main())
