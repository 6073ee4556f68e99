"""Load a plan file: the entry points of the source stage, bytes -> text -> YAML nodes -> plain Python data with
a position for every value.

Only what a plan needs is accepted: safe YAML, no anchors/aliases, no duplicate keys, no `.nan`/`.inf`,
and no number that a reader and YAML would read differently (`9.300`, `042`, `0x10`, `1:30`, `yes`).
A number is read only from plain decimal notation (`9300`, `12.5`); decimals become `Decimal` (never
float) so money stays exact. All text is NFC-normalised, its spaces normalised and control characters
removed (and reported). Problems become findings; the loader never raises for bad input.

The stages, each in its own module: `reading` (bytes within limits, UTF-8 text), `tree` (the YAML tree with
positions), `scalars` (the scalar and number-notation policy), `loaded` (the LoadedFile they fill in).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecdplan.i18n.messages import N_, Word

from ecdplan.rules.findings import Finding
from ecdplan.source.loaded import LoadedFile, said
from ecdplan.source.pitfalls import syntax_hint
from ecdplan.source.reading import UnreadableFile, control_findings, decode, read_limited, yaml_lines
from ecdplan.source.scalars import _short
from ecdplan.source.tree import MAX_DEPTH, MAX_VALUES, TooDeep, TreeBuilder, most_values, scan_events


def _syntax_finding(exc: Any, text: str, file: str) -> Finding:
    """A YAML syntax error, in words that name the usual causes (a tab, a missing colon)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    if "depth" in problem:
        return said("L008", N_("YAML syntax: {problem}"), {"problem": _yaml_problem(problem)}, file, line, col)
    lines = yaml_lines(text)
    if "tab" in problem or "cannot start any token" in problem:
        for number in (line, line - 1, line + 1):
            if 1 <= number <= len(lines):
                content = lines[number - 1]
                indent = content[: len(content) - len(content.lstrip(" \t"))]
                if "\t" in indent:
                    tab = indent.index("\t") + 1
                    return said("L002", N_("a tab is used for indentation at {line}:{col}; YAML needs spaces"),
                                {"line": number, "col": tab}, file, number, tab)
    for number in (line, exc.context_mark.line + 1 if exc.context_mark else line):
        written = lines[number - 1] if 1 <= number <= len(lines) else ""
        hint = syntax_hint(written)  # a pasted bullet, a colon without a space: named for what they are
        if hint:
            col = len(written) - len(written.lstrip()) + 1
            return said("L002", hint[0], hint[1], file, number, col)
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        key_line = exc.context_mark.line + 1
        key_col = exc.context_mark.column + 1
        written = lines[key_line - 1].strip() if key_line <= len(lines) else ""
        return said("L002", N_("missing ':' after a key: `{written}` needs a colon and a space after the key "
                               "(`key: value`)"), {"written": _short(written)}, file, key_line, key_col)
    return said("L002", N_("YAML syntax: {problem}"), {"problem": _yaml_problem(problem)}, file, line, col)


# the YAML parser's (libyaml's) usual complaints, word for word, so that they can be shown translated
_YAML_PROBLEMS = frozenset({
    N_("mapping values are not allowed in this context"), N_("mapping values are not allowed here"),
    N_("while parsing a flow node did not find expected node content"),
    N_("while parsing a block node did not find expected node content"),
    N_("while parsing a flow mapping did not find expected ',' or '}'"),
    N_("while parsing a flow sequence did not find expected ',' or ']'"),
    N_("while parsing a block mapping did not find expected key"),
    N_("while parsing a block collection did not find expected '-' indicator"),
    N_("while scanning a quoted scalar found unexpected end of stream"),
    N_("while scanning for the next token found character that cannot start any token"),
    N_("while scanning an alias did not find expected alphabetic or numeric character"),
    N_("while scanning an anchor did not find expected alphabetic or numeric character"),
    N_("expected a single document in the stream but found another document"),
    N_("did not find expected <document start>"), N_("found undefined alias")})


def _yaml_problem(problem: str) -> str:
    """The parser's complaint, as a Word (shown translated) when it is one of the usual ones."""
    return Word(problem) if problem in _YAML_PROBLEMS else problem


_LOADERS: dict[type, type] = {}
REMEMBERED = 1 << 16  # distinct plain values whose tag is remembered: a plan's names and years, in bounded memory


def remembering_loader(base: type) -> type:
    """`base` (PyYAML's safe loader) that resolves each distinct plain value once: a plan repeats its names, years
    and figures thousands of times, and PyYAML's resolver (Python, regular expressions) reads every occurrence.
    Without path resolvers (a safe loader has none) the tag of a plain value depends on the value alone; quoted
    values and collections are resolved as before. Measured: compose of a 2.4 MB national plan 0.21 -> 0.18 s
    (bench/out/national-unknown.yaml)."""
    loader = _LOADERS.get(base)
    if loader is None:
        from yaml.nodes import ScalarNode

        class Remembering(base):  # type: ignore[misc, valid-type]
            def __init__(self, stream: Any) -> None:
                super().__init__(stream)
                self.resolved: dict[str, str] = {}

            def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
                if kind is not ScalarNode or not implicit[0] or self.yaml_path_resolvers:
                    return super().resolve(kind, value, implicit)
                tag = self.resolved.get(value)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    if len(self.resolved) < REMEMBERED:
                        self.resolved[value] = tag
                return tag

        loader = _LOADERS[base] = Remembering
    return loader


def load_text(text: str, file: str = "<string>") -> LoadedFile:
    """Parse YAML text into a LoadedFile."""
    import yaml  # deferred: keeps `ecdplan --help` and `ecdplan rules` fast

    result = LoadedFile(file)
    text, controls = control_findings(text, file)
    result.findings += controls
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    tags: set[tuple[int, int]] = set()
    if "*" in text or "!" in text or most_values(text) > MAX_VALUES:
        # an alias or a tag (compose() loses where aliases were written and which tags were explicit), or a
        # file that may hold more values than compose() should build: look at the events first
        try:
            aliases, tags, more, values = scan_events(yaml, text, loader_cls, file)
        except (yaml.YAMLError, RecursionError, ValueError):
            aliases, more, values = [], 0, 0  # compose() below reports the syntax error
        result.findings += aliases
        if more:
            result.findings.append(said("L005", N_("{more:,} more aliases not listed; the file was not read further"),
                                        {"more": more}, file, aliases[-1].line, aliases[-1].col, not_listed=more))
            return result
        if values > MAX_VALUES:
            result.findings.append(said("L008", N_("the file holds more than {limit:,} values; a plan file needs far "
                                           "fewer"), {"limit": MAX_VALUES}, file, 1, 1, limit=MAX_VALUES))
            return result
    try:
        root = yaml.compose(text, Loader=remembering_loader(loader_cls))
    except yaml.MarkedYAMLError as exc:
        result.findings.append(_syntax_finding(exc, text, file))
        return result
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        result.findings.append(said("L002", N_("YAML syntax: {problem}"), {"problem": _yaml_problem(str(exc))}, file,
                                    1, 1))
        return result
    if root is None:
        result.findings.append(said("L003", N_("the file is empty"), {}, file, 1, 1))
        return result
    if not isinstance(root, yaml.MappingNode):
        kind = Word(N_("a list")) if isinstance(root, yaml.SequenceNode) else Word(N_("a single value"))
        line, col = root.start_mark.line + 1, root.start_mark.column + 1
        result.findings.append(said("L003", N_("the file holds {kind}, not a mapping of keys"), {"kind": kind}, file,
                                    line, col))
        return result
    builder = TreeBuilder(file, result, text, tags)
    try:
        result.data = builder.build(root, (), 0)
    except TooDeep as exc:
        result.data = None
        result.findings.append(said("L008", N_("the data nests deeper than {limit} levels"), {"limit": MAX_DEPTH},
                                    file, *exc.pos))
    builder.finish()
    if text.startswith("# ecdplan import from "):  # a plan imported from a spreadsheet: each value's cell
        from ecdplan.source.office.emit import cells_of

        result.cells = cells_of(text)
    return result


def load_file(path: str | Path) -> LoadedFile:
    """Read and parse a plan (or side) file from disk."""
    file = str(path)
    try:
        raw = read_limited(path)
    except UnreadableFile as exc:
        where = (1, 1) if "limit" in exc.params else (0, 0)  # too large: the file's start (no line of a missing file)
        return LoadedFile(file, findings=[said("L001", exc.template, exc.params, file, *where, **exc.params)])
    from ecdplan.source.office import sniff

    kind = sniff(raw, file)
    if kind is not None:  # an Excel workbook or CSV table (imported in memory), or a file ecdplan cannot read
        from ecdplan.source.office import load_office

        return load_office(raw, file, kind)
    text, problem = decode(raw, file)
    if problem:
        return LoadedFile(file, findings=[problem])
    return load_text(text, file)
