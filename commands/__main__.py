"""`python -m commands` is `pathway`."""

import sys

from commands import main

if __name__ == "__main__":
    sys.exit(main())
