"""`python -m halterofit_tui` runs the `halterofit` command."""

from halterofit_tui.cli.main import run

run()
