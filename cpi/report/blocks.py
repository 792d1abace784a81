"""What a report is made of: headings, generated paragraphs, tables and figures (no layout)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 chapter, 2 section


@dataclass(frozen=True)
class Para:
    """A paragraph; ``generated`` sentences are written from the release's numbers by rules."""

    text: str
    generated: bool = True


@dataclass(frozen=True)
class Table:
    number: int | None
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    align: str = ""  # one letter per column: l(eft) / r(ight); default: first left, rest right
    key: str = ""  # its place in the contents (presentation.report_refs): the HTML anchor


@dataclass(frozen=True)
class Figure:
    number: int | None
    title: str
    spec: dict
    note: str = ""
    key: str = ""  # its place in the contents (presentation.report_refs): the HTML anchor


@dataclass
class Document:
    lang: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]  # the title page's label / value lines
    warning: str  # the synthetic-data warning ("" when the data are real)
    blocks: list[Heading | Para | Table | Figure] = field(default_factory=list)
    contents_title: str = "Contents"
