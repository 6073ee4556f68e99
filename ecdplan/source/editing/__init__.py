"""Editing a plan's YAML text in place (the web view's forms): `apply_changes` sets values, changing only the
lines concerned, and reads the new text back; `save` writes a file that has not changed since it was loaded.

- `apply`   `Change`, `Edited`, `apply_changes` (the new text, the old lines changed, a diff);
- `text`    one change planned on the YAML nodes' positions (a span, lines removed or inserted);
- `render`  values written as the plans write them (plain numbers, text quoted only when needed, flow style);
- `values`  what may be set where (a cost a number ≥ 0 ...), and the data a change should leave;
- `forms`   `line_changes`, `heading_changes`: the changes of the two forms;
- `files`   `file_hash`, `save` (stale saves refused, atomic writes, BOM and line ends kept);
- `refusal` `EditRefused` and its codes (E001 ...).
"""

from ecdplan.source.editing.apply import Change, Edited, apply_changes
from ecdplan.source.editing.files import file_hash, save
from ecdplan.source.editing.forms import heading_changes, line_changes
from ecdplan.source.editing.refusal import CODES, EditRefused

__all__ = ["CODES", "Change", "EditRefused", "Edited", "apply_changes", "file_hash", "heading_changes",
           "line_changes", "save"]
