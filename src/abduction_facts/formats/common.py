"""Helpers every format shares: showing user text safely, paths, JSON dumping."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from abduction_facts.models import Verdict

# why: line breaks inside one sentence are just where the draft wrapped; shown as spaces.
_LINE_BREAKS: Final = ("\r\n", "\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029")

# why: bidi controls can reorder what a reader sees ("Trojan Source"), so they are shown.
_BIDI_CONTROLS: Final = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _terminal_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code != 0x09:  # tab is harmless and kept
            table[code] = chr(0x2400 + code)  # control pictures: ESC → ␛, NUL → ␀
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = f"\\u{code:04x}"
    for char in _BIDI_CONTROLS:
        table[ord(char)] = f"\\u{ord(char):04x}"
    return table


_TERMINAL_TABLE: Final = _terminal_table()
_KEEP_NEWLINES_TABLE: Final = {
    code: picture for code, picture in _TERMINAL_TABLE.items() if code not in (0x0A, 0x0D)
}

SUMMARY_ORDER: Final = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIED)
"""The order verdicts are counted in summary lines."""

# why: JSON with ensure_ascii=False writes C1 controls and U+2028/9 raw; a C1 CSI
# (U+009B) can drive some terminals, so those are written as \u escapes.
_JSON_TABLE: Final = {
    **{code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)},
    0x2028: "\\u2028",
    0x2029: "\\u2029",
    **{ord(c): f"\\u{ord(c):04x}" for c in _BIDI_CONTROLS},
}
_JSON_SPECIAL: Final = re.compile("[" + "".join(re.escape(chr(c)) for c in _JSON_TABLE) + "]")
# the C string encoder json.dumps(..., ensure_ascii=False) uses
_encode_string: Final[Callable[[str], str]] = json.encoder.encode_basestring


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """User text made inert for a terminal or a CI log, still readable literally.

    Line breaks become spaces (with `keep_newlines`, LF and CR are kept for a
    caller that escapes them itself); tab is kept; other C0 controls and DEL
    become their Unicode control pictures (ESC shows as "␛"); C1 and
    bidirectional controls become visible `\\uXXXX` escapes. Nothing else
    changes, so the text reads as the draft wrote it, brackets included.
    """
    if keep_newlines:
        return text.translate(_KEEP_NEWLINES_TABLE)
    for line_break in _LINE_BREAKS:
        text = text.replace(line_break, " ")
    return text.translate(_TERMINAL_TABLE)


_OPENING_QUOTES: Final = '\u201c\u201e\u00ab"'  # “ „ « "
_CLOSING_QUOTES: Final = '\u201d\u00bb"'  # ” » "


def quoted_passage(passage: str) -> str:
    """A source passage between “ and ”, unless that would unbalance its own quotes.

    why: a verbatim passage often starts or ends inside a quotation
    ("“My mother will be turning 91 …,” said Soga"); another pair around it
    reads as ““My mother…”. Such a passage, or one whose own quotation marks
    do not pair up, is shown as it is.
    """
    core = passage.strip()
    if not core or core[0] in _OPENING_QUOTES or core[-1] in _CLOSING_QUOTES:
        return passage
    if core.count("\u201c") != core.count("\u201d") or core.count('"') % 2:
        return passage
    return f"\u201c{passage}\u201d"


def wording_match(score: float) -> str:
    """A result's score in words: "wording match 85%".

    The score (0-100) measures how closely the sentence is worded like its
    claim, not whether it is true: a contradicted sentence at 100% is the
    claim's own wording with a fact changed.
    """
    return f"wording match {round(score)}%"


def summary_line(summary: Mapping[str, int]) -> str:
    """The counts of `CheckReport.summary()` in words.

    "3 sentences: 1 supported, 1 contradicted, 1 unverified".
    """
    total = summary.get("sentences", 0)
    noun = "sentence" if total == 1 else "sentences"
    counts = ", ".join(f"{summary.get(v.value, 0)} {v.value}" for v in summary_order(summary))
    return f"{total} {noun}: {counts}"


def summary_order(summary: Mapping[str, int]) -> tuple[Verdict, ...]:
    """The verdicts a summary line counts: `SUMMARY_ORDER`, with `disputed` after
    `contradicted` when the summary has it (`CheckReport.summary` leaves out 0)."""
    if Verdict.DISPUTED.value not in summary:
        return SUMMARY_ORDER
    return (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.DISPUTED, Verdict.UNVERIFIED)


def relative_path(path: str, base_dir: str | None = None) -> str:
    """`path` relative to `base_dir` (the working directory when None), with "/".

    A path outside `base_dir` stays absolute (still with forward slashes), so
    it is never written as a "../" path that depends on where CI checked out.
    A pseudo-path such as "<stdin>" is returned as it is.
    """
    if path.startswith("<") and path.endswith(">"):
        return path
    # why: pathlib costs the text format (which never calls this) ~4 ms of start-up
    from pathlib import PurePath

    base = os.path.abspath(base_dir if base_dir is not None else os.getcwd())
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return PurePath(absolute).as_posix()
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return PurePath(absolute).as_posix()
    return PurePath(relative).as_posix()


def dump_json(document: Any) -> str:
    """`document` as JSON: UTF-8 text, 2-space indent, keys in insertion order, final newline.

    The output parses to exactly `document`; only characters that could act
    on a terminal are written as `\\u` escapes (see `_JSON_TABLE`).
    """
    # why: in JSON text these characters can only occur inside strings, where an
    # escape means the same, so translating the dumped text is safe.
    return _escape_controls(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def dump_json_records(document: Mapping[str, Any], records_key: str) -> str:
    """Like `dump_json`, but each item of `document[records_key]` (a list or
    any iterable, consumed once) on one line.

    why: an archive sweep reports tens of thousands of sentences; the indented
    encoder is pure Python and five times slower than the compact C one, and a
    record per line stays easy to read and to grep.
    """
    return "".join(iter_json_records(document, records_key))


def iter_json_records(
    document: Mapping[str, Any],
    records_key: str,
    encode: Callable[[Any], str] | None = None,
    tail: Callable[[], Mapping[str, Any]] | None = None,
) -> Iterator[str]:
    """`dump_json_records` in pieces, a record at a time, for writing as it goes.

    `encode`, if given, turns each item of `document[records_key]` into its
    one-line JSON text, as `compact_json` would (a faster path for a caller
    that knows its records). `tail`, if given, is called once the records
    have been written, for the keys that follow them (counts of a stream).
    """
    encode = encode or compact_json
    yield "{\n"
    items = list(document.items())
    index = 0
    while index < len(items):
        key, value = items[index]
        index += 1
        if key == records_key and not isinstance(value, Mapping | str):
            first = True
            for item in value:
                yield ("" if first else ",\n") + (f"  {_compact(key)}: [\n" if first else "")
                yield "    " + encode(item)
                first = False
            if tail is not None:
                items[index:index] = tail().items()
            comma = "," if index < len(items) else ""
            yield f"  {_compact(key)}: []{comma}\n" if first else f"\n  ]{comma}\n"
        else:
            comma = "," if index < len(items) else ""
            yield _escape_controls(f"  {_compact(key)}: {_compact(value)}{comma}\n")
    yield "}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def compact_json(value: Any) -> str:
    """`value` as one line of JSON, as the records of `dump_json_records` are written."""
    return _escape_controls(_compact(value))


def json_string(text: str) -> str:
    """`text` as a JSON string literal, escaped as `compact_json` escapes it."""
    return _escape_controls(_encode_string(text))


def _escape_controls(text: str) -> str:
    # why: translating a 30 MB report char by char is slow; most have nothing to escape
    return text.translate(_JSON_TABLE) if _JSON_SPECIAL.search(text) else text


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
