"""L: the rules of loading a file (readable UTF-8 text, YAML that means what it shows): their catalogue entries.

The loader (source/loader.py) checks them as it reads; the catalogue lists them first (rules/catalogue.py).
"""

from __future__ import annotations

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import E, W, Rule

RULES = [
    Rule(code="L001", name="unreadable-file", severity=E,
         summary=N_("The file cannot be read: missing, too large, or not UTF-8 text."),
         fix=N_("Check the path; save the file as UTF-8 (with or without BOM)."), fatal=True),
    Rule(code="L002", name="yaml-syntax", severity=E,
         summary=N_("The file is not valid YAML."),
         fix=N_("Fix the YAML at the position shown (indentation, quotes, colons)."), fatal=True),
    Rule(code="L003", name="root-not-mapping", severity=E,
         summary=N_("The top of the file must be a mapping of keys (format:, plan:, ...)."),
         fix=N_("Start the file with `format: ecdplan/1` and the plan's keys."), fatal=True),
    Rule(code="L004", name="duplicate-key", severity=E,
         summary=N_("A key appears twice in the same mapping; YAML would silently keep the last."),
         fix=N_("Delete or rename one of the two keys.")),
    Rule(code="L005", name="alias-not-allowed", severity=E,
         summary=N_("YAML anchors and aliases (&x, *x) are not accepted in plan files."),
         fix=N_("Write the value out in full where it is used.")),
    Rule(code="L006", name="ambiguous-thousands", severity=E,
         summary=N_("A number like `9.300` is written with a dot before three digits: in Vietnamese that is 9,300, "
                    "but YAML reads 9.3."),
         fix=N_("Write thousands without separators (9300); write a real decimal with fewer or more than three "
                "digits after the dot (9.3, 9.3000).")),
    Rule(code="L007", name="not-finite", severity=E,
         summary=N_("Not-a-number, infinite (.nan, .inf) or too large values are not amounts: every amount, count, "
                    "share and year is below 10^18 in the plan's unit, with at most 20 decimal places."),
         fix=N_("Write a real number within the bound; check the plan's unit.")),
    Rule(code="L008", name="too-deep", severity=E,
         summary=N_("The file nests deeper, or holds more values (1,500,000), than any plan needs."),
         fix=N_("Flatten the structure; plans need only a few levels and far fewer values."), fatal=True),
    Rule(code="L009", name="yaml11-number", severity=E,
         summary=N_("A value is written in a notation that YAML 1.1 reads differently from what a reader sees: a "
                    "leading zero (042 is octal 34), 0x/0b prefixes, base 60 (1:30 is 90), underscores, a + sign, an "
                    "exponent, an explicit tag (!!int), or yes/no/on/off/y/n (read as true/false)."),
         fix=N_("Write numbers in plain digits (42, 9300, 12.5); put text in quotes ('no', '042').")),
    Rule(code="L010", name="control-character", severity=E,
         summary=N_("The text holds a control character (U+0000-U+001F except tab, line feed and carriage return; "
                    "U+007F-U+009F except U+0085, a line break) or a bidirectional control (U+061C, U+200E, U+200F, "
                    "U+202A-U+202E, U+2066-U+2069), which would reorder the text wherever it is shown; it is removed "
                    "from the value. An amount with such a character, or a zero-width one, inside is not read."),
         fix=N_("Delete the character (often pasted from another program); the finding names its code point and "
                "where it is.")),
    Rule(code="L011", name="text-too-long", severity=E,
         summary=N_("A text is longer than 32,767 characters, the most a spreadsheet cell holds: an Excel appendix "
                    "would cut it. It is not read."),
         fix=N_("Shorten the text; put long explanations in a document the plan cites.")),
    Rule(code="L012", name="plans-outside-project", severity=E,
         summary=N_("A `plans` pattern of [tool.ecdplan] reaches outside the project's folder (`../`, an absolute "
                    "path, a link leading out): what it reaches is not read, nor shown."),
         fix=N_("Name plans inside the folder of the pyproject.toml or ecdplan.toml; move or copy a plan kept "
                "elsewhere into it."), fatal=True),
    Rule(code="L013", name="comma-inside-value", severity=E,
         summary=N_("Inside `{…}` a comma ends a value: `{by: Các cơ quan, đơn vị}` is read as `by: Các cơ quan` and "
                    "a new key `đơn vị`. The value is not used."),
         fix=N_("Put the whole value in quotes (`by: \"Các cơ quan, đơn vị\"`), or write the mapping in block style, "
                "one key per line, where commas need no quotes.")),
    Rule(code="L014", name="colon-without-space", severity=E,
         summary=N_("A colon with no space after it (`id:nsxa`) does not separate a key from its value: YAML reads one "
                    "word."),
         fix=N_("Write a space after the colon: `id: nsxa`.")),
    Rule(code="L015", name="hash-starts-comment", severity=W,
         summary=N_("` #` inside a plain value starts a comment: `name: Lớp #2` is read as `Lớp`."),
         fix=N_("Put the whole value in quotes (`name: \"Lớp #2\"`); a comment meant as one is written `# ghi chú`, "
                "with a space after #.")),
    Rule(code="L016", name="pasted-bullet", severity=E,
         summary=N_("A value begins with a bullet pasted from a document (•, –, a Symbol-font bullet): YAML reads "
                    "text, not a list item."),
         fix=N_("For a list, write each item on its own line after `- `; for one text, delete the bullet.")),
]
