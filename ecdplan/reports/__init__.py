"""Reports: group-bys over a compiled plan that give `render.Table`s, one module per report family.

- `budget`      money by line, group, agency, source and year, with declared figures beside computed ones;
- `rollout`     communes per line and year, one year in detail, the per-commune listing;
- `funding`     what the sources pay within their envelopes, and the gap with its causes;
- `comparison`  two versions of a plan (diff), a plan beside its scenarios (compare);
- `plan_info`   targets, who does what, the reporting calendar;
- `rollup`      several plans added up;
- `documents`   what the Excel appendix and the HTML report show, as tables and figures for their writers;
- `common`      options, labels and notes that all of them share.
Reports read a `CompiledPlan`; none works out a cost, a commune-year or a split of its own.
"""

from ecdplan.reports.budget import BudgetOptions, budget_pivot, budget_table
from ecdplan.reports.common import ReportError, ReportOptions
from ecdplan.reports.comparison import compare_table, diff_table
from ecdplan.reports.funding import funding_tables
from ecdplan.reports.plan_info import agencies_table, calendar_table, targets_table
from ecdplan.reports.rollout import communes_table, rollout_chart_rows, rollout_grid, rollout_year
from ecdplan.reports.rollup import rollup_table

__all__ = ["BudgetOptions", "ReportError", "ReportOptions", "agencies_table", "budget_pivot", "budget_table",
           "calendar_table", "communes_table", "compare_table", "diff_table", "funding_tables",
           "rollout_chart_rows", "rollout_grid", "rollout_year", "rollup_table", "targets_table"]
