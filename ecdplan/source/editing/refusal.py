"""Why an edit of a plan's YAML text was refused: a code (E001 ...), the data path, why, and what to do, each an
English message marked N_ and shown in the reader's language (`EditRefused.text(lang)`)."""

from __future__ import annotations

from typing import Any

from ecdplan.i18n.marks import N_

# the codes of a refused edit; not findings of a plan (nothing is wrong with the file), so not in the rule catalogue
CODES = {
    "E001": N_("file changed since loaded"),
    "E002": N_("file cannot be read"),
    "E003": N_("more than one document"),
    "E004": N_("unknown line"),
    "E005": N_("no such place in the file"),
    "E006": N_("anchor, alias or merge key"),
    "E007": N_("value of the wrong kind"),
    "E008": N_("the edit would change something else"),
    "E009": N_("cannot be written this way"),
}


def shown_path(path: tuple[Any, ...]) -> str:
    """('interventions', 0, 'cost', 'total') -> 'interventions[0].cost.total'."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


class EditRefused(Exception):
    """An edit that was not made: nothing was written. `code` (E001 ...), `path` (the data path, may be empty),
    `why` and `fix` (English msgids with {placeholders} filled from `params`); `str(error)` is the English text,
    `text(lang)` the reader's language."""

    def __init__(self, code: str, why: str, fix: str = "", path: tuple[Any, ...] = (), **params: object) -> None:
        self.code, self.why, self.fix, self.path, self.params = code, why, fix, tuple(path), params
        super().__init__(self.text("en"))

    @property
    def title(self) -> str:
        return CODES[self.code]

    def why_text(self, lang: str = "en") -> str:
        """Why the edit was refused, in `lang`."""
        from ecdplan.i18n.messages import Phrase

        return Phrase(self.why, self.params).text(lang)

    def fix_text(self, lang: str = "en") -> str:
        """What to do, in `lang` ('' when there is nothing to say)."""
        from ecdplan.i18n.messages import Phrase

        return Phrase(self.fix, self.params).text(lang) if self.fix else ""

    def text(self, lang: str = "en") -> str:
        """'E007 interventions[0].cost.total: an amount must be ... — write ...' in `lang`."""
        fix = self.fix_text(lang)
        where = f" {shown_path(self.path)}" if self.path else ""
        return f"{self.code}{where}: {self.why_text(lang)}" + (f" — {fix}" if fix else "")
