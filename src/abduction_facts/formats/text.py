"""`--format text`: the report for people at a terminal, laid out as rich lays it out.

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

Without colour, a report whose characters are all one terminal cell wide
is laid out by `wrap_plain` below, which wraps exactly as rich does, without
importing rich (a third of a one-statement check's start-up, issue 6).
Colour, tabs, and wide or combining characters go through rich itself.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Final, NamedTuple

from abduction_facts.formats.common import SUMMARY_ORDER, safe_text
from abduction_facts.models import Verdict

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from abduction_facts.formats import FormatOptions
    from abduction_facts.models import Claim, Result
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


def _highlights(plain: str, needles: Iterable[str], style: str) -> tuple[_Mark, ...]:
    """Where to apply `style` in `plain`: every needle found, neighbours merged."""
    spans = sorted(span for needle in needles for span in find_spans(plain, safe_text(needle)))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # why: "North" and "Korea" read better as one highlighted run than as two.
        if merged and not plain[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple((start, end, style) for start, end in merged)


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

# --- styled text without rich -------------------------------------------------------------

_Piece = tuple[str, "str | None"]  # characters and their rich style (None: unstyled)
_Mark = tuple[int, int, str]  # a style laid over characters start..end of a part


class _Part(NamedTuple):
    """A run of styled pieces, with highlights laid over it (rich: `Text.assemble` + `stylize`)."""

    pieces: tuple[_Piece, ...]
    marks: tuple[_Mark, ...] = ()

    @property
    def plain(self) -> str:
        """The characters without styles."""
        return "".join(text for text, _style in self.pieces)


_Styled = tuple[_Part, ...]
"""Parts shown one after the other (rich: appended to one `Text`)."""


def _plain(styled: _Styled) -> str:
    return "".join(part.plain for part in styled)


def _text(styled: _Styled, style: str = "") -> Text:
    """The rich `Text` for styled parts."""
    from rich.text import Text

    out = Text(style=style)
    for part in styled:
        text = Text.assemble(*(t if style is None else (t, style) for t, style in part.pieces))
        for start, end, mark in part.marks:
            text.stylize(mark, start, end)
        out.append_text(text)
    return out


def _ignore_width(render: Callable[[_Styled], str], styled: _Styled, width: int) -> str:
    return render(styled)


def _text_for(styled: _Styled, console: Console) -> Text:
    return _text(styled)


def _one(text: str, style: str | None = None) -> _Styled:
    return (_Part(((text, style),)),)


# --- rich's word wrapping, for text of one-cell characters --------------------------------


def _cells(ranges: Iterable[tuple[int, int]]) -> frozenset[str]:
    return frozenset(chr(code) for start, end in ranges for code in range(start, end + 1))


ONE_CELL: Final = _cells(
    [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xAC),  # Latin-1 (U+00AD, the soft hyphen, is left to rich)
        (0xAE, 0x2FF),  # Latin-1, Latin Extended A and B, IPA, spacing modifiers
        (0x370, 0x482),  # Greek, Cyrillic (not their combining marks)
        (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
        (0x2030, 0x205E),  # per mille, primes, guillemets
        (0x2400, 0x2426),  # control pictures (`safe_text` shows ESC as "␛")
        (0x2713, 0x2713),  # ✓
        (0x2717, 0x2717),  # ✗
    ]
)
"""Characters rich measures as one cell in every Unicode version it knows (tested)."""

_LAID_OUT: Final = ONE_CELL | {"\n"}
_WORDS: Final = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word
_END_SPACE: Final = re.compile(r"\s+$")  # rich.text._re_whitespace


def is_plain(text: str) -> bool:
    """Whether `wrap_plain` lays `text` out as rich would: one-cell characters and newlines."""
    return _LAID_OUT.issuperset(text)


def wrap_plain(text: str, width: int) -> list[str]:
    """The lines rich prints for `text` at `width` (word wrap, long words folded).

    Mirrors `Text.wrap(console, width, overflow="fold")` (`divide_line`,
    `rstrip_end`, `truncate`) for text where `is_plain` holds, where a
    character's cell width is 1 and so offsets and cells agree.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        start = 0
        for end in [*_breaks(line, width), len(line)]:
            piece = line[start:end]
            start = end
            if len(piece) > width:
                space = _END_SPACE.search(piece)
                if space is not None:
                    piece = piece[: len(piece) - min(len(space.group(0)), len(piece) - width)]
                piece = piece[:width]
            lines.append(piece)
    return lines


def _breaks(line: str, width: int) -> list[int]:
    """Where rich's `divide_line` breaks `line` (with folding), for one-cell characters."""
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORDS.finditer(line):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            # why: a word longer than a line is folded into width-sized pieces
            pieces = [word[i : i + width] for i in range(0, len(word), width)]
            for index, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if index == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


class TextFormatter:
    """Renders a report as text, returned as a string (ANSI codes only with colour)."""

    def __init__(self, options: FormatOptions) -> None:
        self.options = options
        self._console_cache: Console | None = None
        self._lay_out_plain = True  # False: always print with rich (tests compare the two)

    def format(self, report: CheckReport) -> str:
        """Every shown result, skipped inputs, warnings, then the summary line."""
        return "".join(self.chunks(report))

    def chunks(self, report: CheckReport) -> Iterator[str]:
        """The same text a result at a time, so that an archive's report is
        written as its sentences are judged (`report.results` may be a stream;
        the notices and the summary follow once it has been read)."""
        hidden = 0
        quiet = self.options.quiet
        for result in report.results:
            if quiet:
                continue
            if not self.options.shows(result.verdict):
                hidden += 1
                continue
            yield self._piece(
                partial(self._layout_plain, result),
                partial(self._render_fast, result=result),
                blank_after=True,
            )
        if not quiet:
            for notice in self._notices(report, hidden):
                yield self._piece(
                    partial(_ignore_width, _plain, notice), partial(_text_for, notice)
                )
        summary = self._summary(report)
        yield self._piece(lambda _: _plain(summary), lambda _: self.render_summary(report))

    def _piece(
        self,
        plain: Callable[[int], str],
        rich: Callable[[Console], RenderableType],
        *,
        blank_after: bool = False,
    ) -> str:
        """One result or line of the report, as rich prints it at the width.

        Without colour, text of one-cell characters is laid out by hand
        (`plain(width)`, `wrap_plain`); anything else is printed by rich.
        """
        width = self.options.width or DEFAULT_WIDTH
        output = None
        if self._lay_out_plain and not self.options.color and width >= 1:
            texts = [plain(width), ""] if blank_after else [plain(width)]
            if all(is_plain(text) for text in texts):
                output = "".join(f"{line}\n" for text in texts for line in wrap_plain(text, width))
        if output is None:
            console = self._rich_console()
            console.print(rich(console))
            if blank_after:
                console.print()
            file = console.file
            assert isinstance(file, io.StringIO)
            output = file.getvalue()
            file.seek(0)
            file.truncate()
        # why: rich pads table cells with spaces; lines should not end in them.
        output = _TRAILING_SPACES.sub("", output)
        # why: GitHub Actions reads any log line whose text (after leading spaces) starts
        # with "::" as a workflow command; wrapping draft text could start one, so such a
        # line gets an invisible zero-width space (not whitespace to the runner) first.
        return _COMMAND_AT_LINE_START.sub("\\1\u200b::", output)

    def _rich_console(self) -> Console:
        if self._console_cache is None:
            self._console_cache = self._console()
        return self._console_cache

    def _notices(self, report: CheckReport, hidden: int) -> list[_Styled]:
        """Skipped inputs, warnings and the count of hidden sentences, a line each."""
        notices: list[_Styled] = [
            (
                _Part(
                    (
                        ("skipped ", "yellow"),
                        (safe_text(skipped.path), _LOCATION),
                        (f": {safe_text(skipped.reason)}", None),
                    )
                ),
            )
            for skipped in report.skipped
        ]
        notices.extend(
            (_Part((("warning: ", "yellow"), (safe_text(warning), None))),)
            for warning in report.warnings
        )
        if hidden:
            noun = "sentence" if hidden == 1 else "sentences"
            notices.append(
                _one(f"{hidden} unverified {noun} not shown (--show-unverified lists them)", _META)
            )
        return notices

    def _console(self) -> Console:
        from rich.console import Console

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
        from rich.console import Group
        from rich.padding import Padding

        return Group(_text(self._header(result)), Padding(self._evidence(result), (0, 0, 0, 2)))

    def _render_fast(self, console: Console, result: Result) -> Text:
        """The same layout as `render_result`, wrapped by hand.

        why: laying out a rich Table per sentence costs milliseconds; an archive
        sweep shows thousands of sentences.  Labels sit in a column of
        `_LABEL_WIDTH`, values wrap (folding long words) beside them.
        """
        out = _text(self._header(result))
        width = max(console.width - _INDENT - _LABEL_WIDTH - _GAP, 10)
        for label, value in self._rows(result):
            lines = _text(value).wrap(console, width, overflow="fold")
            for index, line in enumerate(lines):
                out.append("\n" + " " * _INDENT)
                out.append((label if index == 0 else "").ljust(_LABEL_WIDTH), style=_LABEL)
                out.append(" " * _GAP)
                out.append_text(line)
        return out

    def _layout_plain(self, result: Result, width: int) -> str:
        """`_render_fast` without styles or rich, for text where `is_plain` holds."""
        out = [_plain(self._header(result))]
        inner = max(width - _INDENT - _LABEL_WIDTH - _GAP, 10)
        for label, value in self._rows(result):
            for index, line in enumerate(wrap_plain(_plain(value), inner)):
                out.append(" " * _INDENT + (label if index == 0 else "").ljust(_LABEL_WIDTH))
                out[-1] += " " * _GAP + line
        return "\n".join(out)

    def _header(self, result: Result) -> _Styled:
        word, badge_style, _ = _BADGES[result.verdict]
        badge = f" {word} " if self.options.color else word
        pieces: list[_Piece] = [(badge, badge_style), ("  ", None)]
        pieces.append((self._location(result), _LOCATION))
        if result.judgement.claim is not None:
            pieces.append((f"  match {result.judgement.score:.1f}", _META))
        return (_Part(tuple(pieces)),)

    @staticmethod
    def _location(result: Result) -> str:
        if result.path is None:
            return "statement"
        return f"{safe_text(result.path)}:{result.span.line}:{result.span.column}"

    def _evidence(self, result: Result) -> Table:
        from rich.table import Table

        grid = Table.grid(padding=(0, _GAP))
        grid.add_column(style=_LABEL, no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in self._rows(result):
            grid.add_row(label, _text(value))
        return grid

    def _rows(self, result: Result) -> list[tuple[str, _Styled]]:
        """The labelled evidence lines of one result."""
        judgement = result.judgement
        rows: list[tuple[str, _Styled]] = []
        sentence = safe_text(result.text)
        marks = _highlights(sentence, (c.found for c in judgement.conflicts), _FOUND)
        rows.append(("sentence", (_Part(((sentence, None),), marks),)))
        for index, conflict in enumerate(judgement.conflicts):
            pieces: tuple[_Piece, ...] = (
                ("draft says ", None),
                (safe_text(conflict.found), _FOUND),
                (" · source says ", None),
                (safe_text(conflict.expected), _EXPECTED),
                (f"  ({conflict.kind})", _META),
            )
            rows.append(("conflict" if index == 0 else "", (_Part(pieces),)))
        claim = judgement.claim
        if claim is None and judgement.nearest is not None:
            rows.append(("nearest", self._claim(judgement.nearest)))
        elif claim is None:
            rows.append(("claim", _one("no claim in the claims base covers this sentence")))
        else:
            rows.append(("claim", self._claim(claim)))
            rows.append(("source", self._source(claim, result)))
            # why: a sentence two or three claims confirm together shows each passage
            for other in judgement.claims_used[1:]:
                rows.append(("also", self._claim(other)))
                rows.append(("source", self._source(other, result)))
        if judgement.not_covered:
            items = ", ".join(safe_text(item) for item in judgement.not_covered)
            rows.append(("note", _one(f"not covered by the claims base: {items}")))
        if judgement.note:
            rows.append(("note", _one(safe_text(judgement.note))))
        return rows

    @staticmethod
    def _claim(claim: Claim) -> _Styled:
        details = [claim.id, f"as of {claim.as_of}"]
        if claim.attribution:
            details.append(f"according to {claim.attribution}")
        pieces: tuple[_Piece, ...] = (
            (safe_text(claim.text), None),
            ("\n", None),
            (safe_text(" · ".join(details)), _META),
        )
        return (_Part(pieces),)

    @staticmethod
    def _source(claim: Claim, result: Result) -> _Styled:
        quoted = f"“{safe_text(claim.passage)}”"
        if result.judgement.conflicts:
            marks = _highlights(quoted, (c.expected for c in result.judgement.conflicts), _EXPECTED)
        else:
            marks = _highlights(quoted, _shared_terms(result.text, claim.passage), _SHARED)
        source = claim.source
        citation = " · ".join(
            safe_text(part) for part in (source.title, source.publisher, source.published) if part
        )
        pieces: list[_Piece] = [("\n", None), (citation, "italic")]
        if source.url:
            pieces += [("\n", None), (safe_text(source.url), _META)]
        return (
            _Part((("“", None), (safe_text(claim.passage), None), ("”", None)), marks),
            _Part(tuple(pieces)),
        )

    def _summary(self, report: CheckReport) -> _Styled:
        """The summary line's parts; the first is bold in `render_summary`."""
        summary = report.summary()
        total = summary["sentences"]
        pieces: list[_Piece] = [(f"{total} {'sentence' if total == 1 else 'sentences'}: ", None)]
        for index, verdict in enumerate(SUMMARY_ORDER):
            if index:
                pieces.append((", ", None))
            count = summary[verdict.value]
            pieces.append((f"{count} {verdict.value}", _BADGES[verdict][2] if count else None))
        return (_Part(tuple(pieces)),)

    def render_summary(self, report: CheckReport) -> Text:
        """The last line: "3 sentences: 1 supported, 1 contradicted, 1 unverified"."""
        from rich.text import Text

        first, *rest = self._summary(report)[0].pieces
        line = Text(first[0], style="bold")
        for text, style in rest:
            line.append(text, style=style)
        return line
