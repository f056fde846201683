"""`python -m followup_kit.cli` runs the command line."""

import sys

from followup_kit.cli.main import main

sys.exit(main())
