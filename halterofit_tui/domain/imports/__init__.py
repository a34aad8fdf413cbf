"""Reading other loggers' exports (Strong, Hevy, FitNotes) into plain records; pure Python."""

from halterofit_tui.domain.imports.parse import decode_export, detect_format, parse_export

__all__ = ["decode_export", "detect_format", "parse_export"]
