"""Scenarios: a file that overrides parts of a plan (coverage, unit costs, envelopes), applied to a copy."""

from __future__ import annotations

from ecdplan.formats.plan import Plan
from ecdplan.formats.side_files import Scenario


def apply_scenario(plan: Plan, scenario: Scenario) -> Plan:
    """A new plan with the scenario's overrides; the given plan is not changed."""
    # overrides of lines the plan does not have change nothing; the side-file checks report them (I005)
    interventions = []
    for iv in plan.interventions:
        override = scenario.interventions.get(iv.id)
        if override is None:
            interventions.append(iv)
            continue
        changes = {key: getattr(override, key) for key in override.model_fields_set}
        interventions.append(iv.model_copy(update=changes))
    envelopes = dict(plan.envelopes)
    envelopes.update(scenario.envelopes or {})
    changed = plan.model_copy(update={"interventions": interventions, "envelopes": envelopes})
    # validate again: an override must still make a well-formed plan
    return Plan.model_validate(changed.model_dump(mode="python", exclude_unset=False))
