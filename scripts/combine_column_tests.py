"""Rewrite a models yml so that the one-line column tests `not_null` and `within_range` of each
model (and of each model version with columns of its own) become one `columns_valid` test
(macros/column_tests.sql): one dbt node per model instead of one per column and rule.

Idempotent: a file without such column tests is left as it is, so after a merge that brings back
per-column tests, run it again:

    .venv/bin/python scripts/combine_column_tests.py models/marts/_*.yml

Only block-style yml as written in this project (column tests at the column's indentation,
`within_range` with `arguments: min_value / max_value`); anything else is left alone.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

NAME = re.compile(r"^(?P<indent> *)- name: (?P<name>\S+)\s*$")
VERSION = re.compile(r"^(?P<indent> *)- v: (?P<v>\S+)\s*$")


@dataclass
class Scope:
    """A model's top level or one of its versions: where its `data_tests:` list goes."""

    indent: int  # indentation of the scope's keys (e.g. 2 for a model, 4 for a version)
    start: int  # line of `- name:` / `- v:`
    not_null: list[str] = field(default_factory=list)
    ranges: list[tuple[str, str, str]] = field(default_factory=list)
    removed: set[int] = field(default_factory=set)


def _key_indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scopes(lines: list[str]) -> list[Scope]:
    scopes: list[Scope] = []
    for i, line in enumerate(lines):
        m = NAME.match(line) or VERSION.match(line)
        if m and (m.re is VERSION or m.group("indent") == ""):
            scopes.append(Scope(indent=len(m.group("indent")) + 2, start=i))
    return scopes


def _column_tests(lines: list[str], scope: Scope, end: int) -> None:
    """Collect and mark for removal the scope's column-level not_null / within_range lines."""
    column = None
    i = scope.start + 1
    while i < end:
        line = lines[i]
        m = NAME.match(line)
        if m and len(m.group("indent")) == scope.indent:  # a column of this scope
            column = m.group("name")
        elif line.strip().startswith(("data_tests: &", "data_tests: *")):  # yml anchors: left alone
            column = None
        elif column and line.strip() == "- not_null" and _key_indent(line) == scope.indent + 2:
            scope.not_null.append(column)
            scope.removed.add(i)
        elif column and line.strip() == "- within_range:" and _key_indent(line) == scope.indent + 2:
            block = [s.strip() for s in lines[i + 1 : i + 4]]
            if block[0] == "arguments:" and block[1].startswith("min_value:") and block[2].startswith("max_value:"):
                low, high = block[1].split(":", 1)[1].strip(), block[2].split(":", 1)[1].strip()
                scope.ranges.append((column, low, high))
                scope.removed.update(range(i, i + 4))
                i += 3
        i += 1


def _test_lines(scope: Scope) -> list[str]:
    pad = " " * scope.indent
    out = [f"{pad}- columns_valid:", f"{pad}    arguments:"]
    if scope.not_null:
        out.append(f"{pad}      not_null: [{', '.join(scope.not_null)}]")
    if scope.ranges:
        out.append(f"{pad}      ranges:")
        out.extend(f"{pad}        {c}: [{low}, {high}]" for c, low, high in scope.ranges)
    return out


def rewrite(text: str) -> str:
    lines = text.splitlines()
    scopes = _scopes(lines)
    ends = [s.start for s in scopes[1:]] + [len(lines)]
    for scope, end in zip(scopes, ends, strict=True):
        # a model's own lines end at its first version (versions are scopes of their own)
        _column_tests(lines, scope, end)
    removed = set().union(*(s.removed for s in scopes)) if scopes else set()
    # a column `data_tests:` left with no item goes too
    for i, line in enumerate(lines):
        if line.strip() == "data_tests:" and i not in removed:
            j = i + 1
            while j in removed:
                j += 1
            following = lines[j] if j < len(lines) else ""
            if j > i + 1 and not (following.strip().startswith("- ") and _key_indent(following) == _key_indent(line)):
                removed.add(i)
    inserts: dict[int, list[str]] = {}
    for scope, end in zip(scopes, ends, strict=True):
        if not (scope.not_null or scope.ranges):
            continue
        pad = " " * scope.indent
        own = [i for i in range(scope.start + 1, end) if lines[i] == f"{pad}data_tests:"]
        if own:  # append to the scope's list: before the next key of the scope
            j = own[0] + 1
            while j < end and (lines[j].startswith(pad + "- ") or _key_indent(lines[j]) > scope.indent):
                j += 1
            inserts.setdefault(j, []).extend(_test_lines(scope))
        else:  # a new list before the scope's columns
            at = next(i for i in range(scope.start + 1, end) if lines[i] == f"{pad}columns:")
            inserts.setdefault(at, []).extend([f"{pad}data_tests:", *_test_lines(scope)])
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        if i not in removed:
            out.append(line)
    out.extend(inserts.get(len(lines), []))
    return "\n".join(out) + "\n"


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
