"""Vocabularies, each defined once: the library uses them, and the command line derives its choices from them."""

from __future__ import annotations

# display units: đồng per unit
UNITS: dict[str, int] = {"vnd": 1, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# the fewest places a unit shows by default, at most this many (more only with --decimals)
MAX_AUTO_DECIMALS: dict[str, int] = {"vnd": 0, "thousand": 0, "million": 1, "billion": 3}
# the dimensions of the money facts that reports group by
DIMENSIONS: tuple[str, ...] = ("intervention", "group", "agency", "source", "year")
# how `funding` lets the sources pay
METHODS: tuple[str, ...] = ("shares", "equal", "priority", "optimal")
# output formats of tables and of findings
REPORT_FORMATS: tuple[str, ...] = ("table", "csv", "json", "markdown")
FINDINGS_FORMATS: tuple[str, ...] = ("text", "json", "github", "sarif", "junit")
LANGS: tuple[str, ...] = ("en", "vi")
# currencies a plan or a source may declare with a rate (`currency.code`), and those `budget --currency` shows:
# VND (in --unit), or a declared currency at its declared rate
FOREIGN_CURRENCIES: tuple[str, ...] = ("USD", "EUR")
CURRENCIES: tuple[str, ...] = ("VND", *FOREIGN_CURRENCIES)
# rows of `rollup`
ROLLUP_BY: tuple[str, ...] = ("source", "kind", "plan")
# side-file formats `ecdplan schema` knows
SCHEMA_KINDS: tuple[str, ...] = ("plan", "envelopes", "scenario", "progress")
# what `progress --report PERIOD --export` writes
PROGRESS_EXPORTS: tuple[str, ...] = ("xlsx", "html")
# what the source columns of the Excel appendix hold
APPENDIX_SOURCES: tuple[str, ...] = ("amounts", "ticks")
