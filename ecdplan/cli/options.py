"""The options commands share, each defined once; their choices derive from the library's vocabularies."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ecdplan.cli.language import resolve_lang_option
from ecdplan.i18n.numbers import Lang
from ecdplan.i18n.messages import N_
from ecdplan.writers.render import ReportFormat
from ecdplan.vocab import APPENDIX_SOURCES, CURRENCIES, METHODS, PROGRESS_EXPORTS, ROLLUP_BY, SCHEMA_KINDS, UNITS

# choices derived from the library's vocabularies
Unit = Enum("Unit", {u: u for u in UNITS}, type=str)
Method = Enum("Method", {m: m for m in METHODS}, type=str)
SchemaKind = Enum("SchemaKind", {k: k for k in SCHEMA_KINDS}, type=str)
RollupBy = Enum("RollupBy", {k: k for k in ROLLUP_BY}, type=str)
SourcesAs = Enum("SourcesAs", {k: k for k in APPENDIX_SOURCES}, type=str)
CurrencyChoice = Enum("CurrencyChoice", {c: c for c in CURRENCIES}, type=str)
ExportKind = Enum("ExportKind", {k: k for k in PROGRESS_EXPORTS}, type=str)

FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help=N_("Output format."))]
LangOpt = Annotated[Optional[Lang], typer.Option(
    "--lang", callback=resolve_lang_option, show_default=False,
    help=N_("Labels and numbers: en (42,900) or vi (42.900); default: [tool.ecdplan] lang, else the locale "
         "(LANG=vi_VN… → vi), else en."))]
PlanArg = Annotated[Optional[Path], typer.Argument(help=N_("Plan file; default: the project's plan "
                                                        "([tool.ecdplan] default)."), show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Replace the output file even if it is a plan file."))]
PartialOpt = Annotated[bool, typer.Option("--partial", help=N_("Show figures even when some values could not be "
                                                            "read; the output lists what is left out."))]
UnitOpt = Annotated[Unit, typer.Option("--unit", help=N_("Unit amounts are shown in."))]
DecimalsOpt = Annotated[Optional[int], typer.Option(
    "--decimals", min=0, max=6, help=N_("Decimal places; default: the fewest that show the figures exactly "
                                     "(at most 1 for million, 3 for billion)."), show_default=False)]
YearOpt = Annotated[Optional[int], typer.Option("--year", help=N_("Only this year."), show_default=False)]
PlansArg = Annotated[Optional[list[Path]], typer.Argument(
    help=N_("Plan files; default: the project's plan."), show_default=False)]
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help=N_("File to write (atomically; never over a plan)."))]


def options(unit, decimals: int | None, lang: Lang, partial: bool = False, currency=None, plan=None):
    """The run's options, made here only: the display unit is --unit, or --currency at the rate `plan` declares."""
    from ecdplan.cli.output import fail
    from ecdplan.core.display import Unit as DisplayUnit
    from ecdplan.i18n.messages import Phrase
    from ecdplan.reports import ReportOptions

    shown = DisplayUnit.named(unit.value)
    if currency is not None and currency.value != "VND":
        from ecdplan.core.currency import declared_rate

        declared = declared_rate(plan, currency.value)
        if declared is None or not declared.rate > 0:
            raise fail(Phrase(N_("--currency {currency}: the plan declares no (single, usable) {currency} exchange "
                                 "rate"), currency=currency.value))
        shown = DisplayUnit.currency(declared.code, declared.rate)
    return ReportOptions(shown, decimals, lang.value, partial=partial)
