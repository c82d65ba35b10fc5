"""`--format text`: the report for people at a terminal, rendered with rich.

Each shown sentence gets a badge that reads without colour ("✗ CONTRADICTED"),
its location, the sentence with the conflicting words highlighted, each
conflict as "draft says 13 · source says 17", the claim, and the source
passage with the source's values highlighted, cited by title, publisher and
date. Contradicted and supported sentences are shown; unverified ones with
`show_unverified` (or when they fail the run); `quiet` keeps only the
summary line that ends the output.

User text is never read as rich markup (only `Text` objects, `markup=False`)
and terminal controls in it are made visible (`safe_text`), so a draft can
neither style nor drive the terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from abduction_facts.formats.common import SUMMARY_ORDER, safe_text
from abduction_facts.models import Result, Verdict

if TYPE_CHECKING:
    from abduction_facts.formats import FormatOptions
    from abduction_facts.models import Claim
    from abduction_facts.report import CheckReport

DEFAULT_WIDTH: Final = 100

_BADGES: Final = {
    Verdict.CONTRADICTED: ("✗ CONTRADICTED", "bold white on red", "red"),
    Verdict.SUPPORTED: ("✓ SUPPORTED", "bold black on green", "green"),
    Verdict.UNVERIFIED: ("? UNVERIFIED", "bold black on yellow", "yellow"),
}
_LABEL: Final = "dim"
_META: Final = "dim"
_FOUND: Final = "bold red underline"
_EXPECTED: Final = "bold green"
_SHARED: Final = "green"
_LOCATION: Final = "bold cyan"

_TRAILING_SPACES: Final = re.compile(r" +$", re.MULTILINE)
_COMMAND_AT_LINE_START: Final = re.compile(r"^((?:[^\S\n]|\x1b\[[0-9;]*m)*)::", re.MULTILINE)
_WORD: Final = re.compile(r"\w[\w'\u2019-]*")


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `text` (case-insensitive, any whitespace between words).

    Whole-word matches are preferred; when there are none, any match counts.
    """
    words = needle.split()
    if not words:
        return []
    body = r"\s+".join(re.escape(word) for word in words)
    for pattern in (rf"(?<!\w){body}(?!\w)", body):
        spans = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        if spans:
            return spans
    return []


def _highlight(text: Text, needles: Iterable[str], style: str) -> Text:
    plain = text.plain
    spans = sorted(span for needle in needles for span in find_spans(plain, safe_text(needle)))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # why: "North" and "Korea" read better as one highlighted run than as two.
        if merged and not plain[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in merged:
        text.stylize(style, start, end)
    return text


def _shared_terms(sentence: str, passage: str) -> list[str]:
    """Numbers and capitalised words of the passage that the sentence also uses."""
    in_sentence = {word.casefold() for word in _WORD.findall(sentence)}
    return [
        word
        for word in dict.fromkeys(_WORD.findall(passage))
        if (word[0].isupper() or any(c.isdigit() for c in word)) and word.casefold() in in_sentence
    ]


_INDENT = 2  # evidence under the badge
_LABEL_WIDTH = 8  # "sentence", "conflict"
_GAP = 2


class TextFormatter:
    """Renders a report as rich text, returned as a string (ANSI codes only with colour)."""

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, report: CheckReport) -> str:
        """Every shown result, skipped inputs, warnings, then the summary line."""
        console = self._console()
        hidden = report.uncounted_unverified
        if not self.options.quiet:
            for result in report.results:
                if not self.options.shows(result.verdict):
                    hidden += 1
                    continue
                console.print(self._render_fast(console, result))
                console.print()
            for skipped in report.skipped:
                console.print(
                    Text.assemble(
                        ("skipped ", "yellow"),
                        (safe_text(skipped.path), _LOCATION),
                        f": {safe_text(skipped.reason)}",
                    )
                )
            for warning in report.warnings:
                console.print(Text.assemble(("warning: ", "yellow"), safe_text(warning)))
            if hidden:
                noun = "sentence" if hidden == 1 else "sentences"
                console.print(
                    Text(
                        f"{hidden} unverified {noun} not shown (--show-unverified lists them)",
                        _META,
                    )
                )
        console.print(self.render_summary(report))
        file = console.file
        assert isinstance(file, io.StringIO)
        output = file.getvalue()
        # why: rich pads table cells with spaces; lines should not end in them.
        output = _TRAILING_SPACES.sub("", output)
        # why: GitHub Actions reads any log line whose text (after leading spaces) starts
        # with "::" as a workflow command; wrapping draft text could start one, so such a
        # line gets an invisible zero-width space (not whitespace to the runner) first.
        return _COMMAND_AT_LINE_START.sub("\\1\u200b::", output)

    def _console(self) -> Console:
        color = self.options.color
        return Console(
            file=io.StringIO(),
            force_terminal=color,
            force_jupyter=False,
            force_interactive=False,
            no_color=not color,
            color_system="standard" if color else None,
            width=self.options.width or DEFAULT_WIDTH,
            markup=False,
            highlight=False,
            emoji=False,
            soft_wrap=False,
            legacy_windows=False,
            # why: the CLI reads NO_COLOR, COLUMNS and friends; the formatter must not.
            _environ={},
        )

    def render_result(self, result: Result) -> RenderableType:
        """One sentence: badge and location, then its evidence indented below."""
        return Group(self._header(result), Padding(self._evidence(result), (0, 0, 0, 2)))

    def _render_fast(self, console: Console, result: Result) -> Text:
        """The same layout as `render_result`, wrapped by hand.

        why: laying out a rich Table per sentence costs milliseconds; an archive
        sweep shows thousands of sentences.  Labels sit in a column of
        `_LABEL_WIDTH`, values wrap (folding long words) beside them.
        """
        out = self._header(result)
        width = max(console.width - _INDENT - _LABEL_WIDTH - _GAP, 10)
        for label, value in self._rows(result):
            lines = value.wrap(console, width, overflow="fold")
            for index, line in enumerate(lines):
                out.append("\n" + " " * _INDENT)
                out.append((label if index == 0 else "").ljust(_LABEL_WIDTH), style=_LABEL)
                out.append(" " * _GAP)
                out.append_text(line)
        return out

    def _header(self, result: Result) -> Text:
        word, badge_style, _ = _BADGES[result.verdict]
        badge = f" {word} " if self.options.color else word
        header = Text.assemble((badge, badge_style), "  ", (self._location(result), _LOCATION))
        if result.judgement.claim is not None:
            header.append(f"  match {result.judgement.score:.1f}", style=_META)
        return header

    @staticmethod
    def _location(result: Result) -> str:
        if result.path is None:
            return "statement"
        return f"{safe_text(result.path)}:{result.span.line}:{result.span.column}"

    def _evidence(self, result: Result) -> Table:
        grid = Table.grid(padding=(0, _GAP))
        grid.add_column(style=_LABEL, no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in self._rows(result):
            grid.add_row(label, value)
        return grid

    def _rows(self, result: Result) -> list[tuple[str, Text]]:
        """The labelled evidence lines of one result."""
        judgement = result.judgement
        rows: list[tuple[str, Text]] = []
        sentence = _highlight(
            Text(safe_text(result.text)), (c.found for c in judgement.conflicts), _FOUND
        )
        rows.append(("sentence", sentence))
        for index, conflict in enumerate(judgement.conflicts):
            rows.append(
                (
                    "conflict" if index == 0 else "",
                    Text.assemble(
                        "draft says ",
                        (safe_text(conflict.found), _FOUND),
                        " · source says ",
                        (safe_text(conflict.expected), _EXPECTED),
                        (f"  ({conflict.kind})", _META),
                    ),
                )
            )
        claim = judgement.claim
        if claim is None:
            rows.append(("claim", Text("no claim in the claims base covers this sentence")))
        else:
            rows.append(("claim", self._claim(claim)))
            rows.append(("source", self._source(claim, result)))
        if judgement.not_covered:
            items = ", ".join(safe_text(item) for item in judgement.not_covered)
            rows.append(("note", Text(f"not covered by the claims base: {items}")))
        if judgement.note:
            rows.append(("note", Text(safe_text(judgement.note))))
        return rows

    @staticmethod
    def _claim(claim: Claim) -> Text:
        details = [claim.id, f"as of {claim.as_of}"]
        if claim.attribution:
            details.append(f"according to {claim.attribution}")
        return Text.assemble(safe_text(claim.text), "\n", (safe_text(" · ".join(details)), _META))

    @staticmethod
    def _source(claim: Claim, result: Result) -> Text:
        passage = Text.assemble("“", safe_text(claim.passage), "”")
        if result.judgement.conflicts:
            _highlight(passage, (c.expected for c in result.judgement.conflicts), _EXPECTED)
        else:
            _highlight(passage, _shared_terms(result.text, claim.passage), _SHARED)
        source = claim.source
        citation = " · ".join(
            safe_text(part) for part in (source.title, source.publisher, source.published) if part
        )
        passage.append("\n")
        passage.append(citation, style="italic")
        if source.url:
            passage.append("\n")
            passage.append(safe_text(source.url), style=_META)
        return passage

    def render_summary(self, report: CheckReport) -> Text:
        """The last line: "3 sentences: 1 supported, 1 contradicted, 1 unverified"."""
        summary = report.summary()
        total = summary["sentences"]
        line = Text(f"{total} {'sentence' if total == 1 else 'sentences'}: ", style="bold")
        for index, verdict in enumerate(SUMMARY_ORDER):
            if index:
                line.append(", ")
            count = summary[verdict.value]
            line.append(f"{count} {verdict.value}", style=_BADGES[verdict][2] if count else None)
        return line
