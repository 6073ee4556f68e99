"""The words of the pages, marked for the message catalogue and given to the templates in the reader's
language (`texts(lang)`: templates write `tx.plans`)."""

from __future__ import annotations

from ecdplan.i18n.labels import N_, t

TEXTS = {
    "app": N_("ecdplan: plans"),
    "plans": N_("Plans"),
    "plan": N_("Plan"),
    "period": N_("Period"),
    "total": N_("Total"),
    "execution": N_("Execution"),
    "findings": N_("Findings"),
    "errors": N_("errors"),
    "warnings": N_("warnings"),
    "reports_due": N_("Reports due"),
    "appendix": N_("Appendix"),
    "budget_lines": N_("Budget by line"),
    "budget_sources": N_("Budget by source"),
    "budget_source_year": N_("Budget by source and year"),
    "rollout": N_("Rollout"),
    "targets": N_("Targets"),
    "agencies": N_("Responsibilities"),
    "calendar": N_("Reporting calendar"),
    "due": N_("Reports due soon without a progress file"),
    "progress": N_("Progress"),
    "no_progress": N_("No progress file in the project reports on this plan."),
    "downloads": N_("Downloads"),
    "xlsx": N_("Excel appendix (.xlsx)"),
    "html": N_("HTML report"),
    "ics": N_("Reporting calendar (.ics)"),
    "progress_report": N_("Progress report {period}"),
    "no_findings": N_("No findings."),
    "fix": N_("Fix"),
    "at": N_("at"),
    "edit": N_("Edit"),
    "edit_line": N_("Edit line"),
    "edit_heading": N_("Edit the heading"),
    "save": N_("Save"),
    "cancel": N_("Back to the plan"),
    "cost": N_("Cost"),
    "communes": N_("Communes by year"),
    "sources": N_("Sources and shares (%)"),
    "share_hint": N_("Tick each source the line may use; leave the share empty for an equal split."),
    "lead": N_("Lead agency"),
    "title": N_("Title"),
    "number": N_("Number"),
    "date": N_("Date of issue"),
    "issuer": N_("Issuer"),
    "saved": N_("Saved. The file's changed lines:"),
    "diff": N_("Changes to the file"),
    "new_findings": N_("Findings after the change"),
    "new_finding": N_("new since the change"),
    "stale": N_("The file changed on disk since this page was loaded; nothing was saved. Load the page again "
                "and redo the change."),
    "no_change": N_("Nothing to change: the values are those of the file."),
    "no_editing": N_("Editing needs ecdplan's YAML editing library (ecdplan.source.edit), which this installation "
                     "does not have."),
    "upload": N_("Import a file"),
    "upload_hint": N_("An Excel appendix (.xlsx) or a Word plan (.docx): it is read into a new plan file of this "
                      "project after you have seen what was read."),
    "read": N_("Read"),
    "judgements": N_("Read by judgement, to confirm:"),
    "confirm": N_("Write the new plan file"),
    "language": N_("Language"),
    "partial": N_("Some values could not be read; the figures leave them out (see the findings)."),
    "error": N_("Error"),
    "back": N_("Back to the plans"),
    "file": N_("File"),
    "not_found": N_("Not found."),
    "internal": N_("Something went wrong inside ecdplan; the page could not be made. Please report it with the "
                   "plan file."),
    "too_large": N_("The file is too large to upload (at most {mb} MB)."),
    "forbidden_host": N_("This server answers only requests addressed to it ({hosts})."),
    "forbidden_origin": N_("A change must be sent from a page of this server, with its token; nothing was "
                           "written."),
    "password": N_("This server asks for its password."),
}


def texts(lang: str) -> dict[str, str]:
    return {k: t(v, lang) for k, v in TEXTS.items()}


def text(key: str, lang: str) -> str:
    """One page text in `lang`. (Not `t(TEXTS[key], …)` at the call: Babel before 2.12 extracts the key inside the
    brackets as a message of its own.)"""
    return t(TEXTS[key], lang)
