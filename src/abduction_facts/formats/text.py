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

from abduction_facts.formats.common import (
    find_spans,
    quoted_passage,
    safe_text,
    summary_order,
    wording_match,
)
from abduction_facts.models import Verdict

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from abduction_facts.formats import FormatOptions
    from abduction_facts.models import Claim, Dispute, Result
    from abduction_facts.report import CheckReport

DEFAULT_WIDTH: Final = 100

_BADGES: Final = {
    Verdict.CONTRADICTED: ("✗ CONTRADICTED", "bold white on red", "red"),
    Verdict.SUPPORTED: ("✓ SUPPORTED", "bold black on green", "green"),
    Verdict.UNVERIFIED: ("? UNVERIFIED", "bold black on yellow", "yellow"),
    # why: "±", one cell wide everywhere: the sources go either way
    Verdict.DISPUTED: ("± DISPUTED", "bold white on magenta", "magenta"),
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
_LINK_ID: Final = re.compile(r"\x1b\]8;id=[^;\x1b]*;")


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
_VALUE_INDENT = _INDENT + _LABEL_WIDTH + _GAP  # where a value (and a URL) starts

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


class _Row(NamedTuple):
    """One labelled evidence line of a result; `url` goes on a line of its own, unbroken."""

    label: str
    value: _Styled
    url: str | None = None


def _fit(
    text: str, cells: int, measure: Callable[[str], int], cut: Callable[[str, int], str]
) -> str:
    """`text` cut to `cells` cells with "…" when it is longer (nothing if no cell is free)."""
    if measure(text) <= cells:
        return text
    if cells < 1:
        return ""
    return cut(text, cells - 1).rstrip() + "…"


def _plain_cut(text: str, cells: int) -> str:
    return text[:cells]


def _rich_measures() -> tuple[Callable[[str], int], Callable[[str, int], str]]:
    from rich.cells import cell_len, set_cell_size

    return cell_len, set_cell_size


_MIN_SENTENCE = 40  # cells: less than this beside the claim id, and the id gets a line of its own


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
        the notices and the summary follow once it has been read).

        A supported sentence takes a line (two when its claim id leaves the
        sentence too little room) unless `verbose`; the others show their
        evidence. The contradicted locations are listed again above the summary.
        """
        hidden = 0
        quiet = self.options.quiet
        contradicted: list[_Styled] = []
        after_line = False  # the last thing written was a one-line result (no blank after it)
        for result in report.results:
            if quiet:
                continue
            if not self.options.shows(result.verdict):
                hidden += 1
                continue
            if result.verdict is Verdict.CONTRADICTED and result.path is not None:
                contradicted.append(self._finding(result))
            if self._one_line(result):
                yield self._piece(
                    partial(self._compact, result, measures=(len, _plain_cut)),
                    partial(self._render_compact, result=result),
                )
                after_line = True
                continue
            block = self._piece(
                partial(self._layout_plain, result),
                partial(self._render_fast, result=result),
                blank_after=True,
                laid_out=True,
            )
            yield ("\n" + block) if after_line else block
            after_line = False
        if quiet:
            yield self._summary_piece(report)
            return
        if after_line:
            yield "\n"
        if contradicted:
            lines: list[_Styled] = [_one("contradicted sentences:", "bold")]
            lines.extend(contradicted)
            for line in lines:
                yield self._piece(
                    partial(self._fitted, line, measures=(len, _plain_cut)),
                    partial(self._render_fitted, line),
                )
        for notice in self._notices(report, hidden):
            yield self._piece(partial(_ignore_width, _plain, notice), partial(_text_for, notice))
        yield self._summary_piece(report)

    def _one_line(self, result: Result) -> bool:
        """Whether a result is shown in a line: supported, with nothing more to say."""
        judgement = result.judgement
        return (
            result.verdict is Verdict.SUPPORTED
            and not self.options.verbose
            and not judgement.not_covered
            and not judgement.note
        )

    def _summary_piece(self, report: CheckReport) -> str:
        summary = self._summary(report)
        return self._piece(lambda _: _plain(summary), lambda _: self.render_summary(report))

    def _piece(
        self,
        plain: Callable[[int], str],
        rich: Callable[[Console], RenderableType],
        *,
        blank_after: bool = False,
        laid_out: bool = False,
    ) -> str:
        """One result or line of the report, as rich prints it at the width.

        Without colour, text of one-cell characters is laid out by hand
        (`plain(width)`, `wrap_plain`); anything else is printed by rich.
        `laid_out`: both callables have wrapped their lines already (a URL
        line is longer than the width on purpose), so nothing is wrapped again.
        """
        width = self.options.width or DEFAULT_WIDTH
        output = None
        if self._lay_out_plain and not self.options.color and width >= 1:
            texts = [plain(width), ""] if blank_after else [plain(width)]
            if all(is_plain(text) for text in texts):
                if laid_out:
                    output = "".join(f"{text}\n" for text in texts)
                else:
                    lines = (line for text in texts for line in wrap_plain(text, width))
                    output = "".join(f"{line}\n" for line in lines)
        if output is None:
            console = self._rich_console()
            console.print(rich(console), soft_wrap=laid_out)
            if blank_after:
                console.print()
            file = console.file
            assert isinstance(file, io.StringIO)
            output = file.getvalue()
            file.seek(0)
            file.truncate()
        # why: rich pads table cells with spaces; lines should not end in them.
        output = _TRAILING_SPACES.sub("", output)
        if "\x1b]8;" in output:
            # why: rich numbers hyperlinks from a global counter; an unbroken URL
            # needs no id, and without it the same report gives the same bytes.
            output = _LINK_ID.sub("\x1b]8;;", output)
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
        """The same layout as `render_result`, wrapped by hand (printed with soft wrap).

        why: laying out a rich Table per sentence costs milliseconds; an archive
        sweep shows thousands of sentences.  Labels sit in a column of
        `_LABEL_WIDTH`, values wrap (folding long words) beside them; a URL
        is never broken and links to itself where the terminal can.
        """
        from rich.style import Style
        from rich.text import Text

        width = console.width
        lines = list(_text(self._header(result)).wrap(console, width, overflow="fold"))
        inner = max(width - _INDENT - _LABEL_WIDTH - _GAP, 10)
        for row in self._rows(result):
            for index, value in enumerate(_text(row.value).wrap(console, inner, overflow="fold")):
                line = Text(" " * _INDENT)
                line.append((row.label if index == 0 else "").ljust(_LABEL_WIDTH), style=_LABEL)
                line.append(" " * _GAP)
                line.append_text(value)
                lines.extend(line.wrap(console, width, overflow="fold"))
            if row.url:
                line = Text(" " * _VALUE_INDENT)
                line.append(row.url, style=Style(dim=True, link=row.url))
                lines.append(line)
        return Text("\n").join(lines)

    def _layout_plain(self, result: Result, width: int) -> str:
        """`_render_fast` without styles or rich, for text where `is_plain` holds."""
        out = wrap_plain(_plain(self._header(result)), width)
        inner = max(width - _INDENT - _LABEL_WIDTH - _GAP, 10)
        for row in self._rows(result):
            for index, value in enumerate(wrap_plain(_plain(row.value), inner)):
                line = " " * _INDENT + (row.label if index == 0 else "").ljust(_LABEL_WIDTH)
                out.extend(wrap_plain(line + " " * _GAP + value, width))
            if row.url:
                out.append(" " * _VALUE_INDENT + row.url)
        return "\n".join(out)

    def _compact(
        self,
        result: Result,
        width: int,
        *,
        measures: tuple[Callable[[str], int], Callable[[str, int], str]],
    ) -> str:
        """`_compact_styled` laid out without rich (one-cell text only)."""
        if not is_plain(result.text):
            return result.text  # why: not plain, so `_piece` measures it with rich
        return _plain(self._compact_styled(result, width, measures))

    def _render_compact(self, console: Console, result: Result) -> Text:
        return _text(self._compact_styled(result, console.width, _rich_measures()))

    def _compact_styled(
        self,
        result: Result,
        width: int,
        measures: tuple[Callable[[str], int], Callable[[str, int], str]],
    ) -> _Styled:
        """A supported sentence in a line: badge, location, sentence (cut to fit), claim id.

        When the claim id leaves the sentence less than `_MIN_SENTENCE` cells
        beside it, the id goes on a second line (and on a narrow terminal the
        sentence too, on a line of its own).
        """
        measure, cut = measures
        head = self._header(result, score=False)
        sentence = safe_text(result.text)
        claim = result.judgement.claim
        claim_id = f"claim {safe_text(claim.id)}" if claim is not None else ""
        gap = " " * _GAP
        beside = width - measure(_plain(head)) - 2 * _GAP - measure(claim_id)
        if beside >= min(measure(sentence), _MIN_SENTENCE):
            line = (gap + _fit(sentence, beside, measure, cut), None), (gap + claim_id, _META)
            return (*head, _Part(line))
        room = width - measure(_plain(head)) - _GAP
        if room >= _MIN_SENTENCE // 2:
            first = gap + _fit(sentence, room, measure, cut)
        else:
            first = "\n" + " " * _INDENT + _fit(sentence, width - _INDENT, measure, cut)
        below = "\n" + " " * _INDENT + claim_id
        return (*head, _Part(((first, None), (below, _META))))

    def _finding(self, result: Result) -> _Styled:
        """A contradicted sentence in the list above the summary: where, and what conflicts."""
        pieces: list[_Piece] = [("  ", None), (self._location(result), _LOCATION)]
        for index, conflict in enumerate(result.judgement.conflicts):
            pieces += [
                ("  " if index == 0 else "; ", None),
                ("draft says ", None),
                (safe_text(conflict.found), _FOUND),
                (" · source says ", None),
                (safe_text(conflict.expected), _EXPECTED),
            ]
        return (_Part(tuple(pieces)),)

    def _fitted(
        self,
        styled: _Styled,
        width: int,
        *,
        measures: tuple[Callable[[str], int], Callable[[str, int], str]],
    ) -> str:
        measure, cut = measures
        text = _plain(styled)
        # why: text that is not plain goes to rich (`_piece`), which measures its cells
        return _fit(text, width, measure, cut) if is_plain(text) else text

    def _render_fitted(self, styled: _Styled, console: Console) -> Text:
        measure, cut = _rich_measures()
        text = _text(styled)
        if measure(text.plain) > console.width:
            # why: the same cut as `_fit`, styles kept: cut, strip, then "…"
            kept = _fit(text.plain, console.width, measure, cut)[:-1]
            text = text[: len(kept)]
            text.append("…")
        return text

    def _header(self, result: Result, *, score: bool = True) -> _Styled:
        word, badge_style, _ = _BADGES[result.verdict]
        badge = f" {word} " if self.options.color else word
        pieces: list[_Piece] = [(badge, badge_style), ("  ", None)]
        pieces.append((self._location(result), _LOCATION))
        if score and result.judgement.claim is not None:
            pieces.append((f"  {wording_match(result.judgement.score)}", _META))
        return (_Part(tuple(pieces)),)

    @staticmethod
    def _location(result: Result) -> str:
        if result.path is None:
            return "statement"
        return f"{safe_text(result.path)}:{result.span.line}:{result.span.column}"

    def _evidence(self, result: Result) -> Table:
        from rich.style import Style
        from rich.table import Table
        from rich.text import Text

        grid = Table.grid(padding=(0, _GAP))
        grid.add_column(style=_LABEL, no_wrap=True)
        grid.add_column(overflow="fold")
        for row in self._rows(result):
            grid.add_row(row.label, _text(row.value))
            if row.url:
                url = Text(row.url, style=Style(dim=True, link=row.url), no_wrap=True)
                grid.add_row("", url)
        return grid

    def _rows(self, result: Result) -> list[_Row]:
        """The labelled evidence lines of one result."""
        judgement = result.judgement
        rows: list[_Row] = []
        sentence = safe_text(result.text)
        marks = _highlights(sentence, (c.found for c in judgement.conflicts), _FOUND)
        rows.append(_Row("sentence", (_Part(((sentence, None),), marks),)))
        for index, conflict in enumerate(judgement.conflicts):
            pieces: tuple[_Piece, ...] = (
                ("draft says ", None),
                (safe_text(conflict.found), _FOUND),
                (" · source says ", None),
                (safe_text(conflict.expected), _EXPECTED),
                (f"  ({conflict.kind})", _META),
            )
            rows.append(_Row("conflict" if index == 0 else "", (_Part(pieces),)))
        claim = judgement.claim
        if claim is None and judgement.nearest is not None:
            rows.append(_Row("nearest", self._claim(judgement.nearest)))
        elif claim is None:
            rows.append(_Row("claim", _one("no claim in the claims base covers this sentence")))
        else:
            rows.append(_Row("claim", self._claim(claim)))
            rows.append(self._source("source", claim, result))
            disputing = {d.other.id for d in judgement.disputed_by}
            # why: a sentence two or three claims confirm together shows each passage
            for other in judgement.claims_used[1:]:
                if other.id in disputing:
                    continue
                rows.append(_Row("also", self._claim(other)))
                rows.append(self._source("source", other, result))
            # why: a disputed sentence shows the other source's passage, cited alike
            for dispute in judgement.disputed_by:
                rows.extend(self._dispute_rows(dispute, result))
        if judgement.not_covered:
            items = ", ".join(safe_text(item) for item in judgement.not_covered)
            rows.append(_Row("note", _one(f"not covered by the claims base: {items}")))
        if judgement.note:
            rows.append(_Row("note", _one(safe_text(judgement.note))))
        return rows

    def _dispute_rows(self, dispute: Dispute, result: Result) -> list[_Row]:
        """What another source says instead: each conflict, its claim and passage."""
        rows: list[_Row] = []
        publisher = safe_text(dispute.other.source.publisher or "another source")
        for index, conflict in enumerate(dispute.conflicts):
            pieces: tuple[_Piece, ...] = (
                ("draft says ", None),
                (safe_text(conflict.found), _EXPECTED),
                (f" · {publisher} says ", None),
                (safe_text(conflict.expected), _FOUND),
                (f"  ({conflict.kind})", _META),
            )
            rows.append(_Row("disputed" if index == 0 else "", (_Part(pieces),)))
        rows.append(_Row("other", self._claim(dispute.other)))
        quoted = quoted_passage(safe_text(dispute.other.passage))
        marks = _highlights(quoted, (c.expected for c in dispute.conflicts), _FOUND)
        rows.append(self._cited("source", dispute.other, quoted, marks))
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
    def _source(label: str, claim: Claim, result: Result) -> _Row:
        quoted = quoted_passage(safe_text(claim.passage))
        if result.judgement.conflicts:
            marks = _highlights(quoted, (c.expected for c in result.judgement.conflicts), _EXPECTED)
        else:
            marks = _highlights(quoted, _shared_terms(result.text, claim.passage), _SHARED)
        return TextFormatter._cited(label, claim, quoted, marks)

    @staticmethod
    def _cited(label: str, claim: Claim, quoted: str, marks: tuple[_Mark, ...]) -> _Row:
        """A passage, then its source's title, publisher and date, then its URL."""
        source = claim.source
        citation = " · ".join(
            safe_text(part) for part in (source.title, source.publisher, source.published) if part
        )
        value = (_Part(((quoted, None),), marks), _Part((("\n", None), (citation, "italic"))))
        return _Row(label, value, safe_text(source.url) if source.url else None)

    def _summary(self, report: CheckReport) -> _Styled:
        """The summary line's parts; the first is bold in `render_summary`."""
        summary = report.summary()
        total = summary["sentences"]
        pieces: list[_Piece] = [(f"{total} {'sentence' if total == 1 else 'sentences'}: ", None)]
        for index, verdict in enumerate(summary_order(summary)):
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
