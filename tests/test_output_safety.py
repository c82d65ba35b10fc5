"""The report reaches its destination whole, whatever the terminal or Ctrl-C does (issue 15).

1. With a person watching stderr, the progress bar is drawn there while the
   report streams to stdout; stdout redirected to a file or a pipe must get
   the report byte for byte (rich's live display once swallowed it).
2. `-o FILE` is replaced only by a complete report: an interrupted or failed
   run leaves FILE as it was and says so in one line.

The terminal tests run the installed `facts` under a real pseudo-terminal.
"""

from __future__ import annotations

import errno
import os
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.cli import ExitCode, app
from abduction_facts.cli import run as cli_run
from abduction_facts.errors import FactsError

FACTS = Path(sys.executable).parent / "facts"
ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "FORCE_COLOR": None,
    "GITHUB_STEP_SUMMARY": None,
    "FACTS_TRACEBACK": None,
}
FILES = 25  # why: above PROGRESS_MIN_FILES, so a terminal on stderr gets the bar
SENTENCES = (
    "Japan has identified 13 of its citizens who were abducted by North Korean agents.",
    "Japan and North Korea do not maintain diplomatic relations.",
    "The weather in the harbour was mild for the season.",
    "Koizumi visited Pyongyang in September 2002.",
)

needs_exe = pytest.mark.skipif(not FACTS.exists(), reason="the facts script is not installed")
needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")


def invoke(*args: str) -> Result:
    """Run `facts ARGS` in-process with a fixed width and no colour."""
    return CliRunner().invoke(app, list(args), env=ENV)


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV}
    env.update(NO_COLOR="1", COLUMNS="100", TERM="xterm")
    return env


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in an empty directory, away from any project configuration."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """A directory of small drafts, enough of them for a progress bar."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i in range(FILES):
        lines = [f"{SENTENCES[(i + j) % len(SENTENCES)]} Note {i}-{j}." for j in range(40)]
        suffix = ".md" if i % 2 else ".txt"
        (folder / f"draft{i:02}{suffix}").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return folder


# --- 1. redirected output while the progress bar is shown -----------------------------


def _drain(fd: int, into: bytearray, proc: subprocess.Popen[bytes], deadline: float) -> None:
    """Read `fd` (a pty master) until the child is gone and nothing more comes."""
    while True:
        assert time.monotonic() < deadline, "facts did not finish"
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: every slave end is closed
                return
            if not data:
                return
            into.extend(data)
        elif proc.poll() is not None:
            return


def run_with_terminal_stderr(
    args: list[str], cwd: Path, stdout: IO[bytes] | int | None
) -> tuple[int, bytes, bytes]:
    """Run facts with stderr on a pseudo-terminal and stdout as given (None: the terminal too).

    Returns the exit code, what reached the terminal, and what reached a
    stdout pipe (b"" when stdout is a file or the terminal).
    """
    master, slave = os.openpty()
    piped = bytearray()
    try:
        proc = subprocess.Popen(
            [str(FACTS), *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=slave if stdout is None else stdout,
            stderr=slave,
            env=subprocess_env(),
        )
        os.close(slave)
        slave = -1
        reader = None
        if proc.stdout is not None:
            pipe = proc.stdout
            reader = threading.Thread(target=lambda: piped.extend(pipe.read()))
            reader.start()
        screen = bytearray()
        try:
            _drain(master, screen, proc, time.monotonic() + 60)
            code = proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if reader is not None:
            reader.join(timeout=60)
            assert proc.stdout is not None
            proc.stdout.close()
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    return code, bytes(screen), bytes(piped)


def reference_report(fmt: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The report with no terminal anywhere and one process."""
    return subprocess.run(
        [str(FACTS), "check", "drafts", "--format", fmt, "--jobs", "1"],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )


@needs_exe
@needs_pty
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_report_redirected_to_a_file_is_whole_while_the_bar_shows(
    tmp_path: Path, drafts: Path, fmt: str
) -> None:
    """`facts check drafts/ > out` from a terminal: every byte lands in `out`."""
    expected = reference_report(fmt, tmp_path)
    assert expected.returncode == ExitCode.FINDINGS, expected.stderr
    assert len(expected.stdout) > 10_000
    with open(tmp_path / "out", "wb") as out:
        code, screen, _ = run_with_terminal_stderr(
            ["check", "drafts", "--format", fmt], tmp_path, out
        )
    assert f"checking {FILES} files".encode() in screen, screen[-2000:]
    assert code == expected.returncode, screen[-2000:]
    assert (tmp_path / "out").read_bytes() == expected.stdout
    assert b"Japan has identified 13" not in screen


@needs_exe
@needs_pty
def test_report_piped_is_whole_while_the_bar_shows(tmp_path: Path, drafts: Path) -> None:
    """`facts check drafts/ --format json | reader` from a terminal: valid, whole JSON."""
    expected = reference_report("json", tmp_path)
    code, screen, piped = run_with_terminal_stderr(
        ["check", "drafts", "--format", "json"], tmp_path, subprocess.PIPE
    )
    assert f"checking {FILES} files".encode() in screen, screen[-2000:]
    assert code == expected.returncode
    assert piped == expected.stdout


@needs_exe
@needs_pty
def test_no_bar_over_a_report_on_the_same_terminal(tmp_path: Path, drafts: Path) -> None:
    """Nothing redirected: the report scrolls by on the terminal, undisturbed by a bar."""
    expected = reference_report("json", tmp_path)
    code, screen, _ = run_with_terminal_stderr(
        ["check", "drafts", "--format", "json"], tmp_path, None
    )
    assert code == expected.returncode
    assert b"checking" not in screen
    # why: the terminal turns each "\n" into "\r\n"
    assert screen.replace(b"\r\n", b"\n") == expected.stdout


def test_progress_bar_never_redirects_stdout_or_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """While the bar is live, sys.stdout and sys.stderr stay the process's own streams."""
    from abduction_facts.ui import Terminal

    # why: rich redirects only when its console is a terminal; FORCE_COLOR makes it one
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    before = (sys.stdout, sys.stderr)
    terminal = Terminal()
    with terminal.progress(10, description="working", enabled=True) as bar:
        bar.advance(5)
        assert (sys.stdout, sys.stderr) == before
    assert terminal.err.file is sys.stderr


# --- 2. -o FILE is replaced only by a whole report ------------------------------------


PREVIOUS = '{"previous": "report"}\n'


def leftovers(folder: Path, *expected: str) -> list[str]:
    """Files in `folder` other than those expected (temporary files left behind)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


@needs_exe
@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs SIGINT")
def test_ctrl_c_keeps_the_previous_report(tmp_path: Path) -> None:
    """Ctrl-C while the report is being written: report.json is as it was, one line says so."""
    lines = [
        f"Japan has identified {n} abductees, officials said on day {n}." for n in range(60_000)
    ]
    (tmp_path / "long.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text(PREVIOUS, encoding="utf-8")
    proc = subprocess.Popen(
        [str(FACTS), "check", "long.txt", "--format", "json", "--jobs", "1", "-o", "report.json"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
        start_new_session=True,
        # why: a background job starts with SIGINT ignored; a terminal's has the default
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 30
        # the report is being written once a new file appears or report.json changes
        while not leftovers(tmp_path, "long.txt", "report.json") and report.stat().st_size == len(
            PREVIOUS
        ):
            assert proc.poll() is None, "facts finished before it could be interrupted"
            assert time.monotonic() < deadline, "facts never started writing"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert stdout == b""
    assert report.read_text(encoding="utf-8") == PREVIOUS
    assert leftovers(tmp_path, "long.txt", "report.json") == []
    (line,) = stderr.decode().splitlines()
    assert "interrupted" in line
    assert "report.json" in line


def _failing_after_one_piece(exc: BaseException) -> Any:
    real = cli_run._joined

    def joined(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[str]:
        for piece in real(pieces, size):
            yield piece
            raise exc

    return joined


@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_failed_write_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    """A write that fails half way (a full disk) leaves report.json as it was."""
    if existing:
        (tmp_path / "report.json").write_text(PREVIOUS, encoding="utf-8")
    disk_full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(cli_run, "_joined", _failing_after_one_piece(disk_full))
    result = invoke(
        "check", "Japan has identified 13 abductees.", "--format", "json", "-o", "report.json"
    )
    assert result.exit_code == ExitCode.ERROR
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: cannot write report.json: No space left on device")
    if existing:
        assert (tmp_path / "report.json").read_text(encoding="utf-8") == PREVIOUS
        assert leftovers(tmp_path, "report.json") == []
    else:
        assert leftovers(tmp_path) == []


def test_error_while_judging_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error that stops the run half way (a worker died) says the report was not written."""
    (tmp_path / "report.json").write_text(PREVIOUS, encoding="utf-8")
    died = FactsError("a worker process died")
    monkeypatch.setattr(cli_run, "_joined", _failing_after_one_piece(died))
    result = invoke(
        "check", "Japan has identified 13 abductees.", "--format", "json", "-o", "report.json"
    )
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == (
        "error: a worker process died; "
        "report.json was not written (it keeps its previous content)\n"
    )
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == PREVIOUS
    assert leftovers(tmp_path, "report.json") == []


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_ctrl_c_as_the_temporary_file_is_created_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGINT the instant the report's temporary file exists: the run
    stops (exit 130) and neither the old report nor a stray file is harmed."""
    (tmp_path / "report.json").write_text(PREVIOUS, encoding="utf-8")
    real_open = os.open

    def open_then_interrupt(path: str, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        if os.path.basename(str(path)).startswith(".report.json."):
            signal.raise_signal(signal.SIGINT)
        return fd

    monkeypatch.setattr(cli_run.os, "open", open_then_interrupt)
    result = invoke(
        "check", "Japan has identified 13 abductees.", "--format", "json", "-o", "report.json"
    )
    monkeypatch.undo()
    assert result.exit_code == 130
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == PREVIOUS
    assert leftovers(tmp_path, "report.json") == []


@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_interrupted_write_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    if existing:
        (tmp_path / "report.json").write_text(PREVIOUS, encoding="utf-8")
    monkeypatch.setattr(cli_run, "_joined", _failing_after_one_piece(KeyboardInterrupt()))
    result = invoke(
        "check", "Japan has identified 13 abductees.", "--format", "json", "-o", "report.json"
    )
    assert result.exit_code == 130
    (line,) = result.stderr.splitlines()
    assert "interrupted" in line
    assert "report.json" in line
    if existing:
        assert (tmp_path / "report.json").read_text(encoding="utf-8") == PREVIOUS
        assert leftovers(tmp_path, "report.json") == []
    else:
        assert leftovers(tmp_path) == []


def test_report_replaces_the_previous_one_and_keeps_its_mode(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(PREVIOUS, encoding="utf-8")
    report.chmod(0o640)
    result = invoke(
        "check", "Japan has identified 13 abductees.", "--format", "json", "-o", "report.json"
    )
    assert result.exit_code == ExitCode.FINDINGS
    assert '"schema_version"' in report.read_text(encoding="utf-8")
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert leftovers(tmp_path, "report.json") == []


def test_new_report_gets_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        result = invoke("check", "Japan has identified 13 abductees.", "-o", "report.txt")
    finally:
        os.umask(umask)
    assert result.exit_code == ExitCode.FINDINGS
    assert stat.S_IMODE((tmp_path / "report.txt").stat().st_mode) == 0o644


def test_report_through_a_symlink_replaces_the_file_it_names(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "latest.json"
    real.write_text(PREVIOUS, encoding="utf-8")
    (tmp_path / "report.json").symlink_to(real)
    result = invoke(
        "check", "Japan has identified 13 abductees.", "--format", "json", "-o", "report.json"
    )
    assert result.exit_code == ExitCode.FINDINGS
    assert (tmp_path / "report.json").is_symlink()
    assert '"schema_version"' in real.read_text(encoding="utf-8")
    assert leftovers(tmp_path / "reports", "latest.json") == []


# --- 3. facts validate ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nope.yaml", "folder"])
def test_validate_a_missing_file_is_one_error_line(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    result = invoke("validate", name)
    assert result.exit_code == ExitCode.ERROR
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {name}: ")
    assert result.stdout == ""
