"""What `facts check` reads: classifying INPUT arguments, walking directories, decoding bytes.

Plain functions and records; nothing here prints or exits. Decoding is
incremental so a long plain-text input is never held in memory whole.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, BinaryIO

from abduction_facts.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from abduction_facts.report import DraftInfo

STDIN = "-"
STDIN_NAME = "<stdin>"
MARKDOWN_SUFFIXES = (".md", ".markdown")
DOCUMENT_SUFFIXES = (*MARKDOWN_SUFFIXES, ".txt")
# why: directories every project has that never hold drafts (and may be huge).
SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__"})
CHUNK_SIZE = 64 * 1024
# why: the same window git and grep use to call a file binary.
BINARY_SNIFF_BYTES = 8 * 1024
_UTF8_BOM = codecs.BOM_UTF8
# why: front matter is a few lines; a longer head is not read for its date.
FRONT_MATTER_MAX_BYTES = 64 * 1024
# the closing lines of YAML (---) and TOML (+++) front matter, as segment.py skips it
_FRONT_MATTER_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# a line that only Markdown starts so: an ATX heading or a code fence (up to 3 spaces in)
_MARKDOWN_LINE = re.compile(r" {0,3}(?:#{1,6}[ \t]|```)")
# a top-level `date` key (YAML `date:`, TOML `date =`)
_DATE_KEY = re.compile(r"^[\"']?date[\"']?\s*[:=]", re.MULTILINE)


class InputKind(StrEnum):
    """What one INPUT argument names."""

    STDIN = "stdin"
    FILE = "file"
    DIRECTORY = "directory"
    STATEMENT = "statement"


@dataclass(frozen=True, slots=True)
class Input:
    """One INPUT argument, classified. `name` is how reports refer to it."""

    kind: InputKind
    name: str

    @property
    def path(self) -> Path:
        """The file or directory this input names."""
        from pathlib import Path

        return Path(self.name)


def looks_like_path(arg: str) -> bool:
    """Whether `arg` is meant as a path: it ends in a document ending
    (`.md`, `.markdown`, `.txt`; spaces around it ignored), or it has a path
    separator and no whitespace.

    why: "my draft.md" is a file name with a space, while a sentence with a
    slash ("The Japan/North Korea talks stalled.") has spaces and ends in
    a full stop; a statement never ends in ".md".
    """
    name = arg.strip()
    if name.lower().endswith(DOCUMENT_SUFFIXES):
        return True
    if not name or any(ch.isspace() for ch in name):
        return False
    return "/" in name or os.sep in name


def classify(arg: str, *, force_text: bool = False) -> Input:
    """Classify one INPUT per the contract; a missing path raises InputError."""
    if force_text:
        return Input(InputKind.STATEMENT, arg)
    if arg == STDIN:
        return Input(InputKind.STDIN, arg)
    # why: only path-like arguments touch the file system, so a statement such
    # as "Kishida met Soga" is never mistaken for a file of that name.
    if looks_like_path(arg) or os.path.lexists(arg):
        if os.path.isdir(arg):
            return Input(InputKind.DIRECTORY, arg)
        if os.path.exists(arg):
            return Input(InputKind.FILE, arg)
        if looks_like_path(arg):
            raise InputError(f"no such file: {arg}")
    return Input(InputKind.STATEMENT, arg)


def is_markdown(name: str) -> bool:
    """Whether a document is read as Markdown (by its file name ending)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def markdown_by_name(name: str) -> bool | None:
    """Whether a name says how to read stdin: True for `.md`/`.markdown`,
    False for `.txt`, None when it does not say (then `looks_like_markdown`)."""
    if is_markdown(name):
        return True
    if name.lower().endswith(".txt"):
        return False
    return None


def looks_like_markdown(head: str) -> bool:
    """Whether unnamed text (stdin) is Markdown, from its start: front matter
    ("---" or "+++" as its first line, closed further on), or a line that
    starts with an ATX heading ("# ", up to "###### ") or a ``` fence.

    why: piped Markdown read as prose had its front matter, headings and
    code judged as sentences; plain prose rarely has any of these.
    """
    lines = _LINE_BREAK.split(head.removeprefix("\ufeff"))
    closers = _FRONT_MATTER_CLOSERS.get(lines[0].rstrip())
    if closers is not None and any(line.rstrip() in closers for line in lines[1:]):
        return True
    return any(_MARKDOWN_LINE.match(line) for line in lines)


class PrefixedStream(io.RawIOBase):
    """A stream of `head`, then whatever `rest` still holds (stdin read ahead)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        """Always: this stream is for reading."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill `buffer` from the head first, then from the rest."""
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def is_document_name(name: str) -> bool:
    """Whether a file found in a directory is checked (`*.md`, `*.markdown`, `*.txt`)."""
    return name.lower().endswith(DOCUMENT_SUFFIXES)


def find_documents(
    root: str,
    *,
    is_excluded: Callable[[Path], bool] = lambda _path: False,
) -> list[str]:
    """Every document under directory `root`, sorted, as paths joined onto `root`.

    Hidden entries (".git", ".venv", ".draft.md"), `node_modules` and anything
    `is_excluded` rejects are skipped; excluded directories are not entered.
    Symbolic links to directories are not followed (no cycles).
    """
    from pathlib import Path

    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        kept = [
            d
            for d in dirnames
            if not _is_hidden(d)
            and d not in SKIPPED_DIRECTORIES
            and not is_excluded(Path(dirpath, d))
        ]
        dirnames[:] = sorted(kept)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if _is_hidden(name) or not is_document_name(name) or is_excluded(Path(path)):
                continue
            if not os.path.isfile(path):
                continue
            rel = os.path.relpath(path, root)
            found.append((tuple(Path(rel).parts), path))
    return [path for _key, path in sorted(found)]


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file say it is not text (a NUL byte in the first 8 KiB)."""
    return b"\x00" in head[:BINARY_SNIFF_BYTES]


class DocumentReader:
    """Decodes a byte stream as UTF-8, incrementally, into lines.

    Invalid bytes become U+FFFD (as `errors="replace"` does); the offset of
    the first one is kept in `first_invalid_byte` so the caller can warn once.
    A leading UTF-8 byte order mark is dropped. `on_read` is told how many
    bytes each read consumed (for a progress bar).
    """

    def __init__(
        self,
        stream: BinaryIO,
        *,
        chunk_size: int = CHUNK_SIZE,
        on_read: Callable[[int], None] | None = None,
    ) -> None:
        self._stream = stream
        self._chunk_size = max(chunk_size, BINARY_SNIFF_BYTES)
        self._on_read = on_read
        self._head: bytes | None = None
        self._used = False
        self.first_invalid_byte: int | None = None

    def _read(self) -> bytes:
        chunk = self._stream.read(self._chunk_size)
        if chunk and self._on_read is not None:
            self._on_read(len(chunk))
        return chunk

    def head(self) -> bytes:
        """The first chunk of the stream (read once, kept for decoding)."""
        if self._head is None:
            self._head = self._read()
        return self._head

    def is_binary(self) -> bool:
        """Whether the stream looks binary (see `looks_binary`)."""
        return looks_binary(self.head())

    def chunks(self) -> Iterator[str]:
        """The decoded text, chunk by chunk (can be consumed only once)."""
        if self._used:
            raise RuntimeError("a DocumentReader can be read only once")
        self._used = True
        errors = "strict"
        offset = 0  # byte offset in the stream of data[0]
        data = b""
        for chunk in self._raw_chunks():
            if offset == 0 and not data and chunk.startswith(_UTF8_BOM):
                chunk = chunk[len(_UTF8_BOM) :]
                offset = len(_UTF8_BOM)
            data = data + chunk if data else chunk
            text, consumed, errors = self._decode(data, offset, errors, final=False)
            if text:
                yield text
            offset += consumed
            data = data[consumed:]
        text, _consumed, _errors = self._decode(data, offset, errors, final=True)
        if text:
            yield text

    def _raw_chunks(self) -> Iterator[bytes]:
        chunk = self.head()
        while chunk:
            yield chunk
            chunk = self._read()

    def _decode(
        self, data: bytes, offset: int, errors: str, *, final: bool
    ) -> tuple[str, int, str]:
        try:
            text, consumed = codecs.utf_8_decode(data, errors, final)
        except UnicodeDecodeError as exc:
            # why: only the first bad byte is reported, so after it the rest
            # of the stream is decoded by the C replace handler (no Python
            # work per bad byte in a file full of them).
            self.first_invalid_byte = offset + exc.start
            errors = "replace"
            text, consumed = codecs.utf_8_decode(data, errors, final)
        return text, consumed, errors

    def lines(self) -> Iterator[str]:
        """The decoded text line by line, each with its line ending ("\\n" or "\\r\\n")."""
        pending: list[str] = []
        for text in self.chunks():
            start = 0
            while True:
                end = text.find("\n", start)
                if end < 0:
                    break
                pending.append(text[start : end + 1])
                yield "".join(pending)
                pending.clear()
                start = end + 1
            if start < len(text):
                pending.append(text[start:])
        if pending:
            yield "".join(pending)

    def read_text(self) -> str:
        """The whole decoded text (for Markdown, which is parsed as one document)."""
        return "".join(self.chunks())


def front_matter_date(head: str) -> str | None:
    """The date a Markdown document's front matter gives it, or None.

    `head` is the start of the document, its front matter whole: YAML between
    "---" lines (`date: 2022-10-15`) or TOML between "+++" lines
    (`date = 2022-10-15`). A timestamp gives its date as written
    ("2022-10-15T09:00:00+09:00" is 2022-10-15). Raises ValueError, saying
    why, when the front matter has a `date` that cannot be read.
    """
    found = _front_matter_body(head)
    if found is None:
        return None
    body, toml = found
    if _DATE_KEY.search(body) is None:
        return None
    table = _read_front_matter(body, toml=toml)
    if not isinstance(table, dict) or "date" not in table:
        return None
    from abduction_facts.dates import as_of_value

    return as_of_value(table["date"])


def _front_matter_body(head: str) -> tuple[str, bool] | None:
    """The front matter of a document starting with `head`, and whether it is
    TOML (else YAML); None when the document has none."""
    lines = _LINE_BREAK.split(head.removeprefix("\ufeff"))
    opener = lines[0].rstrip()
    closers = _FRONT_MATTER_CLOSERS.get(opener)
    if closers is None:
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if end is None:
        return None  # not front matter: segment.py checks these lines as prose
    return "\n".join(lines[1:end]), opener == "+++"


def front_matter_draft(head: str) -> tuple[DraftInfo, list[str]]:
    """Who wrote a Markdown document, its title and URL, from its front matter.

    `head` is as for `front_matter_date`. `author` (or `authors`) is a name,
    a list of names, or `{name: …}` mappings; `title` a string; `url` an
    absolute http(s) URL. Returns what was found and, as warnings without
    the document's name, what was there but could not be used.
    """
    from urllib.parse import urlsplit

    from abduction_facts.report import DraftInfo

    found = _front_matter_body(head)
    if found is None:
        return DraftInfo(), []
    body, toml = found
    try:
        table = _read_front_matter(body, toml=toml)
    except ValueError as exc:
        # why: a front matter with a date has already warned that it cannot be read
        said = _DATE_KEY.search(body) is not None
        return DraftInfo(), [] if said else [f"cannot read the front matter ({exc})"]
    if not isinstance(table, dict):
        return DraftInfo(), []
    warnings: list[str] = []
    authors: tuple[str, ...] = ()
    key = "author" if "author" in table else "authors"
    if key in table:
        names = _names(table[key])
        if names is None:
            warnings.append(f"front matter {key} is not a name or a list of names")
        else:
            authors = names
    title = table.get("title")
    if title is not None and not isinstance(title, str):
        warnings.append("front matter title is not text")
    title = title.strip() or None if isinstance(title, str) else None
    url = table.get("url")
    if url is not None:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            warnings.append(f"front matter url {url!r} is not an absolute http(s) URL")
            url = None
    return DraftInfo(authors=authors, title=title, url=url), warnings


def _names(value: object) -> tuple[str, ...] | None:
    """Names from a front matter `author`: a string, `{name: …}`, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str):
            return None
        if name.strip():
            names.append(name.strip())
    return tuple(names)


def _read_front_matter(body: str, *, toml: bool) -> object:
    """The front matter's settings; ValueError when it is not valid YAML or TOML."""
    if toml:
        import tomllib

        try:
            return tomllib.loads(body)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"invalid TOML: {exc}") from None
    import yaml

    try:
        return yaml.safe_load(body)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ValueError(f"invalid YAML{where}: {exc.problem or exc}") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        # why: PyYAML raises ValueError for a timestamp that is no date (2022-02-30)
        raise ValueError(f"invalid YAML: {exc}") from None


def document_head(name: str) -> str:
    """The start of a file, decoded, with its front matter whole if it has one
    (up to `FRONT_MATTER_MAX_BYTES`); "" if it cannot be read.

    why: a document's date is needed before it is judged; an unreadable file
    is reported when it is read for checking, not here.
    """
    try:
        with open(name, "rb") as handle:
            data = handle.read(BINARY_SNIFF_BYTES)
            # why: most documents have no front matter; read no further than their first line
            if data.removeprefix(_UTF8_BOM).startswith((b"---", b"+++")):
                data += handle.read(FRONT_MATTER_MAX_BYTES - len(data))
    except OSError:
        return ""
    return data.decode("utf-8", "replace")
