"""Hostile input, broken claims files, no tracebacks (issue 7, items 1-4).

Every case goes through the real command line with the real engine: typer's
CliRunner for most, the installed `facts` executable where a real process
matters (closed streams, named pipes, resource limits, and every "bounded
cost" case).

Whatever the input, `facts` must end with exit code 0, 1 or 2, say what went
wrong in one line on stderr, and never show a traceback or an "internal
error" (the CLI's last-resort message for an exception nobody handled).

Bounded cost: the large inputs are written once and checked by `facts`
processes started together when the module starts, so they run while the
other tests do. Each process runs under a CPU-time budget (RLIMIT_CPU, see
`cpu_budget`), which a slow machine or a busy CI runner does not eat into,
and a much longer wall-clock timeout in case it blocks; its peak memory comes
from `os.wait4`, the per-child form of `getrusage(RUSAGE_CHILDREN)`.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.cli import app

FACTS = Path(sys.executable).parent / "facts"
FIXTURES = Path(__file__).parent / "fixtures" / "robustness"
VALID_CLAIMS = Path(__file__).parent / "fixtures" / "claims" / "valid.yaml"

CONTRADICTED = "Japan has identified 13 abductees."
"""A statement the bundled claims base contradicts (17, not 13): exit code 1."""

ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "COLUMNS": "200",
    "FORCE_COLOR": None,
    "GITHUB_STEP_SUMMARY": None,
    "FACTS_TRACEBACK": None,
    "TERM": None,
}

needs_exe = pytest.mark.skipif(not FACTS.exists(), reason="the facts script is not installed")
needs_posix = pytest.mark.skipif(os.name != "posix", reason="needs POSIX processes and limits")


# --- helpers ---------------------------------------------------------------------------


def invoke(*args: str, stdin: str | bytes | None = None, **env: str | None) -> Result:
    """Run `facts ARGS` in-process (no colour, wide lines unless `env` says otherwise)."""
    return CliRunner().invoke(app, list(args), input=stdin, env={**ENV, **env})


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_no_crash(stdout: str, stderr: str) -> None:
    """No traceback and no "internal error" (an exception the CLI did not expect)."""
    for stream in (stdout, stderr):
        assert "Traceback" not in stream, stream
        assert "internal error" not in stream, stream


def assert_finished(result: Result, *codes: int) -> None:
    """Exit code among `codes`, and no crash."""
    assert_no_crash(result.stdout, result.stderr)
    assert result.exit_code in codes, (result.exit_code, result.stdout, result.stderr)


def assert_one_line_error(result: Result, *fragments: str) -> str:
    """Exit 2 with exactly one "error: …" line on stderr containing every fragment."""
    assert_finished(result, 2)
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])
    return errors[0]


def json_payload(result: Result) -> dict[str, Any]:
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in its own empty directory, away from any project configuration."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV}
    env.update(NO_COLOR="1", COLUMNS="200", **extra)
    return env


# --- 1. every input path ends in 0, 1 or 2 --------------------------------------------


def test_invalid_utf8_warns_with_file_and_offset_and_still_checks(tmp_path: Path) -> None:
    write(tmp_path / "latin1.txt", f"{CONTRADICTED} Caf\xe9 au lait.\n".encode("latin-1"))
    result = invoke("check", "latin1.txt", "--format", "json")
    assert_finished(result, 1)
    offset = len(CONTRADICTED) + len(" Caf")
    assert f"latin1.txt: invalid UTF-8 at byte {offset}" in result.stderr
    texts = [r["text"] for r in json_payload(result)["results"]]
    assert texts == [CONTRADICTED, "Caf\ufffd au lait."]


def test_invalid_utf8_offset_is_exact_beyond_the_first_read(tmp_path: Path) -> None:
    """The offset counts from the start of the file, not of the 64 KiB chunk it was read in."""
    write(tmp_path / "far.md", b"word " * 20_000 + b"\xff tail.\n")
    result = invoke("check", "far.md", "--format", "json")
    assert_finished(result, 0)
    assert "far.md: invalid UTF-8 at byte 100000" in result.stderr
    assert json_payload(result)["results"]


def test_multibyte_character_across_read_chunks_is_not_invalid(tmp_path: Path) -> None:
    write(tmp_path / "split.txt", b"x" * (64 * 1024 - 1) + "é is fine.\n".encode())
    result = invoke("check", "split.txt")
    assert_finished(result, 0)
    assert "invalid UTF-8" not in result.stdout + result.stderr


def test_invalid_utf8_after_a_byte_order_mark_counts_the_mark(tmp_path: Path) -> None:
    write(tmp_path / "bom.md", b"\xef\xbb\xbfab\xff cd.\n")
    result = invoke("check", "bom.md", "--format", "json")
    assert_finished(result, 0)
    assert "bom.md: invalid UTF-8 at byte 5" in result.stderr
    (record,) = json_payload(result)["results"]
    assert (record["line"], record["column"], record["text"]) == (1, 1, "ab\ufffd cd.")


def test_invalid_utf8_on_stdin_names_stdin() -> None:
    result = invoke(
        "check", "--format", "json", stdin=CONTRADICTED.encode() + b"\n\xc3\x28 broken.\n"
    )
    assert_finished(result, 1)
    assert f"<stdin>: invalid UTF-8 at byte {len(CONTRADICTED) + 1}" in result.stderr
    assert len(json_payload(result)["results"]) == 2


def test_truncated_utf8_at_end_of_file(tmp_path: Path) -> None:
    write(tmp_path / "cut.txt", CONTRADICTED.encode() + b" \xe2\x82")
    result = invoke("check", "cut.txt")
    assert_finished(result, 1)
    # the text format lists warnings in the report itself
    assert f"cut.txt: invalid UTF-8 at byte {len(CONTRADICTED) + 1}" in result.stdout


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", id="png"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), id="elf"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00", id="zip"),
        pytest.param(b"Japan has identified 13\x00 abductees.\n", id="nul-in-text"),
    ],
)
def test_binary_file_is_skipped_with_a_warning(tmp_path: Path, content: bytes) -> None:
    write(tmp_path / "drafts" / "blob.txt", content)
    write(tmp_path / "drafts" / "ok.md", f"{CONTRADICTED}\n")
    result = invoke("check", "drafts", "--format", "json")
    assert_finished(result, 1)
    document = json_payload(result)
    assert [s["path"] for s in document["skipped"]] == ["drafts/blob.txt"]
    assert [r["path"] for r in document["results"]] == ["drafts/ok.md"]
    (warning,) = [line for line in result.stderr.splitlines() if "blob.txt" in line]
    assert warning.startswith("warning: ")
    assert "binary" in warning


def test_binary_file_alone_is_skipped_not_an_error(tmp_path: Path) -> None:
    write(tmp_path / "photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke("check", "photo.md")
    assert_finished(result, 0)
    assert "skipped photo.md: binary file" in result.stdout
    assert "0 sentences" in result.stdout


@pytest.mark.parametrize("name", ["late.txt", "late.md"])
def test_nul_bytes_after_the_binary_sniff_are_read_as_replacement(
    tmp_path: Path, name: str
) -> None:
    """A NUL beyond the first 8 KiB does not make a file binary; it reads as U+FFFD."""
    head = (CONTRADICTED + " ") * 300
    assert len(head) > 8 * 1024
    write(tmp_path / name, (head + "North Korea\x00 admitted it.\n").encode())
    result = invoke("check", name, "--format", "json")
    assert_finished(result, 1)
    document = json_payload(result)
    assert "skipped" not in document
    assert len(document["results"]) == 301
    assert document["results"][-1]["text"] == "North Korea\ufffd admitted it."


def test_nul_bytes_on_stdin_are_skipped_as_binary() -> None:
    result = invoke("check", "--format", "json", stdin=b"Japan\x00 has identified 13.\n")
    assert_finished(result, 0)
    assert json_payload(result)["skipped"][0]["path"] == "<stdin>"
    assert "warning: skipped <stdin>: binary" in result.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"\xef\xbb\xbf", b"\n\n\n", b"\r\r\r", b" \t \n", b"---\n---\n", b"```\n```\n"],
    ids=["empty", "bom-only", "newlines", "carriage-returns", "blanks", "front-matter", "fence"],
)
@pytest.mark.parametrize("name", ["empty.md", "empty.txt"])
def test_empty_documents_have_zero_sentences(tmp_path: Path, name: str, content: bytes) -> None:
    write(tmp_path / name, content)
    result = invoke("check", name, "--format", "json")
    assert_finished(result, 0)
    assert json_payload(result)["summary"]["sentences"] == 0


@pytest.mark.parametrize("stdin", [b"", b"\n", b"\xef\xbb\xbf"], ids=["empty", "newline", "bom"])
def test_empty_stdin_has_zero_sentences(stdin: bytes) -> None:
    result = invoke("check", stdin=stdin)
    assert_finished(result, 0)
    assert "0 sentences" in result.stdout


@pytest.mark.parametrize("arg", ["missing.md", "no/such/dir/", "./gone.txt", "a/b.markdown"])
def test_missing_path_is_a_one_line_error(arg: str) -> None:
    assert_one_line_error(invoke("check", arg), "no such file", arg)


def test_missing_path_among_good_inputs_is_still_an_error(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", "Fine.\n")
    assert_one_line_error(invoke("check", "ok.md", "missing.md"), "no such file: missing.md")


def test_dangling_symlink_is_no_such_file(tmp_path: Path) -> None:
    (tmp_path / "link.md").symlink_to(tmp_path / "nowhere.md")
    assert_one_line_error(invoke("check", "link.md"), "no such file: link.md")


@needs_posix
def test_socket_is_an_unreadable_file(tmp_path: Path) -> None:
    """A path that exists but cannot be opened (a socket, even for root): exit 2, one line."""
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "draft.md"))
        result = invoke("check", "draft.md")
    line = assert_one_line_error(result, "draft.md")
    assert "cannot read" in line


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_file_without_read_permission(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.md", "Hidden.\n")
    secret.chmod(0)
    try:
        assert_one_line_error(invoke("check", "secret.md"), "cannot read secret.md")
    finally:
        secret.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.parametrize(
    ("option", "fragment"),
    [
        ("--output", "cannot write"),
        ("--claims", "is a directory"),
        ("--config", "is a directory"),
    ],
)
def test_directory_where_a_file_is_expected(tmp_path: Path, option: str, fragment: str) -> None:
    (tmp_path / "folder").mkdir()
    assert_one_line_error(invoke("check", option, "folder", CONTRADICTED), "folder", fragment)


@pytest.mark.parametrize("names", [[], ["notes.py", "image.png", ".hidden.md"]])
def test_directory_without_documents_is_a_one_line_error(tmp_path: Path, names: list[str]) -> None:
    for name in names:
        write(tmp_path / "folder" / name, "Text.\n")
    (tmp_path / "folder").mkdir(exist_ok=True)
    assert_one_line_error(invoke("check", "folder"), "no Markdown or text files in folder")


def test_directory_named_like_a_document(tmp_path: Path) -> None:
    (tmp_path / "draft.md").mkdir()
    assert_one_line_error(invoke("check", "draft.md"), "no Markdown or text files in draft.md")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["check", "--bogus", "x"], ["--bogus"]),
        (["--bogus"], ["--bogus"]),
        (["validate", "--bogus"], ["--bogus"]),
        (["frobnicate"], ["frobnicate"]),
        (["check", "--format", "nonsense", "x"], ["--format", "nonsense"]),
        (["check", "--fail-on", "nonsense", "x"], ["--fail-on", "nonsense"]),
        (["check", "--jobs", "many", "x"], ["--jobs", "many"]),
        (["check", "--format"], ["--format"]),
        (["check", "--", "-", "-"], ["only once"]),
    ],
)
def test_usage_errors_are_one_line(args: list[str], fragments: list[str]) -> None:
    result = invoke(*args)
    assert_one_line_error(result, *fragments)
    assert result.stdout == ""


# --- 1. the same through real processes --------------------------------------------


@needs_exe
@pytest.mark.parametrize(
    ("args", "stdin", "code", "fragment"),
    [
        (["check", "--format", "nonsense", "x"], b"", 2, "nonsense"),
        (["check", "missing.md"], b"", 2, "no such file: missing.md"),
        (["check"], b"", 0, None),
        (["check"], b"\xff\xfeJapan has identified 13 abductees.\n", 1, "byte 0"),
        (["check"], b"\x00\x01\x02", 0, "binary"),
    ],
    ids=["bad-format", "missing", "empty-stdin", "invalid-utf8-stdin", "binary-stdin"],
)
def test_real_process(
    tmp_path: Path, args: list[str], stdin: bytes, code: int, fragment: str | None
) -> None:
    proc = subprocess.run(
        [str(FACTS), *args],
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        env=subprocess_env(),
        timeout=120,
        check=False,
    )
    stdout, stderr = proc.stdout.decode(), proc.stderr.decode()
    assert_no_crash(stdout, stderr)
    assert proc.returncode == code, stderr
    if fragment is not None:
        # the text format lists warnings in its report, on stdout
        (line,) = [line for line in (stdout + stderr).splitlines() if fragment in line]
        assert line.startswith(("error: ", "warning: ", "skipped "))
    if code == 2:
        assert len(stderr.strip().splitlines()) == 1, stderr


def _group(pgid: int) -> list[int]:
    """The processes in a process group (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    found.append(int(entry))
            except OSError:
                continue
    return found


@needs_exe
@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_ctrl_c_with_workers_exits_130_quietly(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group; the worker processes judging a
    long input must not print a traceback each, and none may be left behind."""
    lines = [
        f"Japan has identified {n} abductees, officials said on day {n}." for n in range(60_000)
    ]
    (tmp_path / "long.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        [str(FACTS), "check", "--format", "json", "--jobs", "2", "-o", "out.json", "long.txt"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
        start_new_session=True,
        # why: a shell's background job starts with SIGINT ignored, and Python
        # then installs no handler; a terminal's foreground job has the default
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while len(_group(proc.pid)) < 3 and proc.poll() is None:  # main process + 2 workers
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    # one line saying the report was not written; no traceback from any worker
    lines = stderr.decode().splitlines()
    assert lines == ["facts: interrupted; out.json was not written"], stderr
    assert_no_crash(stdout.decode(), stderr.decode())
    deadline = time.monotonic() + 10
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(proc.pid) == []


@needs_exe
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_read_like_a_file(tmp_path: Path) -> None:
    """A FIFO (as from `facts check <(cmd)`) is read to its end, not refused or hung on."""
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        ["sh", "-c", f'printf "%s\\n" "{CONTRADICTED}" > "$0"', str(fifo)], cwd=tmp_path
    )
    try:
        proc = subprocess.run(
            [str(FACTS), "check", "--format", "json", "draft.txt"],
            cwd=tmp_path,
            capture_output=True,
            env=subprocess_env(),
            timeout=60,
            check=False,
        )
    finally:
        writer.kill()
        writer.wait()
    assert_no_crash(proc.stdout.decode(), proc.stderr.decode())
    assert proc.returncode == 1, proc.stderr
    (record,) = json.loads(proc.stdout)["results"]
    assert record["text"] == CONTRADICTED


@needs_exe
@needs_posix
def test_closed_stdout_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        ["sh", "-c", 'exec "$0" check "$1" >&-', str(FACTS), CONTRADICTED],
        cwd=tmp_path,
        capture_output=False,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    stderr = proc.stderr.decode()
    assert proc.returncode == 2
    assert_no_crash("", stderr)
    assert len(stderr.strip().splitlines()) == 1, stderr


@needs_exe
@needs_posix
def test_closed_stdin_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        ["sh", "-c", 'exec "$0" check - <&-', str(FACTS)],
        cwd=tmp_path,
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    stderr = proc.stderr.decode()
    assert_no_crash(proc.stdout.decode(), stderr)
    assert proc.returncode == 2
    assert "standard input is closed" in stderr


# --- 2. bounded cost ---------------------------------------------------------------------

CPU_SECONDS_BASE = 3
CPU_SECONDS_PER_MB = 1
"""The CPU-time budget of one case: 3 s, plus 1 s per MB of input.

Start-up takes about 0.5 s and the linear cases need under 0.5 s per MB, so
the budget is generous; a quadratic case blows through it (and is killed by
SIGXCPU) instead of running for minutes.
"""
WALL_TIMEOUT = 180
"""Wall-clock seconds before a process is presumed blocked (all run at once)."""
# why: measured on 2026-12-02 (the `facts` process's own peak, see
# _MEASURED_EXEC): 107-116 MB for every case, of which about 104 MB is
# compiling the claims base uncached; the base allows for half as much again
MEMORY_BASE = 160 * 1024 * 1024
MEMORY_PER_INPUT_BYTE = 20
MEMORY_CAP = 1024 * 1024 * 1024
"""Peak memory allowed: MEMORY_BASE + 20 x the input size, and never 1 GiB or more."""

MB = 1_000_000


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


_RUN_ON = (
    "the committee met on Tuesday, e.g. at 3.5 p.m. near the U.S. embassy, and Mr. Tanaka "
    "said that talks with officials from Tokyo and Seoul would continue; no decision was "
    "made about the 1970s cases, A. B. Smith noted (see No. 7), "
)
"""Prose with every kind of period that does not end a sentence, and no sentence end."""


Maker = Callable[[], str]


@dataclass(frozen=True)
class CostCase:
    """Large or deeply nested inputs, checked by one `facts check -q FILE…` process.

    Related inputs share a process, so that start-up (about 0.5 s) is paid once.
    """

    name: str
    files: tuple[tuple[str, Maker], ...]


COST_CASES = [
    CostCase("line-6mb.txt", (("line.txt", lambda: _repeat(_RUN_ON, 6 * MB)),)),
    CostCase("line-6mb.md", (("line.md", lambda: _repeat(_RUN_ON, 6 * MB)),)),
    CostCase("line-6mb-no-spaces", (("x.txt", lambda: "x" * (6 * MB)),)),
    CostCase(
        "nested-markdown",
        (
            ("quotes-10000.md", lambda: ">" * 10_000 + f" {CONTRADICTED}\n"),
            ("quotes-10000-spaced.md", lambda: "> " * 10_000 + f"{CONTRADICTED}\n"),
            ("quote-lines-2000.md", lambda: "".join(">" * i + " Line.\n" for i in range(2001))),
            ("lists-5000.md", lambda: "- " * 5_000 + f"{CONTRADICTED}\n"),
            ("ordered-lists-5000.md", lambda: "1. " * 5_000 + f"{CONTRADICTED}\n"),
            ("quote-and-list-5000.md", lambda: "> - " * 2_500 + f"{CONTRADICTED}\n"),
        ),
    ),
    CostCase(
        "brackets-and-stars",
        (
            ("brackets-50000.md", lambda: "[" * 50_000),
            ("brackets-50000.txt", lambda: "[" * 50_000),
            ("stars-50000.md", lambda: "*" * 50_000),
            ("stars-50000.txt", lambda: "*" * 50_000),
            ("in-prose-50000.md", lambda: "Japan [said *so " * 50_000 + "\n"),
            ("links-50000.md", lambda: "[Japan](x) said ![i](y) " * 50_000),
        ),
    ),
    CostCase("ellipses", (("ellipses.txt", lambda: _repeat("a\u2026 ", 1_500_000)),)),
    CostCase(
        "directives",
        (("directives.md", lambda: "<!-- facts-ignore --> Japan said so. " * 50_000),),
    ),
]


@dataclass
class Finished:
    """How one `facts` process ended."""

    exit_code: int | None  # None: killed by a signal
    signal: int | None
    timed_out: bool
    max_rss: int  # bytes
    stdout: str
    stderr: str
    input_size: int


@dataclass
class _Running:
    proc: subprocess.Popen[bytes]
    started: float
    out: Path
    err: Path
    input_size: int
    rss: Path | None = None  # where the wrapper writes the `facts` process's peak RSS
    result: Finished | None = field(default=None)


def _reported_rss(report: Path | None, fallback: int) -> int:
    """The peak RSS (KiB) the wrapper reported, else `fallback` (killed first)."""
    try:
        return int(report.read_text()) if report is not None else fallback
    except (OSError, ValueError):
        return fallback


_LIMITED_EXEC = (
    "import os, resource, sys\n"
    "cpu, memory = int(sys.argv[1]), int(sys.argv[2])\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "if memory:\n"
    "    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


# why: a forked child's peak RSS counts the pages it shares with its parent
# before exec, so `facts` started from the test process would carry pytest's
# own size (hundreds of MB once many claims bases are loaded). This wrapper
# sets the limits, starts `facts` from its own small process, writes that
# process's peak RSS (KiB) to argv[3], and ends as it ended.
_MEASURED_EXEC = (
    "import os, resource, signal, sys\n"
    "cpu, memory, report = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "if memory:\n"
    "    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[4], sys.argv[4:])\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "with open(report, 'w') as f:\n"
    "    f.write(str(usage.ru_maxrss))\n"
    "if os.WIFSIGNALED(status):\n"
    "    sig = os.WTERMSIG(status)\n"
    "    signal.signal(sig, signal.SIG_DFL)\n"
    "    os.kill(os.getpid(), sig)\n"
    "sys.exit(os.WEXITSTATUS(status))\n"
)


def cpu_budget(size: int) -> int:
    """The CPU seconds a case with `size` bytes of input may take."""
    return CPU_SECONDS_BASE + math.ceil(CPU_SECONDS_PER_MB * size / MB)


def limited(cpu_seconds: int, address_space: int = 0) -> list[str]:
    """The start of a command line running `facts` under CPU (and address-space) limits.

    why: a wrapper that sets the limits and execs `facts` needs no preexec_fn;
    past the CPU limit the kernel ends the process with SIGXCPU.
    """
    return [sys.executable, "-c", _LIMITED_EXEC, str(cpu_seconds), str(address_space), str(FACTS)]


class CostRuns:
    """The `facts` processes of the bounded-cost cases, all started at once."""

    def __init__(self, directory: Path, cases: list[CostCase]) -> None:
        self.runs: dict[str, _Running] = {}
        for case in cases:
            self.runs[case.name] = self._start(directory, case)

    @staticmethod
    def _start(directory: Path, case: CostCase) -> _Running:
        names = []
        size = 0
        for name, make in case.files:
            size += write(directory / case.name / name, make()).stat().st_size
            names.append(name)
        out, err = directory / f"{case.name}.out", directory / f"{case.name}.err"
        rss = directory / f"{case.name}.rss"
        command = [
            sys.executable,
            "-c",
            _MEASURED_EXEC,
            str(cpu_budget(size)),
            "0",
            str(rss),
            str(FACTS),
            "check",
            "-q",
            *names,
        ]
        with out.open("wb") as stdout, err.open("wb") as stderr:
            proc = subprocess.Popen(
                command,
                cwd=directory / case.name,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                env=subprocess_env(),
            )
        return _Running(proc, time.monotonic(), out, err, size, rss)

    def wait(self, name: str) -> Finished:
        """Wait for case `name` to end (or kill it after WALL_TIMEOUT); reap it with wait4."""
        run = self.runs[name]
        if run.result is not None:
            return run.result
        timed_out = False
        while True:
            pid, status, usage = os.wait4(run.proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - run.started > WALL_TIMEOUT:
                # why: not Popen.kill(), which may reap the process before wait4 sees it
                os.kill(run.proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(run.proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
        run.proc.returncode = os.waitstatus_to_exitcode(status)
        killed_by = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        run.result = Finished(
            exit_code=None if killed_by is not None else os.WEXITSTATUS(status),
            signal=killed_by,
            timed_out=timed_out,
            # kilobytes on Linux: the `facts` process's own, as the wrapper saw it
            max_rss=_reported_rss(run.rss, usage.ru_maxrss) * 1024,
            stdout=run.out.read_text(encoding="utf-8", errors="replace"),
            stderr=run.err.read_text(encoding="utf-8", errors="replace"),
            input_size=run.input_size,
        )
        return run.result

    def close(self) -> None:
        """End and reap every process no test waited for."""
        for run in self.runs.values():
            if run.result is None:
                run.proc.kill()
                run.proc.wait()


def _selected_cost_cases(session: pytest.Session) -> list[CostCase]:
    """The cost cases whose tests this run will execute (so `-k` starts only those)."""
    wanted = set()
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if (
            getattr(item, "module", None) is sys.modules[__name__]
            and getattr(item, "originalname", "") == "test_bounded_cost"
            and callspec is not None
        ):
            wanted.add(callspec.params["case"].name)
    return [case for case in COST_CASES if case.name in wanted]


@pytest.fixture(scope="module", autouse=True)
def cost_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CostRuns | None]:
    """Start every selected bounded-cost case when the module starts."""
    cases = _selected_cost_cases(request.session)
    if not cases or os.name != "posix" or not FACTS.exists():
        yield None
        return
    runs = CostRuns(tmp_path_factory.mktemp("cost"), cases)
    try:
        yield runs
    finally:
        runs.close()


@needs_exe
@needs_posix
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.name,
        )
        for case in COST_CASES
    ],
)
def test_bounded_cost(cost_runs: CostRuns | None, case: CostCase) -> None:
    """Each hostile input is checked within the CPU budget, in memory linear in its size."""
    assert cost_runs is not None
    done = cost_runs.wait(case.name)
    assert not done.timed_out, f"still running after {WALL_TIMEOUT} s (blocked?)"
    budget = cpu_budget(done.input_size)
    assert done.signal is None, f"killed by signal {done.signal} (SIGXCPU: over {budget} CPU s)"
    assert_no_crash(done.stdout, done.stderr)
    assert done.exit_code in (0, 1), done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ sentences?: \d+ supported, \d+ contradicted, \d+ unverified", summary)
    limit = min(MEMORY_BASE + MEMORY_PER_INPUT_BYTE * done.input_size, MEMORY_CAP)
    assert done.max_rss < limit, f"peak memory {done.max_rss} bytes for {done.input_size} bytes"


def test_run_on_line_is_cut_into_capped_sentences(tmp_path: Path) -> None:
    """A 100 kB line with no sentence end becomes chunks of at most 2,000 characters."""
    write(tmp_path / "run-on.txt", _repeat(_RUN_ON, 100_000))
    result = invoke("check", "run-on.txt", "--format", "json")
    assert_finished(result, 0, 1)
    records = json_payload(result)["results"]
    assert 50 <= len(records) <= 60
    assert all(len(r["text"]) <= 2000 for r in records)
    assert all(r["line"] == r["end_line"] == 1 for r in records)
    columns = [(r["column"], r["end_column"]) for r in records]
    assert columns == sorted(columns)
    assert columns[-1][1] <= 100_001


# --- 3. claims files -----------------------------------------------------------------


def run_both(claims: Path) -> tuple[Result, Result]:
    """`facts check --claims CLAIMS "statement"` and `facts validate CLAIMS`."""
    return invoke("check", "--claims", str(claims), CONTRADICTED), invoke("validate", str(claims))


def assert_validate_reports(result: Result, *fragments: str) -> None:
    """`facts validate`: exit 2, problems as "file:line…" lines, then one "error:" line."""
    assert_finished(result, 2)
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ")
    assert len([line for line in lines if line.startswith("error: ")]) == 1
    problems = "\n".join(lines[:-1])
    for fragment in fragments:
        assert re.search(fragment, problems), (fragment, result.stderr)


def test_yaml_syntax_error_names_file_line_and_column() -> None:
    claims = FIXTURES / "syntax-error.yaml"
    check, validate = run_both(claims)
    where = rf"{re.escape(str(claims))}:(9|10):\d+: "
    line = assert_one_line_error(check)
    assert re.search(where, line), line
    assert_validate_reports(validate, where)


@pytest.mark.parametrize(
    ("fixture", "marker"),
    [
        ("python-apply.yaml", "facts-python-apply.marker"),
        ("python-new.yaml", "facts-python-new.marker"),
        ("python-name.yaml", None),
    ],
)
def test_python_tags_are_refused_and_never_run(
    tmp_path: Path, fixture: str, marker: str | None
) -> None:
    claims = FIXTURES / fixture
    check, validate = run_both(claims)
    line = assert_one_line_error(check, fixture)
    assert re.search(rf"{re.escape(fixture)}:\d+:\d+: ", line), line
    assert "python/" in line
    assert_validate_reports(validate, rf"{re.escape(fixture)}:\d+:\d+: .*python/")
    if marker is not None:
        assert not (tmp_path / marker).exists(), "the YAML tag ran a command"
        assert not (FIXTURES / marker).exists(), "the YAML tag ran a command"


@needs_exe
def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    claims = FIXTURES / "billion-laughs.yaml"
    for args in (["check", "--claims", str(claims), CONTRADICTED], ["validate", str(claims)]):
        proc = subprocess.run(
            [*limited(10), *args],
            cwd=tmp_path,
            capture_output=True,
            env=subprocess_env(),
            timeout=60,
            check=False,
        )
        stderr = proc.stderr.decode()
        assert_no_crash(proc.stdout.decode(), stderr)
        assert proc.returncode == 2, stderr
        assert re.search(r"billion-laughs\.yaml:\d+:\d+: .*alias", stderr), stderr


@pytest.mark.parametrize("make", ["missing", "directory", "directory-slash"])
def test_claims_path_missing_or_a_directory(tmp_path: Path, make: str) -> None:
    name = "claims.yaml"
    if make.startswith("directory"):
        (tmp_path / name).mkdir()
        name += "/" if make == "directory-slash" else ""
    expected = "no such claims file" if make == "missing" else "is a directory"
    check, validate = run_both(Path(name))
    assert_one_line_error(check, name.rstrip("/"), expected)
    assert_finished(validate, 2)
    assert expected in validate.stderr


def test_claims_file_that_is_not_utf8(tmp_path: Path) -> None:
    write(tmp_path / "claims.yaml", b"sources: []\nclaims: [\xff]\n")
    check, validate = run_both(Path("claims.yaml"))
    assert_one_line_error(check, "claims.yaml", "UTF-8")
    assert_validate_reports(validate, "UTF-8")


def test_valid_fixture_still_loads() -> None:
    """The claims fixtures here are broken on purpose; the valid one is the control."""
    result = invoke("validate", str(VALID_CLAIMS))
    assert_finished(result, 0)


# YAML whose values PyYAML cannot build in Python (an impossible date, a
# 5,000-digit integer, nesting deeper than the recursion limit).
_UNBUILDABLE = ("bad-date.yaml", "huge-integer.yaml", "deep-nesting.yaml")


@pytest.mark.parametrize(
    "fixture",
    _UNBUILDABLE,
)
def test_unbuildable_yaml_values_are_claims_errors(fixture: str) -> None:
    claims = FIXTURES / fixture
    check, validate = run_both(claims)
    line = assert_one_line_error(check, fixture)
    assert re.search(rf"{re.escape(fixture)}:\d+", line), line
    assert_validate_reports(validate, rf"{re.escape(fixture)}:\d+")


@needs_exe
@needs_posix
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_claims_file_is_refused_by_size(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*limited(20, 1 << 30), "check", "--claims", "/dev/zero", CONTRADICTED],
        cwd=tmp_path,
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    stderr = proc.stderr.decode()
    assert_no_crash(proc.stdout.decode(), stderr)
    assert proc.returncode == 2
    assert "larger than" in stderr


def test_config_with_an_impossible_date_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / ".facts.yaml", "fail-on: 2024-02-30\n")
    assert_one_line_error(invoke("check", CONTRADICTED), ".facts.yaml")


# --- 4. output safety --------------------------------------------------------------------

HOSTILE_SENTENCES = [
    f"{CONTRADICTED[:-1]} [bold red]x[/] and [link=https://evil.example]click[/link].",
    "Japan has identified 13 abductees \x1b[31mred\x1b[0m \x1b[2J\x1b[H cleared.",
    "Japan has identified 13 abductees \x1b]0;pwned title\x07 and \x1b]8;;https://e.x\x1b\\link.",
    "::set-output name=a::b Japan has identified 13 abductees.",
    "::error file=forged.md,line=1::forged Japan has identified 13 abductees %0A%0D%25.",
    "Japan has identified 13 abductees \u009b31m C1 \u202e bidi \x7f del \x08 backspace.",
]
HOSTILE_DRAFT = (
    f"{HOSTILE_SENTENCES[0]}\n"
    f"{HOSTILE_SENTENCES[1]}\r\n"
    f"{HOSTILE_SENTENCES[2]}\r"
    f"{HOSTILE_SENTENCES[3]}\n\n"
    f"{HOSTILE_SENTENCES[4]}\n"
    f"{HOSTILE_SENTENCES[5]}\n"
    "Japan has\nidentified 13\r\nabductees\racross lines.\n"
)
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
OSC8 = re.compile(r"\x1b\]8;;([^\x1b]*)\x1b\\")  # a terminal hyperlink (opened, or closed by "")


@pytest.fixture
def hostile_draft(tmp_path: Path) -> str:
    write(tmp_path / "hostile.txt", HOSTILE_DRAFT)
    return "hostile.txt"


def hostile_run(draft: str, fmt: str, **env: str | None) -> Result:
    result = invoke("check", "--show-unverified", "--format", fmt, draft, **env)
    assert_finished(result, 1)
    return result


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"NO_COLOR": None, "FORCE_COLOR": "1"}],
    ids=["NO_COLOR", "FORCE_COLOR"],
)
def test_text_format_shows_hostile_text_literally(hostile_draft: str, env: dict[str, Any]) -> None:
    result = hostile_run(hostile_draft, "text", **env)
    output = result.stdout
    if env.get("FORCE_COLOR"):
        assert SGR.search(output), "FORCE_COLOR should colour the report"
        output = SGR.sub("", output)
        # the report's own hyperlinks go to the claims' sources, never where a draft says
        assert all(url == "" or "evil" not in url for url in OSC8.findall(output))
        output = OSC8.sub("", output)
    assert not CONTROLS.search(output), repr(CONTROLS.findall(output))
    assert "\x1b" not in output
    assert "[bold red]x[/]" in output
    assert "[link=https://evil.example]click[/link]" in output
    assert "[31mred" in output
    for line in output.splitlines():
        assert not line.lstrip().startswith("::"), line
    assert "\r" not in output


def test_json_round_trips_hostile_text(hostile_draft: str) -> None:
    result = hostile_run(hostile_draft, "json")
    assert not CONTROLS.search(result.stdout), "JSON strings must escape control characters"
    texts = [r["text"] for r in json_payload(result)["results"]]
    for sentence in HOSTILE_SENTENCES:
        assert sentence in texts, (sentence, texts)
    assert "Japan has identified 13 abductees across lines." in texts


def test_sarif_is_valid_json_with_escaped_text(hostile_draft: str) -> None:
    result = hostile_run(hostile_draft, "sarif")
    assert not CONTROLS.search(result.stdout)
    document = json_payload(result)
    assert document["version"] == "2.1.0"
    snippets = [
        location["physicalLocation"]["region"]["snippet"]["text"]
        for run in document["runs"]
        for finding in run["results"]
        for location in finding["locations"]
    ]
    for sentence in HOSTILE_SENTENCES:
        assert sentence in snippets


def test_github_annotations_cannot_be_forged(hostile_draft: str) -> None:
    result = hostile_run(hostile_draft, "github")
    output = result.stdout
    assert "\r" not in output
    assert not CONTROLS.search(output)
    annotations = [line for line in output.splitlines() if line.startswith("::")]
    records = json_payload(hostile_run(hostile_draft, "json"))["results"]
    findings = [r for r in records if r["verdict"] != "supported"]
    assert len(annotations) == len(findings)
    command = re.compile(r"::(error|warning|notice) file=hostile\.txt,line=\d+,[^:]*::")
    for line in annotations:
        assert command.match(line), line
    for line in output.splitlines():
        assert not line.lstrip().startswith(("::set-output", "::error file=forged")), line
    assert "%250A%250D%2525" in output, "draft text '%0A' must be escaped as '%250A'"


def test_hostile_file_name_in_warnings_is_escaped(tmp_path: Path) -> None:
    name = "[bold]x[/bold]\x1b[31m.txt"
    write(tmp_path / name, b"Caf\xe9.\n")
    result = invoke("check", name, "--format", "json")
    assert_finished(result, 0)
    assert "\x1b" not in result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if "invalid UTF-8" in line]
    assert "[bold]x[/bold]" in warning
    assert json_payload(result)["results"][0]["path"] == name


def test_hostile_statement_is_escaped_in_every_format() -> None:
    statement = "\x1b]0;t\x07::warning::x Japan has identified 13 abductees [red]y[/]."
    for fmt in ("text", "github"):
        result = invoke("check", "--show-unverified", "--format", fmt, "--text", statement)
        assert_finished(result, 0, 1)
        assert not CONTROLS.search(result.stdout)
        assert all(
            line.startswith(("::error ", "::warning ", "::notice "))
            or not line.lstrip().startswith("::")
            for line in result.stdout.splitlines()
        )
    result = invoke("check", "--format", "json", "--text", statement)
    assert json_payload(result)["results"][0]["text"] == statement
