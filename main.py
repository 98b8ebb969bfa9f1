"""Launch Starlight Turntable: ``python main.py [FILES or FOLDERS...]``."""

import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
