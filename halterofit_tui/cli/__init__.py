"""The `halterofit` command line (typer)."""
