"""Use-cases: what the CLI and the TUI can do. No UI imports; each call is its own unit of work."""
