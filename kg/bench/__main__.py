"""``python -m kg.bench``: see :mod:`kg.bench`."""

import sys

from .main import main

sys.exit(main())
