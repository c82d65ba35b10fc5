"""Documents -> sentences with exact 1-based line/column spans (Markdown-aware).

Two entry points share one sentence splitter:

- `split_text` streams plain text: it reads its input line by line and keeps
  only the unfinished sentence and a few kilobytes of lines in memory, so a
  long file costs no more memory than its longest line.
- `split_markdown` parses a Markdown document with markdown-it-py and checks
  only its prose (paragraphs, headings, list items, block quotes, table cells).
  Front matter, code blocks, inline code, HTML, link URLs, images and reference
  definitions are left out.  Spans point into the original file.

Positions follow what a text editor shows: lines end at `\\n`, `\\r\\n` or a
lone `\\r`; a column is one Unicode code point (a tab is one column); a byte
order mark at the start is not a column.  NUL characters are read as U+FFFD.
A span's `end_column` is exclusive.

Inline directives (in both kinds of input):

- `<!-- facts-ignore -->` skips the next sentence (the sentence it sits in, if
  it sits inside one);
- `<!-- facts-disable -->` ... `<!-- facts-enable -->` skips every sentence that
  overlaps the region; a region left open runs to the end of the document.

Limits, so that hostile input costs time and memory linear in its size:

- a sentence is at most `MAX_SENTENCE_CHARS` characters: a longer run is cut
  into consecutive chunks, at whitespace when there is any;
- a Markdown block with more than `MAX_INLINE_MARKUP` inline-markup characters
  (`` ` * _ [ < & \\ ``, and `![` counts twice), or any block after the
  document has spent `MAX_DOCUMENT_MARKUP` of them, is not parsed for inline
  markup: it is split as plain text, markup and all (markdown-it costs tens of
  microseconds per such character, more on long runs of brackets);
  markdown-it itself stops nesting block quotes, lists and inline markup at 20
  levels, and what lies deeper is read as text;
- a "sentence" with no letter or digit (a stray `*`, `---`, `...`) is dropped.

Only sentences that make a statement are checked (`makes_statement`):

- a heading or a table cell is a label ("Year", "2002", "A family still
  waiting") unless it ends like a sentence (".", "!", "?") with at least three
  words, has a verb-like word and at least three words, or has a number and
  a name (a capitalised word after its first), as "Japan identified 17
  abductees in 2002" has;
- a sentence whose inline code was removed at its end ("skips code like
  `x`.") has lost its object and is left out.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from abduction_facts.models import Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

__all__ = [
    "MAX_DOCUMENT_MARKUP",
    "MAX_INLINE_MARKUP",
    "MAX_SENTENCE_CHARS",
    "Sentence",
    "split_markdown",
    "split_text",
]

MAX_SENTENCE_CHARS = 2000
"""Longest sentence handed to the checker; longer runs are cut into chunks."""

MAX_INLINE_MARKUP = 2_000
"""Inline-markup characters above which a Markdown block is split as plain text."""

MAX_DOCUMENT_MARKUP = 30_000
"""Inline-markup characters one Markdown document may spend on inline parsing."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence to check: its text (as checked) and where it is in the original."""

    text: str
    span: Span


# --------------------------------------------------------------------------
# Sentence boundaries
# --------------------------------------------------------------------------

# A terminator run and the closing quotes or brackets after it.  why: the
# quantifiers are possessive and `_scan` moves past the whole run whatever
# happens, so a run of a million dots is read once (no backtracking).
_TERMINATOR = re.compile(r"[.!?\u2026]++[\"')\]\u201d\u2019\u00bb]*+")
_RUN_CHARS = frozenset(".!?\u2026\"')]\u201d\u2019\u00bb")
_OPENERS = "\"'([{\u201c\u2018\u00ab"
_NON_SPACE = re.compile(r"\S")
_HAS_WORD = re.compile(r"[^\W_]")
_WORD = re.compile(r"\w+")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --------------------------------------------------------------------------
# Statements: which headings and table cells are checked
# --------------------------------------------------------------------------

# Finite verbs and auxiliaries that tell a statement from a label.  why: no
# part-of-speech tagger here; a regular past tense ("-ed") is recognised too.
_VERBS = _wordset(
    """is are was were be been has have had do does did will would can could may
    might must shall should said says say told tells made makes met meets took
    takes gave gives went goes came comes began begins became becomes left leaves
    won wins lost loses held holds sent sends saw sees knew knows got gets
    remains remained stays denies denied admits admitted returns visits signs"""
)
# Words ending in "ed" that are not past tenses.
_NOT_PAST = _wordset("hundred speed breed creed greed steed united limited need seed bed red")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"')\]\u201d\u2019\u00bb]*\Z")


def _verb_like(word: str) -> bool:
    lower = word.lower()
    if lower in _VERBS:
        return True
    return len(lower) > 4 and lower.endswith("ed") and lower not in _NOT_PAST


def makes_statement(text: str) -> bool:
    """Whether a heading or table cell says something checkable, not a label.

    True when it ends like a sentence and has at least three words, has a
    verb-like word and at least three words, or has a number and a name (a
    capitalised word that is not its first): "Japan identified 17 abductees"
    is checked, "Year", "2002" and "Two decades of talks" are not.
    """
    words = _WORD.findall(text)
    if len(words) >= 3 and (_SENTENCE_END.search(text) or any(map(_verb_like, words))):
        return True
    has_number = any(word.isdigit() for word in words)
    return has_number and any(word[0].isupper() for word in words[1:])


# Abbreviations that are followed by a name: never the end of a sentence.
_TITLES = _wordset(
    """Mr Mrs Ms Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Lt Col Maj Capt Cmdr Cdr
    Adm Sgt Cpl Pvt Brig Gov Govs Sen Sens Rep Reps Rev Hon Pres Amb Supt Insp Det
    Fr Msgr St Ste Mt Ft vs v cf viz Vs"""
)
# Abbreviations that are followed by a number ("No. 1", "Sept. 29").
_BEFORE_NUMBER = _wordset(
    """No Nos no nos Nr Vol Vols vol Fig Figs fig p pp Art art Sec sec Ch ch Op
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun"""
)
# Words that begin a new sentence after a dotted abbreviation ("... the U.S. The").
_STARTERS = _wordset(
    """The A An He She It They We I You But And Or So Yet In On At As By For From If
    This That These Those There Their Its His Her Our My What When Where Which While
    Who Why How After Before Since Although Though However Meanwhile Still Also Some
    Many Most Both Each No Not Then Now Today Yesterday Last Earlier Later"""
)


def _is_dotted(word: str) -> bool:
    """Whether a word is like "U.S", "e.g" or "Ph.D": short letter groups joined by dots."""
    return all(0 < len(part) <= 3 and part.isalpha() for part in word.split("."))


def _is_boundary(s: str, start: int, term: int, term_end: int, next_at: int) -> bool:
    """Whether the terminator at `term` ends the sentence that began at `start`.

    `term_end` is just after the terminator and any closing quotes; `next_at`
    is the first character after the whitespace that follows.
    """
    nxt = s[next_at]
    if nxt.islower():
        return False  # '"Why?" he asked.' and "U.S. officials"
    mark = s[term]
    if mark == "?" or mark == "!":
        return True
    if term_end - term > 1:
        if mark == "\u2026" or s[term + 1] == ".":
            return nxt.isupper()  # an ellipsis ends a sentence only before a capital
        return True  # '."' and '.)': the period ends the quote and the sentence
    if mark == "\u2026":
        return nxt.isupper()
    # the word before the period; no abbreviation is longer than the window
    lo = term - 10 if term - 10 > start else start
    space = s.rfind(" ", lo, term)
    word_at = space + 1 if space >= 0 else lo
    word = s[word_at:term]
    if "\n" in word or "\t" in word:
        cut = max(word.rfind("\n"), word.rfind("\t")) + 1
        word_at += cut
        word = word[cut:]
    elif space < 0 and lo > start:
        return True  # a long word
    if word and word[0] in _OPENERS:
        word = word.lstrip(_OPENERS)
    if not word:
        return True
    if word in _TITLES:
        return False
    if word in _BEFORE_NUMBER:
        return not nxt.isdigit()
    if len(word) == 1 and word.isalpha():
        # why: initials ("J. Smith", "N. Korea") are far more common in news
        # than sentences ending in a one-letter word.
        return not (word.isupper() and nxt.isupper())
    if "." in word and _is_dotted(word):
        found = _WORD.match(s, next_at)
        return found is not None and found.group() in _STARTERS
    # "1. First point": a short number alone at the start is an enumerator
    return not (word_at == start and len(word) <= 3 and word.isdigit())


def _next_rare(s: str, pos: int, n: int, nexts: dict[str, int]) -> int:
    """The next "?", "!" or "\u2026" at or after `pos` (`n` if none).

    `nexts` remembers each mark's next position, so that each mark's search
    only ever moves forward (a line of "!" with no "?" stays linear).
    """
    best = n
    for mark in "?!\u2026":
        at = nexts.get(mark, -1)
        if at < pos and at != n:
            at = s.find(mark, pos)
            at = n if at < 0 else at
            nexts[mark] = at
        best = min(best, at)
    return best


def _scan(s: str, start: int, pos: int, final: bool, out: list[tuple[int, int]]) -> tuple[int, int]:
    """Append the sentences of `s` that end at or after `pos` to `out`.

    Each is trimmed and at most MAX_SENTENCE_CHARS long (see `_pieces`).
    `start` is where the current sentence begins.  Unless `final`, a terminator
    at the very end of `s` is undecided (the next word is not known yet).
    Returns the start of the unfinished sentence and where to resume scanning.
    """
    # why: candidates are found with str.find (memchr speed); a regex search
    # for a character class is an order of magnitude slower on prose.
    n = len(s)
    find = s.find
    dot = find(".", pos)
    if dot < 0:
        dot = n
    nexts: dict[str, int] = {}
    rare = _next_rare(s, pos, n, nexts) if "?" in s or "!" in s or "\u2026" in s else n
    while True:
        term = dot if dot < rare else rare
        if term >= n:
            return start, n
        end = term + 1
        after = s[end] if end < n else " "
        if after in _RUN_CHARS:
            found = _TERMINATOR.match(s, term)
            end = found.end() if found is not None else end
            after = s[end] if end < n else " "
        if after != " " and not after.isspace():
            pos = end  # "3.5", "e.g.,": not followed by whitespace
        else:
            next_at = end + 1
            if next_at < n and s[next_at].isspace():
                found = _NON_SPACE.search(s, next_at)
                next_at = found.start() if found is not None else n
            if next_at >= n:
                if not final:
                    return start, term
                _pieces(s, start, end, out)
                return n, n
            if term == start:
                start = next_at  # why: punctuation alone (". . .") is never a sentence
            elif _is_boundary(s, start, term, end, next_at):
                if end - start > MAX_SENTENCE_CHARS or s[start].isspace():
                    _pieces(s, start, end, out)
                else:
                    out.append((start, end))
                start = next_at
            pos = next_at
        if dot < pos:
            dot = find(".", pos)
            if dot < 0:
                dot = n
        if rare < pos:
            rare = _next_rare(s, pos, n, nexts)


def _pieces(s: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    """Append `s[a:b]`, trimmed, in chunks of at most MAX_SENTENCE_CHARS to `out`.

    A chunk ends at the last whitespace that keeps it within the limit, or
    mid-word when there is none.
    """
    if b - a <= MAX_SENTENCE_CHARS and a < b and not s[a].isspace() and not s[b - 1].isspace():
        out.append((a, b))  # why: the common case, already trimmed
        return
    while True:
        found = _NON_SPACE.search(s, a, b)
        if found is None:
            return
        a = found.start()
        if b - a <= MAX_SENTENCE_CHARS:
            end = b
        else:
            limit = a + MAX_SENTENCE_CHARS
            space = max(
                s.rfind(" ", a + 1, limit + 1),
                s.rfind("\n", a + 1, limit + 1),
                s.rfind("\t", a + 1, limit + 1),
            )
            end = space if space > a else limit
        stop = end
        while stop > a and s[stop - 1].isspace():
            stop -= 1
        out.append((a, stop))
        if end >= b:
            return
        a = end


# Whitespace other than space, tab and newline (what str.isspace() accepts).
_ODD_SPACE = re.compile(
    r"[\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def _plain_spaces(s: str) -> bool:
    """Whether the only whitespace in `s` is space, tab and newline."""
    if s.isascii():
        # why: `in` runs at memchr speed, a character-class regex does not
        return not (
            "\x0b" in s
            or "\x0c" in s
            or "\r" in s
            or "\x1c" in s
            or "\x1d" in s
            or "\x1e" in s
            or "\x1f" in s
        )
    return _ODD_SPACE.search(s) is None


def _words(s: str, a: int, b: int, plain: bool) -> str | None:
    """The sentence text of `s[a:b]`: whitespace collapsed; None if it has no word.

    `plain` is `_plain_spaces(s)`.
    """
    text = s[a:b]
    if "\n" in text:
        text = text.replace("\n", " ")
    if "\t" in text:
        text = text.replace("\t", " ")
    if not plain or "  " in text:
        text = " ".join(text.split())
    if not text[0].isalnum() and _HAS_WORD.search(text) is None:
        return None
    return text


# --------------------------------------------------------------------------
# Directives
# --------------------------------------------------------------------------

_DIRECTIVE = re.compile(r"<!--\s*facts-(ignore|disable|enable)\s*-->", re.IGNORECASE)

Position = tuple[int, int]  # (line, column), both 1-based


@dataclass(slots=True)
class _Gate:
    """Applies facts-ignore / facts-disable / facts-enable to sentences in order.

    `idle` is true while no directive can affect a sentence (the fast path).
    """

    pending: list[tuple[Position, str]] = field(default_factory=list)
    next_index: int = 0
    disabled: bool = False
    ignore_next: bool = False
    idle: bool = True

    def add(self, where: Position, kind: str) -> None:
        """Record a directive (directives arrive in document order)."""
        self.pending.append((where, kind.lower()))
        self.idle = False

    def allows(self, start: Position, end: Position) -> bool:
        """Whether the sentence from `start` to `end` (exclusive) is checked."""
        if self.idle:
            return True
        pending = self.pending
        i = self.next_index
        while i < len(pending) and pending[i][0] < start:
            self._apply(pending[i][1])
            i += 1
        skip = self.disabled
        while i < len(pending) and pending[i][0] < end:
            kind = pending[i][1]
            skip = skip or kind == "disable"
            self._apply(kind)
            i += 1
        skip = skip or self.ignore_next
        self.ignore_next = False
        if i > 1024:
            del pending[:i]
            i = 0
        self.next_index = i
        self.idle = i == len(pending) and not self.disabled
        return not skip

    def _apply(self, kind: str) -> None:
        if kind == "ignore":
            self.ignore_next = True
        else:
            self.disabled = kind == "disable"


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n?|\n")


def _physical_lines(chunks: Iterable[str]) -> Iterator[str]:
    """The lines of a text given in arbitrary chunks, without line endings.

    Lines end at "\\n", "\\r\\n" or "\\r", also across chunk boundaries; a
    leading BOM is dropped and NUL becomes U+FFFD.
    """
    pending: list[str] = []
    after_cr = False
    first = True
    for chunk in chunks:
        if not chunk:
            continue
        if first:
            first = False
            if chunk[0] == "\ufeff":
                chunk = chunk[1:]
                if not chunk:
                    continue
        if after_cr and chunk[0] == "\n":
            chunk = chunk[1:]
            if not chunk:
                after_cr = False
                continue
        after_cr = chunk[-1] == "\r"
        if "\0" in chunk:
            chunk = chunk.replace("\0", "\ufffd")
        if "\r" in chunk:
            parts = _LINE_BREAK.split(chunk)
        elif not pending and chunk[-1] == "\n" and chunk.find("\n") == len(chunk) - 1:
            yield chunk[:-1]  # why: the common case, one line per chunk
            continue
        else:
            parts = chunk.split("\n")
        pending.append(parts[0])
        if len(parts) == 1:
            continue
        yield "".join(pending)
        pending.clear()
        for i in range(1, len(parts) - 1):
            yield parts[i]
        if parts[-1]:
            pending.append(parts[-1])
    if pending:
        yield "".join(pending)


def _blank_directives(line: str, number: int, gate: _Gate) -> str:
    """Record the directives on a line and replace them with spaces."""
    for m in _DIRECTIVE.finditer(line):
        gate.add((number, m.start() + 1), m.group(1))
    return _DIRECTIVE.sub(lambda m: " " * len(m.group()), line)


class _Paragraphs:
    """The state of `split_text` between lines: the unfinished sentence and where it is."""

    __slots__ = ("buf", "first_col", "first_line", "gate", "out", "resume", "sent", "starts")

    def __init__(self) -> None:
        self.gate = _Gate()
        self.buf = ""  # the paragraph from its unfinished sentence on
        self.starts: list[int] = []  # offset in buf where each of its lines starts
        self.first_line = 0  # line number of buf's first line
        self.first_col = 0  # 0-based column of buf[0] in that line
        self.sent = 0  # start of the unfinished sentence in buf
        self.resume = 0  # where to look for the next terminator
        self.out: list[Sentence] = []

    def add(self, number: int, lines: list[str], last: bool) -> None:
        """Append non-blank lines (the first is line `number`); `last` if they end the paragraph."""
        text = "\n".join(lines)
        if not self.buf:
            self.buf, self.first_line = text, number
            self.first_col = self.sent = self.resume = 0
            self.starts = [0]
        else:
            sent = self.sent
            if sent:
                # drop what was emitted: memory stays one unfinished sentence
                starts = self.starts
                i = bisect_right(starts, sent) - 1
                self.first_col = sent - starts[i] + (self.first_col if i == 0 else 0)
                self.first_line += i
                self.starts = [0] + [x - sent for x in starts[i + 1 :]]
                self.buf = self.buf[sent:]
                self.resume -= sent
                self.sent = 0
            self.starts.append(len(self.buf) + 1)
            self.buf = self.buf + "\n" + text
        if len(lines) > 1:
            starts = self.starts
            at = starts[-1]
            for line in lines[:-1]:
                at += len(line) + 1
                starts.append(at)
        self._emit(last)
        if last:
            self.buf = ""

    def end(self) -> None:
        """End the paragraph: what is left of it is its last sentence."""
        if self.buf:
            self._emit(True)
            self.buf = ""

    def _emit(self, final: bool) -> None:
        buf = self.buf
        found: list[tuple[int, int]] = []
        sent, self.resume = _scan(buf, self.sent, self.resume, final, found)
        if final:
            _pieces(buf, sent, len(buf), found)
            sent = len(buf)
        elif len(buf) - sent > MAX_SENTENCE_CHARS:
            # why: a run-on sentence is cut before its end is known, at the
            # same places as when the whole paragraph is at hand: its end can
            # be no earlier than the last non-space character seen so far.
            tail = len(buf.rstrip())
            chunks: list[tuple[int, int]] = []
            _pieces(buf, sent, len(buf), chunks)
            for a, b in chunks:
                if tail - a <= MAX_SENTENCE_CHARS:
                    sent = a
                    break
                found.append((a, b))
                sent = b
            self.resume = max(self.resume, sent)
        self.sent = sent
        if not found:
            return
        starts = self.starts
        line0, col0 = self.first_line, self.first_col + 1
        gate = self.gate
        out = self.out
        plain = _plain_spaces(buf)
        single = len(starts) == 1
        for a, b in found:
            # why: inlined `_words`; this loop runs once per sentence
            text = buf[a:b]
            if "\n" in text:
                text = text.replace("\n", " ")
            if not plain or "\t" in text or "  " in text:
                text = " ".join(text.split())
            if not text[0].isalnum() and _HAS_WORD.search(text) is None:
                continue
            if single:
                span = Span(line0, col0 + a, line0, col0 + b)
            else:
                i = bisect_right(starts, a) - 1
                j = bisect_right(starts, b - 1) - 1
                span = Span(
                    line0 + i,
                    a - starts[i] + (col0 if i == 0 else 1),
                    line0 + j,
                    b - starts[j] + (col0 if j == 0 else 1),
                )
            if gate.idle or gate.allows((span.line, span.column), (span.end_line, span.end_column)):
                out.append(Sentence(text, span))


_BATCH_CHARS = 8192  # why: lines are scanned in batches; the few kB bound memory all the same


def split_text(lines: Iterable[str]) -> Iterator[Sentence]:
    """Split plain text, read lazily chunk by chunk, into sentences.

    `lines` may be any chunking of the text (usually lines that keep their
    line endings).  A blank line ends a paragraph, and so a sentence; within
    a paragraph sentences may wrap across lines.  Only the unfinished sentence
    and a few kilobytes of lines ahead are kept, so memory does not grow with
    the input (beyond its longest line).
    """
    state = _Paragraphs()
    out = state.out
    gate = state.gate
    held: list[str] = []  # lines of the paragraph not yet scanned
    held_at = 0  # line number of held[0]
    held_chars = 0
    for number, line in enumerate(_physical_lines(lines), start=1):
        if "<!--" in line:
            stripped = _blank_directives(line, number, gate)
            # why: a directive on its own line ends a paragraph, as in Markdown
            alone = stripped != line and (not stripped or stripped.isspace())
            line = "" if alone else stripped
        if line and not line.isspace():
            if not held:
                held_at = number
            held.append(line)
            held_chars += len(line)
            if held_chars < _BATCH_CHARS:
                continue
            state.add(held_at, held, False)
        elif held:
            state.add(held_at, held, True)
        else:
            state.end()
        held.clear()
        held_chars = 0
        if out:
            yield from out
            out.clear()
    if held:
        state.add(held_at, held, True)
    state.end()
    yield from out


# --------------------------------------------------------------------------
# Markdown
#
# markdown-it gives each block its source lines (token.map) and its inline
# content with container markers removed, but no columns.  So: the content's
# lines are aligned with their source lines (`_Block.seg_*`), and the inline
# rules are wrapped to record where each piece of markup starts and ends in
# the content (`_Recorder`); the clean text is the content minus that markup.
# --------------------------------------------------------------------------

_RECORDER = "abduction_facts.segment.recorder"
_MARKUP = re.compile(r"[\\`*_\[<&]")


@dataclass(slots=True)
class _Recorder:
    """What the wrapped inline rules saw, in offsets of the block's content.

    `edits` are (start, end, replacement) ranges: markup to drop (replacement
    "") or an escape or entity to replace by the character it stands for.
    """

    edits: list[tuple[int, int, str]] = field(default_factory=list)
    delimiters: list[tuple[int, Token]] = field(default_factory=list)
    directives: list[tuple[int, str]] = field(default_factory=list)
    code: set[int] = field(default_factory=set)  # where inline code was removed
    depth: int = 0  # > 0 inside an image's alt text (parsed as a separate string)


def _recorder(state: StateInline) -> _Recorder | None:
    rec = state.env.get(_RECORDER)
    if isinstance(rec, _Recorder) and rec.depth == 0:
        return rec
    return None


InlineRule = Callable[["StateInline", bool], bool]


def _emphasis_rule(rule: InlineRule) -> InlineRule:
    """Remember each `*`/`_` delimiter token, to drop those that become markup."""

    def emphasis(state: StateInline, silent: bool) -> bool:
        if silent or state.src[state.pos] not in "*_":
            return rule(state, silent)
        start = state.pos
        ok = rule(state, silent)
        rec = _recorder(state)
        if ok and rec is not None:
            count = state.pos - start
            tokens = state.tokens[-count:]
            rec.delimiters.extend(zip(range(start, start + count), tokens, strict=True))
        return ok

    return emphasis


def _link_rule(rule: InlineRule) -> InlineRule:
    """Drop a link's brackets and destination, keep its text."""
    from markdown_it.helpers import parseLinkLabel

    def link(state: StateInline, silent: bool) -> bool:
        if silent or state.src[state.pos] != "[":
            return rule(state, silent)
        start = state.pos
        ok = rule(state, silent)
        rec = _recorder(state)
        if ok and rec is not None:
            # why: the rule does not say where the label ends; asking again
            # is cheap because the state caches the positions it skipped.
            label_end = parseLinkLabel(state, start, True)
            if label_end > start:
                rec.edits.append((start, start + 1, ""))
                rec.edits.append((label_end, state.pos, ""))
            else:
                rec.edits.append((start, state.pos, ""))
        return ok

    return link


def _image_rule(rule: InlineRule) -> InlineRule:
    """Drop an image, alt text and all."""

    def image(state: StateInline, silent: bool) -> bool:
        rec = None if silent or state.src[state.pos] != "!" else _recorder(state)
        if rec is None:
            return rule(state, silent)
        start = state.pos
        rec.depth += 1  # the alt text is parsed as its own string: not our offsets
        try:
            ok = rule(state, silent)
        finally:
            rec.depth -= 1
        if ok:
            rec.edits.append((start, state.pos, ""))
        return ok

    return image


def _token_rule(rule: InlineRule, trigger: str) -> InlineRule:
    """Wrap a rule that makes at most one token: drop or replace its source."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        if silent or state.src[state.pos] != trigger:
            return rule(state, silent)
        start = state.pos
        count = len(state.tokens)
        ok = rule(state, silent)
        rec = _recorder(state)
        if not ok or rec is None or len(state.tokens) == count:
            return ok  # e.g. an unmatched backtick, kept as text
        token = state.tokens[-1]
        kind = token.type
        if kind == "text_special":
            if token.content != state.src[start : state.pos]:
                rec.edits.append((start, state.pos, token.content))
        elif kind == "hardbreak":
            rec.edits.append((start, start + 1, ""))  # the backslash of "\\\n"
        else:
            rec.edits.append((start, state.pos, ""))
            if kind == "code_inline":
                rec.code.add(start)
            if kind == "html_inline":
                found = _DIRECTIVE.search(token.content)
                if found is not None:
                    rec.directives.append((start, found.group(1)))
        return ok

    return wrapped


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark + tables, with inline parsing left to `_clean_inline`."""
    from markdown_it import MarkdownIt, rules_inline

    md = MarkdownIt("commonmark").enable("table")
    # why: inline content is parsed block by block (so pathological blocks can
    # be skipped), and adjacent text tokens are never merged, so each emphasis
    # delimiter keeps its own token and we can tell which ones became markup.
    md.disable(["inline", "text_join", "fragments_join"])
    ruler = md.inline.ruler
    ruler.at("emphasis", _emphasis_rule(rules_inline.emphasis.tokenize))
    ruler.at("link", _link_rule(rules_inline.link))
    ruler.at("image", _image_rule(rules_inline.image))
    ruler.at("backticks", _token_rule(rules_inline.backtick, "`"))
    ruler.at("autolink", _token_rule(rules_inline.autolink, "<"))
    ruler.at("html_inline", _token_rule(rules_inline.html_inline, "<"))
    ruler.at("entity", _token_rule(rules_inline.entity, "&"))
    ruler.at("escape", _token_rule(rules_inline.escape, "\\"))
    return md


@dataclass(slots=True)
class _Block:
    """One run of prose: its clean text and the way back to the original.

    `content` is markdown-it's inline content of the block.  `seg_*` map a
    content offset to a line and 0-based column: offsets from `seg_at[k]` on
    are on line `seg_line[k]`, from column `seg_col[k]`.  `piece_*` map a
    clean-text offset to a content offset; `piece_len[k] > 0` marks an escape
    or entity whose clean characters all stand for that many content
    characters.  No pieces means the clean text is the content.  `code_at`
    are the clean offsets where inline code was removed.
    """

    content: str
    seg_at: list[int]
    seg_line: list[int]
    seg_col: list[int]
    clean: str = ""
    piece_at: list[int] = field(default_factory=list)
    piece_src: list[int] = field(default_factory=list)
    piece_len: list[int] = field(default_factory=list)
    code_at: list[int] = field(default_factory=list)

    def content_range(self, a: int, b: int) -> tuple[int, int]:
        """The content offsets of clean text `[a, b)`."""
        if not self.piece_at:
            return a, b
        i = bisect_right(self.piece_at, a) - 1
        start = self.piece_src[i] + (0 if self.piece_len[i] else a - self.piece_at[i])
        j = bisect_right(self.piece_at, b - 1) - 1
        if self.piece_len[j]:
            end = self.piece_src[j] + self.piece_len[j]
        else:
            end = self.piece_src[j] + (b - self.piece_at[j])
        return start, end

    def where(self, offset: int) -> Position:
        """Line (1-based) and column (0-based) of a content offset."""
        k = max(bisect_right(self.seg_at, offset) - 1, 0)
        return self.seg_line[k], self.seg_col[k] + offset - self.seg_at[k]


def _front_matter_lines(lines: list[str]) -> int:
    """How many leading lines are YAML (---) or TOML (+++) front matter."""
    opener = lines[0].rstrip() if lines else ""
    closers = {"---": ("---", "..."), "+++": ("+++",)}.get(opener)
    if closers is None:
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            return i + 1
    return 0


def _paragraph_segments(content: str, rows: range, lines: list[str]) -> _Block | None:
    """Align each content line with the end of its source line (paragraphs, setext).

    Content lines are matched to the block's source `rows` in order; a row
    that matches nothing (a line of no-break spaces that markdown-it trimmed
    away) is skipped.
    """
    at: list[int] = []
    line_no: list[int] = []
    col: list[int] = []
    offset = 0
    row = rows.start
    for text in content.split("\n"):
        core = text.strip()
        if core:
            while True:
                if row >= rows.stop or row >= len(lines):
                    return None
                source = lines[row]
                end = len(source.rstrip())
                begin = end - len(core)
                if begin < 0 or source[begin:end] != core:
                    begin = source.find(core)
                row += 1
                if begin >= 0:
                    break
            at.append(offset + len(text) - len(text.lstrip()))
            line_no.append(row)
            col.append(begin)
        offset += len(text) + 1
    return _Block(content, at, line_no, col) if at else None


def _heading_segments(content: str, first: int, lines: list[str]) -> _Block | None:
    """Align an ATX heading's content with the text after its `#` marker."""
    source = lines[first] if first < len(lines) else ""
    begin = source.find("#")
    if begin >= 0:
        while begin < len(source) and source[begin] == "#":
            begin += 1
        while begin < len(source) and source[begin] in " \t":
            begin += 1
    if begin < 0 or not source.startswith(content, begin):
        begin = source.find(content)
        if begin < 0:
            return None
    return _Block(content, [0], [first + 1], [begin])


def _cell_segments(
    content: str, line: int, lines: list[str], cursor: int
) -> tuple[_Block, int] | None:
    """Find a table cell in its row from `cursor`; `\\|` in the row is `|` in the cell."""
    source = lines[line] if line < len(lines) else ""
    if "|" not in content:
        begin = source.find(content, cursor)
        if begin < 0:
            return None
        return _Block(content, [0], [line + 1], [begin]), begin + len(content)
    parts = content.split("|")
    head = parts[0] or "\\|"
    begin = source.find(head, cursor)
    for _attempt in range(8):
        if begin < 0:
            break
        at, col = [0], [begin]
        q, offset, ok = begin, 0, True
        for i, part in enumerate(parts):
            if not source.startswith(part, q):
                ok = False
                break
            q += len(part)
            offset += len(part)
            if i + 1 < len(parts):
                if source.startswith("\\|", q):
                    q += 1
                elif not source.startswith("|", q):
                    ok = False
                    break
                at.append(offset)
                col.append(q)
                q += 1
                offset += 1
        if ok:
            return _Block(content, at, [line + 1] * len(at), col), q
        begin = source.find(head, begin + 1)
    return None


def _clean_inline(block: _Block, md: MarkdownIt, env: dict[str, object]) -> list[tuple[int, str]]:
    """Remove inline markup from the block's content (see `_Recorder`).

    Returns the facts directives found in inline HTML, by content offset.
    """
    content = block.content
    rec = _Recorder()
    env[_RECORDER] = rec
    try:
        md.inline.parse(content, md, env, [])
    finally:
        del env[_RECORDER]
    edits = rec.edits
    edits.extend(
        (at, at + 1, "")
        for at, token in rec.delimiters
        if token.type != "text" or not token.content
    )
    edits.sort()
    parts: list[str] = []
    size = 0
    pos = 0
    for start, end, replacement in edits:
        if start < pos:
            continue  # why: markdown-it never yields overlapping markup; be safe anyway
        if start > pos:
            block.piece_at.append(size)
            block.piece_src.append(pos)
            block.piece_len.append(0)
            parts.append(content[pos:start])
            size += start - pos
        if start in rec.code:
            block.code_at.append(size)
        if replacement:
            block.piece_at.append(size)
            block.piece_src.append(start)
            block.piece_len.append(end - start)
            parts.append(replacement)
            size += len(replacement)
        pos = end
    if pos < len(content):
        block.piece_at.append(size)
        block.piece_src.append(pos)
        block.piece_len.append(0)
        parts.append(content[pos:])
    block.clean = "".join(parts)
    return rec.directives


def _normalise(text: str) -> str:
    """Line endings to "\\n", NUL to U+FFFD, no BOM (lines and columns stay as shown)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


def _lost_object(clean: str, a: int, b: int, code_at: list[int]) -> bool:
    """Whether inline code was removed at the end of sentence `clean[a:b]`.

    why: "The command skips code like `x`." reads "skips code like ." once
    the code is gone; with no word left after the code, its object is lost.
    """
    stop = b
    if _SENTENCE_END.search(clean, a, b) is None:
        # why: a sentence without a terminator runs to the block's end, and
        # code there ("Run `facts`") was removed after its last word.
        while stop < len(clean) and clean[stop].isspace():
            stop += 1
    return any(a <= g <= stop and _HAS_WORD.search(clean, g, b) is None for g in code_at)


def _block_sentences(
    block: _Block, lines: list[str], gate: _Gate, exact: bool, *, label: bool = False
) -> Iterator[Sentence]:
    """The sentences of one block; `label`: a heading or a table cell (see `makes_statement`)."""
    clean = block.clean
    found: list[tuple[int, int]] = []
    start, _ = _scan(clean, 0, 0, True, found)
    _pieces(clean, start, len(clean), found)
    plain = _plain_spaces(clean)
    for a, b in found:
        text = _words(clean, a, b, plain)
        if text is None:
            continue
        c_start, c_end = block.content_range(a, b)
        line, col = block.where(c_start)
        end_line, end_col = block.where(c_end - 1)
        col += 1
        end_col += 2
        if not exact:
            # why: an unaligned block is placed at its first line; keep every
            # span inside the document whatever happens.
            end_col = min(end_col, len(lines[end_line - 1]) + 1)
            col = min(col, len(lines[line - 1]) + 1)
            if (line, col) > (end_line, end_col):
                line, col = end_line, end_col
        if not (gate.idle or gate.allows((line, col), (end_line, end_col))):
            continue
        # why: after the gate, so a facts-ignore before a label still skips that label
        if label and not makes_statement(text):
            continue
        if block.code_at and _lost_object(clean, a, b, block.code_at):
            continue
        yield Sentence(text, Span(line, col, end_line, end_col))


def _html_directives(token: Token, lines: list[str], gate: _Gate) -> None:
    """Record the directives in an HTML block (usually a lone comment)."""
    if token.map is None or "<!--" not in token.content:
        return
    newlines, counted = 0, 0
    for m in _DIRECTIVE.finditer(token.content):
        # why: count newlines incrementally; recounting from the block start is quadratic
        newlines += token.content.count("\n", counted, m.start())
        counted = m.start()
        line = min(token.map[0] + newlines, len(lines) - 1)
        col = lines[line].find(m.group())
        gate.add((line + 1, col + 1 if col >= 0 else 1), m.group(1))


def split_markdown(text: str) -> Iterator[Sentence]:
    """Split a Markdown document into the sentences of its prose.

    Each heading and each table cell is a sentence (or several) of its own;
    paragraphs, list items and block quotes are split into sentences.  Inline
    markup is removed from the text (link text is kept; images, inline code
    and HTML are dropped); spans point at the original characters.  A block
    with too much inline markup is split as plain text (`MAX_INLINE_MARKUP`).
    """
    doc = _normalise(text)
    lines = doc.split("\n")
    skip = _front_matter_lines(lines)
    source = "\n" * skip + "\n".join(lines[skip:]) if skip else doc
    md = _parser()
    env: dict[str, object] = {}
    tokens = md.parse(source, env)
    gate = _Gate()
    budget = MAX_DOCUMENT_MARKUP
    cursor = 0  # where the next table cell is looked for in its row
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "html_block":
            _html_directives(token, lines, gate)
            continue
        if kind == "tr_open":
            cursor = 0
            continue
        if kind != "inline" or token.map is None:
            continue
        content = token.content
        if not content or content.isspace():
            continue
        first = token.map[0]
        parent = tokens[i - 1]
        block: _Block | None
        label = parent.type in ("th_open", "td_open", "heading_open")
        if parent.type in ("th_open", "td_open"):
            cell = _cell_segments(content, first, lines, cursor)
            block, cursor = cell if cell is not None else (None, cursor)
        elif parent.type == "heading_open" and parent.markup.startswith("#"):
            block = _heading_segments(content, first, lines)
        else:
            block = _paragraph_segments(content, range(first, token.map[1]), lines)
        exact = block is not None
        if block is None:
            row = min(first, len(lines) - 1)
            indent = len(lines[row]) - len(lines[row].lstrip())
            block = _Block(content, [0], [row + 1], [indent])
        block.clean = content
        if _MARKUP.search(content) is not None:
            # why: markdown-it costs tens of microseconds per markup character
            # (images twice that), superlinearly on runs of brackets
            count = sum(content.count(c) for c in "\\`*_[<&") + content.count("![")
            if count <= MAX_INLINE_MARKUP and count <= budget:
                budget -= count
                for at, directive in _clean_inline(block, md, env):
                    line, col = block.where(at)
                    gate.add((line, col + 1), directive)
        yield from _block_sentences(block, lines, gate, exact, label=label)
