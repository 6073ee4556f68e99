"""Labels for people, in one place: the English text is the message id, and the gettext catalogue of a
language gives its translation (`--lang vi`).

The catalogues are managed with Babel (README, "Translations"): `ecdplan/locale/ecdplan.pot` is extracted
from the `t("…", lang)` and `N_("…")` calls of the code, `ecdplan/locale/vi/LC_MESSAGES/ecdplan.po` holds
the Vietnamese, and its compiled `ecdplan.mo` ships in the package (no Babel needed to read it). A catalogue
is loaded once, the first time a text of that language is asked for.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from ecdplan.i18n.marks import N_  # noqa: F401 (marks texts here; imported from here by reports)

DOMAIN = "ecdplan"
LOCALE_DIR = Path(__file__).with_name("locale")
SOURCE_LANG = "en"  # the language of the message ids: nothing to look up

# (lang, text) asked for in another language and missing from its catalogue: tests require none
MISSES: set[tuple[str, str]] = set()


class _Missing(gettext.NullTranslations):
    """The last fallback of a catalogue: a text it lacks is shown in English, and recorded."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        MISSES.add((self.lang, message))
        return message

    def pgettext(self, context: str, message: str) -> str:
        MISSES.add((self.lang, f"{context}|{message}"))
        return message


@lru_cache(maxsize=None)
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (ecdplan/locale/LANG/LC_MESSAGES/ecdplan.mo), loaded once."""
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    found.add_fallback(_Missing(lang))
    return found


def t(text: str, lang: str, context: str | None = None) -> str:
    """`text` (an English message id) in `lang`; with `context` (a msgctxt, written as a literal for extraction),
    where the same English is said otherwise in another language: `t("Unit", "vi", "form")` is the official
    report forms' 'Đơn vị tính' (Biểu 01), not 'Đơn vị'."""
    if lang == SOURCE_LANG or not text:  # gettext("") would give the catalogue's header
        return text
    if context is not None:
        return catalogue(lang).pgettext(context, text)
    return catalogue(lang).gettext(text)


UNIT_NAMES = {"vnd": N_("VND"), "thousand": N_("thousand VND"), "million": N_("million VND"),
              "billion": N_("billion VND")}


class _UnitLabels:
    """UNIT_LABEL[lang][unit]: the unit as people of that language write it (million VND, triệu đồng)."""

    def __getitem__(self, lang: str) -> dict[str, str]:
        return {unit: t(name, lang) for unit, name in UNIT_NAMES.items()}


UNIT_LABEL = _UnitLabels()

# Words of the plan format that people read: levels, year rules, split rules, reporting frequencies.
LEVELS = {"national": N_("national"), "province": N_("province"), "city": N_("city"), "district": N_("district"),
          "commune": N_("commune")}
YEAR_RULE_NAMES = {"by-year": N_("by year"), "unit-cost": N_("unit cost"), "commune-years": N_("commune-years"),
                   "even": N_("even")}
SPLIT_RULE_NAMES = {"equal": N_("equal split (assumed)"), "shares": N_("shares"), "amounts": N_("amounts"),
                    "none": N_("none")}
METHOD_NAMES = {"shares": N_("shares"), "equal": N_("equal"), "priority": N_("priority"), "optimal": N_("optimal")}
KIND_NAMES = {"ntp": N_("national target program"), "local-budget": N_("local budget"),
              "socialised": N_("socialised funds"), "donor": N_("donor"), "other": N_("other legal sources")}
RECURS = {"yearly": N_("yearly"), "half-year": N_("half-year"), "year": N_("year"), "quarter": N_("quarter"),
          "month": N_("month")}


def word(vocabulary: dict[str, str], key: str, lang: str) -> str:
    """A word of the plan format (`province`, `commune-years`) as people of `lang` read it."""
    return t(vocabulary[key], lang) if key in vocabulary else key


# texts translated through a variable elsewhere, marked here for extraction: display.MOVED_NOTE, the year
# rules of facts.YEAR_RULES, funding.UNFUNDED, the severities of findings.Severity
_ELSEWHERE = (N_("Some figures are rounded down or up rather than to the nearest, so that every total adds up "
                 "as shown."), N_("Shares are each rounded to the nearest tenth of a per cent, so that equal amounts "
                                  "show equal shares; shown, they add up to {total}, not 100."), N_("(unfunded)"), N_("error"), N_("warning"), N_("explicit per-year amounts"), N_("unit cost × communes per year"),
              N_("declared total spread in proportion to commune-years"),
              N_("declared total spread evenly over the line's years (its `years`, else the plan period)"))
