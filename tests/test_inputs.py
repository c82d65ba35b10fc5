"""Input classification, directory walking and incremental decoding (abduction_facts.inputs)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from abduction_facts.errors import InputError
from abduction_facts.inputs import (
    BINARY_SNIFF_BYTES,
    DocumentReader,
    InputKind,
    classify,
    find_documents,
    is_markdown,
    looks_like_path,
)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty temporary directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("draft.md", True),
        ("notes.TXT", True),
        ("essay.markdown", True),
        ("drafts/", True),
        ("./x", True),
        ("a/b", True),
        ("Japan has identified 17 citizens.", False),
        ("U.S.", False),
        ("17", False),
        ("Pyongyang", False),
        ("see drafts/x", False),  # whitespace and no document ending: a statement
        ("", False),
    ],
)
def test_looks_like_path(arg: str, expected: bool) -> None:
    assert looks_like_path(arg) is expected


def test_existing_file_is_a_document(in_tmp: Path) -> None:
    (in_tmp / "draft.md").write_text("Text.\n", encoding="utf-8")
    assert classify("draft.md").kind is InputKind.FILE


def test_existing_file_without_suffix_is_a_document(in_tmp: Path) -> None:
    (in_tmp / "NOTES").write_text("Text.\n", encoding="utf-8")
    assert classify("NOTES").kind is InputKind.FILE


def test_directory(in_tmp: Path) -> None:
    (in_tmp / "drafts").mkdir()
    assert classify("drafts").kind is InputKind.DIRECTORY


@pytest.mark.usefixtures("in_tmp")
@pytest.mark.parametrize("arg", ["missing.md", "drafts/missing", "nope.txt", "a/b"])
def test_missing_path_is_an_error(arg: str) -> None:
    with pytest.raises(InputError, match=f"no such file: {arg}"):
        classify(arg)


@pytest.mark.usefixtures("in_tmp")
@pytest.mark.parametrize("arg", ["Kishida met Soga.", "Pyongyang", "17", "U.S."])
def test_statement(arg: str) -> None:
    item = classify(arg)
    assert item.kind is InputKind.STATEMENT
    assert item.name == arg


def test_dash_is_stdin() -> None:
    assert classify("-").kind is InputKind.STDIN


def test_text_forces_statements(in_tmp: Path) -> None:
    (in_tmp / "draft.md").write_text("Text.\n", encoding="utf-8")
    assert classify("draft.md", force_text=True).kind is InputKind.STATEMENT
    assert classify("missing.md", force_text=True).kind is InputKind.STATEMENT


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.md", True), ("A.MARKDOWN", True), ("a.txt", False), ("<stdin>", False), ("md", False)],
)
def test_is_markdown(name: str, expected: bool) -> None:
    assert is_markdown(name) is expected


# --- directory walking ------------------------------------------------------------------


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Text.\n", encoding="utf-8")


def test_find_documents_sorted_and_filtered(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.md",
        "a.txt",
        "c.markdown",
        "image.png",
        "sub/z.md",
        "sub/deeper/y.txt",
        "a-b.md",
        ".hidden.md",
        ".git/x.md",
        "node_modules/pkg/readme.md",
    )
    found = find_documents(str(tmp_path))
    rel = [os.path.relpath(p, tmp_path) for p in found]
    assert rel == ["a-b.md", "a.txt", "b.md", "c.markdown", "sub/deeper/y.txt", "sub/z.md"]


def test_find_documents_keeps_the_given_spelling(in_tmp: Path) -> None:
    _touch(in_tmp, "drafts/a.md")
    assert find_documents("./drafts") == ["./drafts/a.md"]
    assert find_documents("drafts/") == ["drafts/a.md"]


def test_find_documents_prunes_excluded(tmp_path: Path) -> None:
    _touch(tmp_path, "keep.md", "archive/old.md", "skip.txt")

    def excluded(path: Path) -> bool:
        return path.name in {"archive", "skip.txt"}

    found = find_documents(str(tmp_path), is_excluded=excluded)
    assert [os.path.relpath(p, tmp_path) for p in found] == ["keep.md"]


def test_find_documents_does_not_follow_directory_links(tmp_path: Path) -> None:
    _touch(tmp_path, "a.md")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [os.path.relpath(p, tmp_path) for p in find_documents(str(tmp_path))] == ["a.md"]


def test_find_documents_empty(tmp_path: Path) -> None:
    _touch(tmp_path, "image.png")
    assert find_documents(str(tmp_path)) == []


# --- decoding ---------------------------------------------------------------------------


def _read(data: bytes, chunk_size: int = BINARY_SNIFF_BYTES) -> tuple[list[str], int | None]:
    reader = DocumentReader(io.BytesIO(data), chunk_size=chunk_size)
    lines = list(reader.lines())
    return lines, reader.first_invalid_byte


def test_lines_keep_their_endings() -> None:
    assert _read(b"one\ntwo\r\nthree") == (["one\n", "two\r\n", "three"], None)


def test_empty_stream() -> None:
    assert _read(b"") == ([], None)


def test_byte_order_mark_is_dropped() -> None:
    assert _read(b"\xef\xbb\xbfHello.\n") == (["Hello.\n"], None)


def test_invalid_utf8_is_replaced_and_first_offset_kept() -> None:
    lines, offset = _read(b"ok\nbad \xff byte \xfe\n")
    assert lines == ["ok\n", "bad \ufffd byte \ufffd\n"]
    assert offset == 7


def test_offset_counts_the_byte_order_mark() -> None:
    _lines, offset = _read(b"\xef\xbb\xbfab\xff")
    assert offset == 5


def test_truncated_sequence_at_the_end() -> None:
    assert _read(b"caf\xc3") == (["caf\ufffd"], 3)


def test_multibyte_characters_across_chunk_boundaries() -> None:
    text = "a" + "é—北" * 20_000 + "\n"
    lines, offset = _read(text.encode("utf-8"), chunk_size=BINARY_SNIFF_BYTES)
    assert lines == [text]
    assert offset is None


def test_invalid_byte_offset_far_into_a_stream() -> None:
    data = ("é" * 50_000).encode("utf-8") + b"\x80" + b"tail\n"
    lines, offset = _read(data)
    assert offset == 100_000
    assert lines[0].endswith("é\ufffdtail\n")


def test_many_invalid_bytes_decode_in_linear_time() -> None:
    data = b"\xff" * 2_000_000
    lines, offset = _read(data, chunk_size=64 * 1024)
    assert offset == 0
    assert len(lines[0]) == 2_000_000


def test_a_long_line_is_read_whole() -> None:
    line = "x" * 1_000_000
    assert _read(line.encode())[0] == [line]


def test_read_text_is_the_whole_document() -> None:
    reader = DocumentReader(io.BytesIO(b"# Title\n\nBody \xff.\n"))
    assert reader.read_text() == "# Title\n\nBody \ufffd.\n"
    assert reader.first_invalid_byte == 14


def test_binary_detection() -> None:
    assert DocumentReader(io.BytesIO(b"PNG\x00\x01")).is_binary()
    assert not DocumentReader(io.BytesIO(b"plain text\n")).is_binary()
    late_nul = b"x" * BINARY_SNIFF_BYTES + b"\x00"
    assert not DocumentReader(io.BytesIO(late_nul)).is_binary()


def test_reading_after_binary_check_starts_at_the_beginning() -> None:
    reader = DocumentReader(io.BytesIO(b"first\nsecond\n"))
    assert not reader.is_binary()
    assert list(reader.lines()) == ["first\n", "second\n"]


def test_progress_callback_counts_every_byte() -> None:
    seen: list[int] = []
    data = b"line\n" * 50_000
    reader = DocumentReader(io.BytesIO(data), chunk_size=BINARY_SNIFF_BYTES, on_read=seen.append)
    assert sum(1 for _ in reader.lines()) == 50_000
    assert sum(seen) == len(data)


def test_reader_is_single_use() -> None:
    reader = DocumentReader(io.BytesIO(b"a\n"))
    list(reader.lines())
    with pytest.raises(RuntimeError):
        list(reader.lines())


def test_lines_are_streamed_not_read_whole() -> None:
    """The first line arrives before the stream has been read to its end."""

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = b"Japan has identified 17 citizens.\n" * 100
            n = min(len(buffer), len(chunk))
            buffer[:n] = chunk[:n]
            return n

    stream = io.BufferedReader(Endless())
    lines = DocumentReader(stream, chunk_size=BINARY_SNIFF_BYTES).lines()
    assert next(lines) == "Japan has identified 17 citizens.\n"
