"""The `followup-kit` command line (see `followup_kit.cli.main`)."""

from followup_kit.cli.main import main

__all__ = ["main"]
