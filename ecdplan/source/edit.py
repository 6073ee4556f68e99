"""Editing a plan's figures in its YAML text without touching anything else: the API the web view codes against
(the work is done in `ecdplan.source.editing`).

    from ecdplan.source.edit import apply_changes, file_hash, line_changes, save
    changes = line_changes(text, "imam", cost=9400)
    edited = save(path, changes, expected_hash=file_hash(loaded_bytes))   # EditRefused E001 if the file changed
"""

from ecdplan.source.editing import (CODES, Change, EditRefused, Edited, apply_changes, file_hash, heading_changes,
                                    line_changes, save)

__all__ = ["CODES", "Change", "EditRefused", "Edited", "apply_changes", "file_hash", "heading_changes",
           "line_changes", "save"]
