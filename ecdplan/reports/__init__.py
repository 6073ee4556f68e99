"""Reports: group-bys over a compiled plan that give `render.Table`s, one module per report family.

- `budget`      money by line, group, agency, source and year, with declared figures beside computed ones;
- `rollout`     communes per line and year, one year in detail, the per-commune listing;
- `funding`     what the sources pay within their envelopes, and the gap with its causes;
- `comparison`  two versions of a plan (diff), a plan beside its scenarios (compare);
- `plan_info`   targets, who does what, the reporting calendar;
- `rollup`      several plans added up;
- `documents`   what the Excel appendix and the HTML report show, as tables and figures for their writers;
- `common`      options, labels and notes that all of them share;
- `table`       the Table and Column every report gives and every writer receives.
Reports read a `CompiledPlan`; none works out a cost, a commune-year or a split of its own.
"""

# imported when first asked for: writers import `reports.table`, and `ecdplan --help` must not load the reports
_WHERE = {
    "BudgetOptions": "budget", "budget_pivot": "budget", "budget_table": "budget",
    "ReportError": "common", "ReportOptions": "common",
    "compare_table": "comparison", "diff_table": "comparison",
    "funding_tables": "funding",
    "agencies_table": "plan_info", "calendar_table": "plan_info", "targets_table": "plan_info",
    "communes_table": "rollout", "rollout_chart_rows": "rollout", "rollout_grid": "rollout", "rollout_year": "rollout",
    "rollup_table": "rollup",
}


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"ecdplan.reports.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'ecdplan.reports' has no attribute {name!r}")


__all__ = sorted(_WHERE)
