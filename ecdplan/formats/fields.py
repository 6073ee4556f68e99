"""The field types and helpers every file format shares: amounts and shares that must be YAML numbers, ids,
years, texts, units of money (UNIT_DONG), and `Model`, the base of every model (unknown keys refused)."""

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from ecdplan.i18n.messages import N_


def refusal(template: str, **params: Any) -> Exception:
    """The error a validator of the models raises: `template` (an English msgid, marked N_) with `params`. The
    template travels in the error's context, so `validate` shows the finding in the reader's language."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("ecdplan", template, {**params, "template": template})


def number_not_text(value: Any) -> Any:
    """Money and shares must be YAML numbers: text such as '9.300' or '42,900' is refused, not guessed."""
    if isinstance(value, bool):
        raise refusal(N_("a number is needed here, not true/false"))
    if isinstance(value, float):
        # floats never come from the loader (it makes Decimal); refuse them from Python callers too
        return Decimal(repr(value))
    if isinstance(value, str):
        from ecdplan.source.scalars import thousands_reading

        meant = thousands_reading(value)
        if meant is not None:
            raise refusal(N_("'{value}' is text; write the number without separators, e.g. {meant}"), value=value,
                          meant=meant)
        raise refusal(N_("'{value}' is text, a number is needed here"), value=value)
    return value


Amount = Annotated[
    Decimal,
    BeforeValidator(number_not_text),
    Field(ge=0),
    WithJsonSchema({"type": "number", "minimum": 0}),
]
Share = Annotated[
    Decimal,
    BeforeValidator(number_not_text),
    Field(ge=0, le=100),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]
Count = Annotated[int, Field(ge=0)]
FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a plan may name (a date beyond 9999 cannot even be made)
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Text = Annotated[str, Field(min_length=1)]

UNIT_DONG: dict[str, int] = {
    "VND": 1,
    "thousand VND": 1_000,
    "million VND": 1_000_000,
    "billion VND": 1_000_000_000,
}


def new_list() -> list:
    """`default_factory` of the list fields. A Python function, not `list`: pydantic reads the factory's
    signature when it builds a model, and for a builtin that means parsing its text signature (~2 ms over
    the fields of a Plan, at every start)."""
    return []


def new_dict() -> dict:
    """`default_factory` of the mapping fields (see new_list)."""
    return {}


class Model(BaseModel):
    # defer_build: a model's validator is built when it is first used, so a command builds the models it
    # validates (Plan, and Funding for plain source ids), not all 23. No `from __future__ import annotations`
    # in this module: the annotations are objects, pydantic has no strings to evaluate. (~4% of `validate`.)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, defer_build=True,
                              populate_by_name=True)

