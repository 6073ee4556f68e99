"""Formats: the pydantic models of each file format and the one registry that says which format a file is.

- `registry`   which format a file is (`format_of`, decided once from its `format:` key), each format's model
               and JSON Schema;
- `fields`     the field types and helpers every format shares (amounts, shares, ids, units, `Model`);
- `plan`       the plan format (`ecdplan/1`);
- `side_files` envelopes, scenarios and progress files (`ecdplan-envelopes/1`, `-scenario/1`, `-progress/1`);
- `scenario`   a scenario applied to a copy of a plan.
"""
