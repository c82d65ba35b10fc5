"""The one owner of rich Consoles: stdout carries the payload, stderr talks to people.

Both consoles have markup, highlighting and emoji off, so text from drafts,
claims files or file names is shown literally. rich is imported only when a
console is first needed, so a command that prints nothing but its payload
never pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol, TextIO

from abduction_facts.errors import FactsError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

# why: C0 and C1 control characters (ESC above all) would let a file name or a
# claims file move the cursor or recolour the terminal; show them escaped.
_CONTROL = {
    code: f"\\x{code:02x}" for code in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if code != 0x09
}
_CONTROL.update({0x0A: "\\n", 0x0D: "\\r"})


def sanitize(text: str) -> str:
    """`text` with control characters escaped, so it prints as one literal line."""
    return text.translate(_CONTROL)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def color_wanted(stream: TextIO, *, no_color: bool = False) -> bool:
    """Whether to colour what is written to `stream`.

    `--no-color` and a non-empty NO_COLOR win; then a non-empty FORCE_COLOR;
    then colour only on a terminal that is not "dumb".
    """
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def payload_width() -> int | None:
    """The width for stdout payloads: $COLUMNS, else the terminal's, else None (no terminal)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if _isatty(sys.stdout):
        import shutil

        return shutil.get_terminal_size().columns
    return None


def stderr_is_terminal() -> bool:
    """Whether a person is watching stderr (progress bars only then)."""
    return _isatty(sys.stderr)


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal (not redirected to a file or a pipe)."""
    return _isatty(sys.stdout)


def stdin_is_terminal() -> bool:
    """Whether stdin is a terminal (so reading it would wait for typing)."""
    return _isatty(sys.stdin)


Style = Literal["", "bold", "dim"]
# why: listings are plain lines; two SGR codes do not need rich's renderer
_SGR: dict[Style, str] = {"bold": "1", "dim": "2"}


class Field(NamedTuple):
    """One field of a listed record (see `Terminal.records`)."""

    text: str
    style: Style = ""
    wrap: bool = True  # False: kept on one line (ids, dates, URLs)


class Progress(Protocol):
    """Something to tell how much work is done."""

    def advance(self, amount: int) -> None:
        """Record `amount` more units of work done."""


class _NoProgress:
    def advance(self, amount: int) -> None:
        """Nothing to show."""


class _RichProgress:
    def __init__(self, progress: RichProgress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def advance(self, amount: int) -> None:
        """Move the bar on (safe from worker threads: rich locks its tasks)."""
        self._progress.advance(self._task, amount)


class Terminal:
    """Writes the payload to stdout and messages for people to stderr."""

    def __init__(self, *, no_color: bool = False) -> None:
        self._no_color = no_color
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def color(self) -> bool:
        """Whether the stdout payload may be coloured."""
        return color_wanted(sys.stdout, no_color=self._no_color)

    @property
    def err(self) -> Console:
        """The stderr console (created on first use)."""
        if self._err is None:
            self._err = _make_console(sys.stderr, no_color=self._no_color)
        return self._err

    @property
    def out(self) -> Console:
        """The stdout console, for tables (created on first use)."""
        if self._out is None:
            self._out = _make_console(sys.stdout, no_color=self._no_color, width=payload_width())
        return self._out

    def write(self, payload: str) -> None:
        """Write a finished payload to stdout exactly as given (plus a final newline)."""
        self.write_pieces([payload])

    def write_pieces(self, pieces: Iterable[str]) -> None:
        """Write a payload handed out in pieces (see `write`), piece by piece."""
        last = ""
        for piece in pieces:
            if piece:
                self._emit(piece)
                last = piece
        if last and not last.endswith("\n"):
            self._emit("\n")
        if sys.stdout is not None:
            sys.stdout.flush()

    def _emit(self, text: str) -> None:
        stream = sys.stdout
        if stream is None:
            raise FactsError("standard output is closed")
        try:
            stream.write(text)
        except UnicodeEncodeError:
            # why: a stdout that cannot encode the text (LANG=C) must not crash.
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "replace").decode(encoding))

    def error(self, message: str) -> None:
        """One red line on stderr: "error: message"."""
        self._say("error: ", "bold red", message)

    def warning(self, message: str) -> None:
        """One yellow line on stderr: "warning: message"."""
        self._say("warning: ", "yellow", message)

    def info(self, message: str) -> None:
        """One plain line on stderr."""
        self._say("", "", message)

    def problem(self, message: str) -> None:
        """A diagnostic line ("file:line: message") on stderr, unprefixed."""
        self._say("", "", message)

    def _say(self, prefix: str, style: str, message: str) -> None:
        from rich.text import Text

        line = Text.assemble((prefix, style), sanitize(message))
        self.err.print(line, soft_wrap=True)

    def records(self, records: Iterable[Sequence[Field]], *, caption: str | None = None) -> None:
        """A listing on stdout: one block per record, blocks apart by a blank line.

        A record's first field is its heading; the others follow, indented.
        At a known width (a terminal, $COLUMNS) wrapped fields are wrapped
        between words; piped, every field stays on one line (for grep). A
        field that is not wrapped (an id, a URL: things people copy) is never
        broken, even when wider than the screen. `caption` ends the listing.
        """
        width = payload_width()
        color = self.color

        def styled(text: str, style: Style) -> str:
            return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if color and style else text

        def blocks() -> Iterator[str]:
            separator = ""
            for record in records:
                lines = []
                for index, item in enumerate(record):
                    indent = "" if index == 0 else _INDENT
                    for line in _fold(sanitize(item.text), item.wrap, width, indent):
                        lines.append(indent + styled(line, item.style))
                yield separator + "\n".join(lines) + "\n"
                separator = "\n"
            if caption is not None:
                yield separator + styled(sanitize(caption), "dim") + "\n"

        self.write_pieces(blocks())

    @contextmanager
    def progress(self, total: int, *, description: str, enabled: bool) -> Iterator[Progress]:
        """A transient progress bar on stderr while the block runs (when `enabled`).

        The bar writes only to the stderr console: sys.stdout and sys.stderr
        are left alone, so a report streamed to stdout meanwhile reaches its
        file or pipe byte for byte.
        """
        if not enabled or total <= 0:
            yield _NoProgress()
            return
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=self.err,
            transient=True,
            # why: rich's default swaps sys.stdout for a proxy that prints through
            # this (stderr) console, so `facts check … > out` lost its report.
            redirect_stdout=False,
            redirect_stderr=False,
        )
        with bar:
            task = bar.add_task(sanitize(description), total=total)
            yield _RichProgress(bar, task)


_INDENT = "  "


def _fold(text: str, wrap: bool, width: int | None, indent: str) -> list[str]:
    """`text` as the lines of a listing field: wrapped at word gaps to fit
    `width` after `indent` (when wrapped and a width is known), else whole.

    why: a word wider than the line (a URL, a long id) is kept whole, never
    cut: a broken id or URL cannot be copied.
    """
    if not wrap or width is None:
        return [text]
    import textwrap

    room = max(width - len(indent), 20)
    return textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False) or [""]


def _make_console(stream: TextIO, *, no_color: bool, width: int | None = None) -> Console:
    from rich.console import Console

    color = color_wanted(stream, no_color=no_color)
    return Console(
        file=stream,
        markup=False,
        highlight=False,
        emoji=False,
        width=width,
        no_color=not color,
        color_system="auto" if color else None,
        # why: FORCE_COLOR means colour even into a pipe or a CI log.
        force_terminal=True if color and not _isatty(stream) else None,
    )
