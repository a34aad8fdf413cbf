"""Halterofit: a keyboard-driven terminal workout logger for strength athletes."""

__version__ = "0.1.0"
