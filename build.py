#!/usr/bin/env python3
"""Build the proceedings site: `python build.py [build|serve|check|new|archive] --help`."""
import sys

from prosiding.cli import main

if __name__ == "__main__":
    sys.exit(main())
