"""What each `facts` command does, given its parsed options; returns an `ExitCode`.

Every `FactsError` (and an unreadable input) is caught here, shown as one
red line on stderr and turned into exit code 2. Heavy modules (rich,
rapidfuzz, the engine, Markdown parsing) are imported inside the functions
that need them, so a one-statement check starts quickly (issue 6).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from abduction_facts.cli import ExitCode, ListFormat, silence_stdout
from abduction_facts.config import Config, ConfigError, ConfigFinder, load_config
from abduction_facts.errors import FactsError, InputError
from abduction_facts.formats import FailOn, OutputFormat
from abduction_facts.inputs import (
    FRONT_MATTER_MAX_BYTES,
    STDIN,
    STDIN_NAME,
    Input,
    InputKind,
    classify,
    document_head,
    front_matter_date,
    is_markdown,
    looks_like_markdown,
    markdown_by_name,
)
from abduction_facts.ui import (
    Field,
    Terminal,
    stderr_is_terminal,
    stdin_is_terminal,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from pathlib import Path

    from abduction_facts.engine import Checker, Workers
    from abduction_facts.models import Claim, ClaimsBase, Result, Source
    from abduction_facts.report import CheckReport, DraftInfo, ResultStream, Skipped
    from abduction_facts.segment import Sentence

__all__ = ["run_check", "run_claims", "run_sources", "run_validate"]


# why: more than this many files, or this many bytes, is worth a progress bar.
PROGRESS_MIN_FILES = 20
PROGRESS_MIN_BYTES = 4 * 1024 * 1024
# why: below ~75 a query word "matches" unrelated words that share a few letters.
SEARCH_SCORE_CUTOFF = 75.0


@contextmanager
def _errors_reported(terminal: Terminal) -> Iterator[None]:
    """Show user-facing errors as one red line on stderr and end the block quietly.

    The command returns `ExitCode.ERROR` after the block when one was caught.
    """
    try:
        yield
    except FactsError as exc:
        terminal.error(str(exc))
    except BrokenPipeError:
        # why: the reader of stdout (`| head`) has gone; nothing is left to say.
        silence_stdout()
    except OSError as exc:
        terminal.error(_os_error_message(exc))


def _os_error_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


# --- facts check ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    """One unit of checking: a statement, stdin, or one document file."""

    kind: InputKind
    name: str  # the statement text, the file path, or the stdin name
    markdown: bool
    config: Config
    claims: Path | None = None  # None: the bundled base
    thresholds: tuple[tuple[str, float], ...] = ()
    as_of: str | None = None  # the draft's date (None: unknown)
    warning: str | None = None  # a front matter date that cannot be read
    # the start of stdin, read ahead to tell Markdown and read its front matter date
    data: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def engine(self) -> _EngineKey:
        """Which checker judges this task: its claims base, thresholds and date."""
        return (self.claims, self.thresholds, self.as_of)


if TYPE_CHECKING:
    _EngineKey = tuple[Path | None, tuple[tuple[str, float], ...], str | None]


@dataclass(slots=True)
class _Outcome:
    """What checking one task produced.

    `results` may be lazy (a document being read and judged): `warning`,
    `skipped` and `error` are final only once they have been read.
    """

    results: Iterable[Result] = ()
    skipped: Skipped | None = None
    warning: str | None = None
    error: str | None = None


def _sentences(
    task: _Task, outcome: _Outcome, on_read: Callable[[int], None] | None = None
) -> Iterator[Sentence]:
    """The sentences of a task's input, as it is read (streamed unless Markdown).

    What else reading finds (a skipped binary or unreadable file, invalid
    UTF-8, a closed stdin) goes to `outcome`; what was read before a read
    error is kept.
    """
    from abduction_facts.inputs import DocumentReader
    from abduction_facts.report import Skipped
    from abduction_facts.segment import split_markdown, split_text

    if task.kind is InputKind.STATEMENT:
        yield from split_text(task.name.splitlines(keepends=True))
        return
    stream: BinaryIO
    if task.kind is InputKind.STDIN and task.data is not None:
        # why: a head shorter than asked for is all of stdin; else the rest follows it
        whole = len(task.data) < FRONT_MATTER_MAX_BYTES or sys.stdin is None
        stream = io.BytesIO(task.data) if whole else _stdin_after(task.data)
        on_read = None
    elif task.kind is InputKind.STDIN:
        if sys.stdin is None:
            outcome.error = "standard input is closed"
            return
        stream, on_read = sys.stdin.buffer, None
    else:
        try:
            stream = open(task.name, "rb")  # noqa: SIM115 - closed below, when read
        except OSError as exc:
            _unreadable(task, outcome, exc)
            return
    reader = DocumentReader(stream, on_read=on_read)
    try:
        if reader.is_binary():
            outcome.skipped = Skipped(task.name, "binary file (contains NUL bytes)")
            return
        if task.markdown:
            yield from split_markdown(reader.read_text())
        else:
            yield from split_text(reader.chunks())
    except OSError as exc:
        _unreadable(task, outcome, exc)
    finally:
        if task.kind is InputKind.FILE:
            stream.close()
    if reader.first_invalid_byte is not None:
        outcome.warning = (
            f"{task.name}: invalid UTF-8 at byte {reader.first_invalid_byte}, "
            "decoded with replacement characters"
        )


def _stdin_after(head: bytes) -> BinaryIO:
    """stdin as a stream again, `head` (read ahead) first."""
    from abduction_facts.inputs import PrefixedStream

    return io.BufferedReader(PrefixedStream(head, sys.stdin.buffer))


def _unreadable(task: _Task, outcome: _Outcome, exc: OSError) -> None:
    from abduction_facts.report import Skipped

    reason = exc.strerror or str(exc)
    outcome.skipped = Skipped(task.name, f"unreadable: {reason}")
    outcome.error = f"cannot read {task.name}: {reason}"


def _path(task: _Task) -> str | None:
    """The path results of a task report: None for a statement."""
    return None if task.kind is InputKind.STATEMENT else task.name


def _dated(results: Iterable[Result], as_of: str | None) -> Iterable[Result]:
    """`results` marked with the date they were judged at (for reports)."""
    if as_of is None:
        return results
    from abduction_facts.models import Result

    return (Result(r.path, r.span, r.text, r.judgement, as_of) for r in results)


def _one_document(results: Iterator[Result | None]) -> Iterator[Result]:
    """The results of the next document of `Workers.check_documents`."""
    for result in results:
        if result is None:
            return
        yield result


class _CheckRun:
    """One `facts check` run: inputs to tasks, tasks to outcomes, outcomes to a report."""

    def __init__(
        self,
        terminal: Terminal,
        *,
        claims: Path | None,
        config: Path | None,
        jobs: int,
        quiet: bool,
        report_on_stdout: bool = True,
        as_of: str | None = None,
    ) -> None:
        self.terminal = terminal
        self.claims = claims
        self.as_of = as_of
        self.jobs = jobs
        self.quiet = quiet
        self.report_on_stdout = report_on_stdout
        self.finder = ConfigFinder()
        self.explicit_config = load_config(config) if config is not None else None
        self._bases: dict[Path | None, ClaimsBase] = {}
        self._checkers: dict[_EngineKey, Checker] = {}

    def config_for(self, directory: str | Path) -> Config:
        """The configuration for files in `directory` (`--config` wins over discovery)."""
        if self.explicit_config is not None:
            return self.explicit_config
        return self.finder.for_directory(directory)

    def tasks(
        self, inputs: Sequence[Input], *, stdin_name: str | None
    ) -> tuple[list[_Task], list[str]]:
        """Tasks in input order, and the directories that held no documents."""
        from abduction_facts.inputs import find_documents

        cwd = os.getcwd()
        named_stdin = stdin_name is not None
        stdin_name = stdin_name or STDIN_NAME
        tasks: list[_Task] = []
        empty: list[str] = []

        def excluded(path: Path) -> bool:
            return self.config_for(path.parent).is_excluded(path)

        for item in inputs:
            if item.kind is InputKind.STATEMENT:
                tasks.append(self._task(item.kind, item.name, False, self.config_for(cwd)))
            elif item.kind is InputKind.STDIN:
                # why: `--stdin-filename drafts/x.md` (editors, pre-commit) should get
                # the configuration drafts/x.md would get.
                where = os.path.dirname(os.path.abspath(stdin_name)) if named_stdin else cwd
                named = markdown_by_name(stdin_name) if named_stdin else None
                # why: an unnamed stdin is told Markdown by its start, and a Markdown
                # one's front matter may date it; both need its head read ahead
                read_ahead = named is None or (named and self.as_of is None)
                data = _read_stdin_head() if read_ahead else None
                if named is not None:
                    markdown = named
                else:
                    markdown = data is not None and looks_like_markdown(
                        data.decode("utf-8", "replace")
                    )
                config = self.config_for(where)
                tasks.append(self._task(item.kind, stdin_name, markdown, config, data))
            elif item.kind is InputKind.FILE:
                config = self.config_for(os.path.dirname(os.path.abspath(item.name)))
                tasks.append(self._task(item.kind, item.name, is_markdown(item.name), config))
            else:
                found = find_documents(item.name, is_excluded=excluded)
                if not found:
                    empty.append(item.name)
                for name in found:
                    config = self.config_for(os.path.dirname(os.path.abspath(name)))
                    tasks.append(self._task(InputKind.FILE, name, is_markdown(name), config))
        return tasks, empty

    def _task(
        self, kind: InputKind, name: str, markdown: bool, config: Config, data: bytes | None = None
    ) -> _Task:
        claims = self.claims if self.claims is not None else config.claims
        _check_threshold_names(config)
        thresholds = tuple(sorted(config.thresholds.items()))
        as_of, warning = self._date(kind, name, markdown, config, data)
        return _Task(kind, name, markdown, config, claims, thresholds, as_of, warning, data)

    def _date(
        self, kind: InputKind, name: str, markdown: bool, config: Config, data: bytes | None
    ) -> tuple[str | None, str | None]:
        """The date a task is judged at, and a warning when its front matter date is unreadable.

        `--as-of` wins; else a Markdown document's own front matter `date:`
        (more specific than a project setting); else `as-of` from configuration.
        """
        if self.as_of is not None:
            return self.as_of, None
        if markdown and kind is not InputKind.STATEMENT:
            if kind is InputKind.STDIN:
                head = (data or b"")[:FRONT_MATTER_MAX_BYTES].decode("utf-8", "replace")
            else:
                head = document_head(name)
            try:
                dated = front_matter_date(head)
            except ValueError as exc:
                fallback = (
                    f"checked as of {config.as_of}" if config.as_of else "checked with no date"
                )
                return (
                    config.as_of,
                    f"{name}: cannot read the front matter date ({exc}); {fallback}",
                )
            if dated is not None:
                return dated, None
        return config.as_of, None

    def base(self, key: Path | None) -> ClaimsBase:
        """The claims base for `key` (None: bundled), loaded once."""
        if key not in self._bases:
            self._bases[key] = self.checker((key, (), None)).claims
        return self._bases[key]

    def checker(self, key: _EngineKey) -> Checker:
        """The checker for a claims base, thresholds and date, built once (or read
        from the compiled cache, see cache.py); every date shares one claims index."""
        if key not in self._checkers:
            claims, thresholds, as_of = key
            if as_of is not None:
                self._checkers[key] = self.checker((claims, thresholds, None)).with_as_of(as_of)
            else:
                from abduction_facts.cache import load_checker

                self._checkers[key] = load_checker(claims, dict(thresholds) or None)
                self._bases.setdefault(claims, self._checkers[key].claims)
        return self._checkers[key]

    def prepare(self, tasks: Sequence[_Task]) -> None:
        """Load the checker of every task (a claims file error stops the run before any output)."""
        for task in tasks:
            self.checker(task.engine)

    def run(self, tasks: Sequence[_Task]) -> Generator[_Outcome, None, None]:
        """Check every task; outcomes come in task order.

        An outcome's results are read lazily (see `_Outcome`): the caller
        reads each outcome's results before asking for the next outcome.
        With `--jobs` above 1, sentences are judged in worker processes
        (started only once there are more than two batches to judge) while
        this process reads, splits and writes; batches run across files, so
        a directory of short drafts keeps the workers busy too.
        """
        self.prepare(tasks)
        files = [t for t in tasks if t.kind is InputKind.FILE]
        total = sum(_size(t.name) for t in files)
        show = (
            not self.quiet
            and stderr_is_terminal()
            # why: a bar redrawn over a report scrolling on the same screen erases its lines
            and not (self.report_on_stdout and stdout_is_terminal())
            and (len(files) >= PROGRESS_MIN_FILES or total >= PROGRESS_MIN_BYTES)
        )
        outcomes = [_Outcome() for _ in tasks]
        workers: dict[_EngineKey, Workers] = {}
        description = f"checking {len(files)} file{'s' if len(files) != 1 else ''}"
        try:
            with self.terminal.progress(total, description=description, enabled=show) as bar:
                engines = {task.engine for task in tasks}
                if self.jobs > 1 and len(engines) == 1:
                    (engine,) = engines
                    shared = workers[engine] = self.checker(engine).workers(self.jobs)
                    documents = (
                        (_path(task), _sentences(task, outcome, bar.advance))
                        for task, outcome in zip(tasks, outcomes, strict=True)
                    )
                    results = shared.check_documents(documents)
                    for task, outcome in zip(tasks, outcomes, strict=True):
                        outcome.results = _dated(_one_document(results), task.as_of)
                        yield outcome
                    return
                # why: one pool per checker, stopped after its last task, so
                # drafts of many dates never keep many pools of processes
                last = {task.engine: i for i, task in enumerate(tasks)}
                for i, (task, outcome) in enumerate(zip(tasks, outcomes, strict=True)):
                    checker = self.checker(task.engine)
                    if self.jobs > 1 and task.engine not in workers:
                        workers[task.engine] = checker.workers(self.jobs)
                    sentences = _sentences(task, outcome, bar.advance)
                    results = checker.check_sentences(
                        sentences, _path(task), workers=workers.get(task.engine)
                    )
                    outcome.results = _dated(results, task.as_of)
                    yield outcome
                    if last[task.engine] == i and task.engine in workers:
                        workers.pop(task.engine).close()
        finally:
            for pool in workers.values():
                pool.close()


def _parsed_as_of(value: str) -> str:
    """`--as-of`, checked (a usage error unless YYYY, YYYY-MM or YYYY-MM-DD, a real date)."""
    from abduction_facts.dates import parse_as_of

    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}") from None


def _read_stdin_head() -> bytes | None:
    """The start of stdin (up to `FRONT_MATTER_MAX_BYTES`), or None when it is
    closed or cannot be read (then `_sentences` reads it and reports why).
    `_sentences` reads the rest after it."""
    if sys.stdin is None:
        return None
    try:
        return sys.stdin.buffer.read(FRONT_MATTER_MAX_BYTES)
    except OSError:
        return None


def default_jobs() -> int:
    """Processes to judge with when `--jobs` is not given: one per usable CPU (at most 8).

    why: judging is CPU-bound Python; an archive sweep on a 2-core laptop or
    CI runner should use both cores, as ruff or black would. Workers start
    only for inputs long enough to repay them (see `engine.Workers`).
    """
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        usable = os.cpu_count() or 1
    quota = cgroup_cpu_quota()
    if quota is not None:
        usable = min(usable, quota)
    return max(1, min(usable, 8))


def cgroup_cpu_quota(path: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    """The CPUs a cgroup v2 quota allows (rounded up), or None without a quota.

    why: a CI job in a container limited to 2 CPUs on a 64-core host sees all
    64 in its affinity mask; starting 8 workers there only adds contention.
    """
    try:
        with open(path, encoding="ascii") as handle:
            quota, period = handle.read().split()[:2]
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError, ZeroDivisionError):
        return None  # no cgroup v2, "max" (no quota), or unreadable


def _check_threshold_names(config: Config) -> None:
    """Refuse threshold names the engine does not know (a typo would be ignored silently)."""
    if not config.thresholds:
        return
    from abduction_facts.verdict import DEFAULT_THRESHOLDS

    for name in config.thresholds:
        if name not in DEFAULT_THRESHOLDS:
            known = ", ".join(sorted(DEFAULT_THRESHOLDS))
            raise ConfigError(f"{config.file}: unknown threshold {name!r} (known: {known})")


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0


def run_check(
    inputs: Sequence[str] | None,
    *,
    output_format: OutputFormat = OutputFormat.TEXT,
    claims: Path | None = None,
    fail_on: FailOn | None = None,
    text: bool = False,
    stdin_filename: str | None = None,
    output: Path | None = None,
    show_unverified: bool | None = None,
    quiet: bool = False,
    verbose: bool = False,
    no_color: bool = False,
    jobs: int | None = None,
    config: Path | None = None,
    as_of: str | None = None,
) -> ExitCode:
    """`facts check`: check statements, files, directories or stdin (see `commands.check`)."""
    terminal = Terminal(no_color=no_color)
    report_file = _ReportFile(output) if output is not None else None
    with _errors_reported(terminal), _interruption_noted(terminal, report_file):
        if as_of is not None:
            as_of = _parsed_as_of(as_of)
        if jobs is None:
            jobs = default_jobs()
        elif jobs < 1:
            raise InputError(f"--jobs must be at least 1, not {jobs}")
        if not inputs and stdin_is_terminal():
            raise InputError(
                "nothing to check: give a statement, a file or a directory, "
                "or pipe text in (see 'facts check --help')"
            )
        classified = [classify(arg, force_text=text) for arg in inputs or [STDIN]]
        if sum(item.kind is InputKind.STDIN for item in classified) > 1:
            raise InputError("'-' (standard input) can be given only once")
        run = _CheckRun(
            terminal,
            claims=claims,
            config=config,
            jobs=jobs,
            quiet=quiet,
            report_on_stdout=output is None,
            as_of=as_of,
        )
        tasks, empty = run.tasks(classified, stdin_name=stdin_filename)
        if not tasks and empty:
            raise InputError(f"no Markdown or text files in {', '.join(empty)}")
        notices = [f"no Markdown or text files in {name}" for name in empty]
        run.prepare(tasks)
        with closing(run.run(tasks)) as outcomes:
            return _finish_check(
                terminal,
                run,
                tasks,
                outcomes,
                notices,
                output_format=output_format,
                fail_on=fail_on,
                show_unverified=show_unverified,
                quiet=quiet,
                verbose=verbose,
                output=report_file,
            )
    return ExitCode.ERROR


class _Stream:
    """The outcomes' results as one stream, in task order; what the report and
    the exit code need besides is gathered as it is read."""

    def __init__(
        self, tasks: Sequence[_Task], outcomes: Iterable[_Outcome], fail_on: FailOn | None
    ) -> None:
        self.tasks = tasks
        self.outcomes = outcomes
        self.fail_on = fail_on
        self.skipped: list[Skipped] = []
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.findings = False

    def results(self) -> Iterator[Result]:
        for task, outcome in zip(self.tasks, self.outcomes, strict=True):
            level = self.fail_on or task.config.fail_on or FailOn.CONTRADICTED
            for result in outcome.results:
                if not self.findings and level.fails(result.verdict):
                    self.findings = True
                yield result
            if task.warning is not None:
                self.warnings.append(task.warning)
            if outcome.skipped is not None:
                self.skipped.append(outcome.skipped)
            if outcome.warning is not None:
                self.warnings.append(outcome.warning)
            if outcome.error is not None:
                self.errors.append(outcome.error)


def _finish_check(
    terminal: Terminal,
    run: _CheckRun,
    tasks: Sequence[_Task],
    outcomes: Iterable[_Outcome],
    notices: list[str],
    *,
    output_format: OutputFormat,
    fail_on: FailOn | None,
    show_unverified: bool | None,
    quiet: bool,
    verbose: bool = False,
    output: _ReportFile | None,
) -> ExitCode:
    """Build the report, write it, and decide the exit code.

    A JSON report is written as the inputs are judged (its records are never
    all in memory); the other formats need every result they show first.
    """
    from abduction_facts.formats import FormatOptions, get_formatter
    from abduction_facts.report import claims_file_name

    primary = tasks[0].config if tasks else run.config_for(os.getcwd())
    first_key = tasks[0].claims if tasks else run.claims
    base = run.base(first_key)
    claims_file = claims_file_name(first_key)
    keys = list(dict.fromkeys(t.claims for t in tasks))
    if len(keys) > 1:
        notices.append(
            f"inputs use {len(keys)} different claims files; the report names {claims_file}"
        )
    options = FormatOptions(
        fail_on=fail_on or primary.fail_on or FailOn.CONTRADICTED,
        show_unverified=_first_set(show_unverified, primary.show_unverified, default=False),
        quiet=quiet,
        verbose=verbose,
        color=terminal.color if output is None else False,
        width=_payload_width() if output is None else None,
        review_author=primary.claimreview_author,
        review_author_url=primary.claimreview_url,
    )
    formatter = get_formatter(output_format, options)
    # why: only a format that shows who wrote a draft and where it appears
    # (ClaimReview) pays for reading the drafts' front matter again.
    drafts = _drafts(tasks, notices) if getattr(formatter, "uses_draft_metadata", False) else {}
    # why: a formatter that can hand out its text in pieces (JSON, text) is
    # written as the sentences are judged, so memory does not grow with the
    # input; the others (SARIF, GitHub) need every result first.
    chunked = getattr(formatter, "chunks", None)
    stream = _Stream(tasks, outcomes, fail_on)
    if chunked is not None:
        from abduction_facts.report import ResultStream

        report = _report(claims_file, base, ResultStream(stream.results()), stream, notices, drafts)
        _write(terminal, chunked(report), output)
    else:
        report = _report(claims_file, base, list(stream.results()), stream, notices, drafts)
        _write(terminal, [formatter.format(report)], output)
    # why: the text format lists warnings and skipped inputs itself; people
    # should see each once, and machine formats keep stdout for the machine.
    if output is not None or output_format is not OutputFormat.TEXT or quiet:
        _echo_notices(terminal, report)
    if output is not None and not quiet:
        terminal.info(f"{_summary_line(report)}; report written to {output.path}")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path and output_format is OutputFormat.GITHUB:
        _write_step_summary(terminal, report, summary_path, options)
    for message in stream.errors:
        terminal.error(message)
    if stream.errors:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if stream.findings else ExitCode.OK


def _report(
    claims_file: str,
    base: ClaimsBase,
    results: Sequence[Result] | ResultStream,
    stream: _Stream,
    notices: list[str],
    drafts: Mapping[str, DraftInfo] | None = None,
) -> CheckReport:
    from abduction_facts.report import CheckReport

    # why: the stream's lists fill as it is read; the report shares them
    stream.warnings[:0] = notices
    return CheckReport(
        results=results,
        claims_file=claims_file,
        claims_count=len(base.claims),
        skipped=stream.skipped,
        warnings=stream.warnings,
        drafts=drafts or {},
    )


def _drafts(tasks: Sequence[_Task], notices: list[str]) -> dict[str, DraftInfo]:
    """What each Markdown draft's front matter says about it (author, title, URL),
    by the path its results carry; what cannot be used is added to `notices`.

    Stdin's front matter is known when its start was read ahead (see `_CheckRun.tasks`).
    """
    from abduction_facts.inputs import front_matter_draft

    drafts: dict[str, DraftInfo] = {}
    for task in tasks:
        if not task.markdown or task.kind is InputKind.STATEMENT or task.name in drafts:
            continue
        if task.kind is InputKind.STDIN:
            head = (task.data or b"")[:FRONT_MATTER_MAX_BYTES].decode("utf-8", "replace")
        else:
            head = document_head(task.name)
        drafts[task.name], problems = front_matter_draft(head)
        notices.extend(f"{task.name}: {problem}" for problem in problems)
    return drafts


def _write(terminal: Terminal, pieces: Iterable[str], output: _ReportFile | None) -> None:
    if output is None:
        terminal.write_pieces(_joined(pieces))
    else:
        output.write(_joined(pieces))


def _joined(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[str]:
    """The pieces of a report joined into writes of about `size` characters.

    why: a JSON report of an archive comes in two pieces a record; a write
    call each cost as much as encoding the record.
    """
    held: list[str] = []
    count = 0
    for piece in pieces:
        held.append(piece)
        count += len(piece)
        if count >= size:
            yield "".join(held)
            held.clear()
            count = 0
    if held:
        yield "".join(held)


def _first_set(*values: bool | None, default: bool) -> bool:
    return next((v for v in values if v is not None), default)


def _payload_width() -> int | None:
    from abduction_facts.ui import payload_width

    return payload_width()


def _echo_notices(terminal: Terminal, report: CheckReport) -> None:
    for skipped in report.skipped:
        if not skipped.reason.startswith("unreadable"):
            terminal.warning(f"skipped {skipped.path}: {skipped.reason}")
    for warning in report.warnings:
        terminal.warning(warning)


def _summary_line(report: CheckReport) -> str:
    counts = report.summary()
    sentences = counts.pop("sentences")
    parts = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    return f"{sentences} sentence{'s' if sentences != 1 else ''}: {parts}"


class _ReportFile:
    """Where `-o FILE` puts the report: FILE is replaced only by a whole report.

    The report goes to a hidden temporary file beside FILE (the same
    directory, so the rename is atomic) that is renamed over FILE once
    complete; an interrupted or failed run removes it and FILE keeps what it
    had. A FILE that is not a regular file (a named pipe), or that lives in
    /dev or /proc (/dev/stdout), is written directly instead.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written = False
        self._existed: bool | None = None  # known once writing starts
        self._in_place = False  # written directly, so an interruption leaves part of it

    def write(self, pieces: Iterable[str]) -> None:
        """Write the report's pieces (plus a final newline) and put them in place."""
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise self._cannot_write(exc) from None
        self._existed = mode is not None
        if (mode is not None and not stat.S_ISREG(mode)) or _is_stream_path(self.path):
            self._write_directly(pieces)
            return
        # why: through a symlink, the file it names is replaced, not the link
        target = os.path.realpath(self.path)
        # why: a Ctrl-C between creating the temporary file and entering the
        # block that removes it would leave it behind; it waits until then
        deferred = _defer_interrupts()
        try:
            handle, temporary = _temporary_beside(target)
        except OSError as exc:
            _allow_interrupts(deferred)
            raise self._cannot_write(exc) from None
        try:
            with handle:
                _allow_interrupts(deferred)  # a pending Ctrl-C arrives here, inside both
                if mode is not None:
                    os.chmod(temporary, stat.S_IMODE(mode))  # keep the old report's permissions
                _write_pieces(handle, pieces)
            os.replace(temporary, target)
        except BaseException as exc:
            _allow_interrupts(deferred)
            with suppress(OSError):
                os.unlink(temporary)
            if isinstance(exc, OSError):
                raise self._cannot_write(exc) from None
            if isinstance(exc, FactsError):
                raise FactsError(f"{exc}; {self.not_written()}") from None
            raise
        self.written = True

    def _write_directly(self, pieces: Iterable[str]) -> None:
        self._in_place = True
        try:
            with open(self.path, "w", encoding="utf-8", newline="") as handle:
                _write_pieces(handle, pieces)
        except OSError as exc:
            raise self._cannot_write(exc) from None
        self.written = True

    def not_written(self) -> str:
        """What became of FILE when no report was put in place, for a one-line message."""
        if self._in_place:
            return f"{self.path} is incomplete"
        existed = self._existed if self._existed is not None else os.path.exists(self.path)
        kept = " (it keeps its previous content)" if existed else ""
        return f"{self.path} was not written{kept}"

    def _cannot_write(self, exc: OSError) -> InputError:
        return InputError(f"cannot write {self.path}: {exc.strerror or exc}")


def _is_stream_path(path: Path) -> bool:
    """Whether `path` is in /dev or /proc, where files stand for streams (/dev/stdout).

    why: `-o /dev/stdout` means "write to my stdout", wherever it leads; a
    report put in place by renaming would replace the file stdout is open on.
    """
    return os.path.abspath(path).startswith(("/dev/", "/proc/"))


def _defer_interrupts() -> object:
    """Hold back SIGINT (POSIX, main thread); returns what `_allow_interrupts` restores."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _allow_interrupts(deferred: object) -> None:
    """Undo `_defer_interrupts`: a SIGINT held back meanwhile is delivered now."""
    import signal

    if deferred is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, deferred)  # type: ignore[arg-type]


def _temporary_beside(target: str) -> tuple[TextIO, str]:
    """A new, empty file in `target`'s directory, open for writing UTF-8, and its path.

    why: created with mode 0o666 like `open(…, "w")`, so the umask decides a new
    report's permissions as before (tempfile's files are private, 0o600).
    """
    directory, name = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        temporary = os.path.join(directory, f".{name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        return os.fdopen(fd, "w", encoding="utf-8", newline=""), temporary
    raise FileExistsError(errno.EEXIST, "no free temporary file name", directory)


def _write_pieces(handle: TextIO, pieces: Iterable[str]) -> None:
    last = ""
    for piece in pieces:
        handle.write(piece)
        last = piece or last
    if last and not last.endswith("\n"):
        handle.write("\n")


@contextmanager
def _interruption_noted(terminal: Terminal, output: _ReportFile | None) -> Iterator[None]:
    """On Ctrl-C, say in one line that `-o FILE` was not written (the run then exits 130)."""
    try:
        yield
    except KeyboardInterrupt:
        if output is not None and not output.written:
            terminal.info(f"facts: interrupted; {output.not_written()}")
        raise


def _write_step_summary(terminal: Terminal, report: CheckReport, path: str, options: Any) -> None:
    from abduction_facts.formats.github import write_step_summary

    try:
        write_step_summary(report, path, options)
    except OSError as exc:
        terminal.warning(f"cannot write the step summary to {path}: {exc.strerror or exc}")


# --- facts claims / sources / validate ------------------------------------------------


def _claims_path(claims: Path | None) -> Path | None:
    """`--claims`, else the claims path configured for the working directory (None: bundled)."""
    if claims is not None:
        return claims
    return ConfigFinder().for_directory(os.getcwd()).claims


def _listed_base(claims: Path | None) -> ClaimsBase:
    """The claims base `facts claims` and `facts sources` list."""
    from abduction_facts.claims import load_claims

    return load_claims(_claims_path(claims))


def _write_listing(terminal: Terminal, key: str, records: list[Any]) -> None:
    """A listing as JSON: `{key: [record, ...]}`."""
    import json

    terminal.write(json.dumps({key: records}, ensure_ascii=False, indent=2))


def run_claims(
    query: str | None,
    *,
    output_format: ListFormat = ListFormat.TEXT,
    claims: Path | None = None,
    no_color: bool = False,
) -> ExitCode:
    """`facts claims`: list the claims, or search them (best match first)."""
    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        base = _listed_base(claims)
        found = list(base.claims) if not query else _search_claims(base, query)
        if output_format is ListFormat.JSON:
            _write_listing(terminal, "claims", [claim.as_record() for claim in found])
            return ExitCode.OK
        if not found:
            terminal.info(f"no claims match {query!r}")
            return ExitCode.OK
        caption = f"{len(found)} of {len(base.claims)} claims" if query else f"{len(found)} claims"
        terminal.records((_claim_fields(c) for c in found), caption=caption)
        return ExitCode.OK
    return ExitCode.ERROR


def _claim_fields(claim: Claim) -> list[Field]:
    """A claim as a listed record: its id, its text, then source · as of · kind."""
    meta = f"{claim.source.id} · as of {claim.as_of} · {claim.kind.value}"
    return [
        Field(claim.id, style="bold", wrap=False),
        Field(claim.text),
        Field(meta, style="dim"),
    ]


def _source_fields(source: Source) -> list[Field]:
    """A source as a listed record: its id, title, publisher · date, URL (never broken)."""
    return [
        Field(source.id, style="bold", wrap=False),
        Field(source.title),
        Field(f"{source.publisher} · {source.published}", style="dim"),
        Field(source.url, wrap=False),
    ]


def _search_claims(base: ClaimsBase, query: str) -> list[Claim]:
    """Claims whose id or text fuzzily matches `query`, best first (ties in file order).

    A claim scores the better of two measures: the whole query against the
    whole text (rapidfuzz WRatio, good for phrases), and the mean over the
    query's words of each word's closest word in the claim (good for one
    misspelt name, which WRatio dilutes in a long text).
    """
    from rapidfuzz import fuzz, process, utils

    choices = [utils.default_process(f"{c.id.replace('-', ' ')} {c.text}") for c in base.claims]
    query = utils.default_process(query)
    words = query.split()
    if not words:
        return list(base.claims)
    vocabulary = sorted({word for choice in choices for word in choice.split()})
    closeness = {
        word: {
            match: score
            for match, score, _i in process.extract(word, vocabulary, scorer=fuzz.ratio, limit=None)
        }
        for word in set(words)
    }
    scored: list[tuple[float, int]] = []
    for index, choice in enumerate(choices):
        own = set(choice.split())
        by_word = sum(max(closeness[w][v] for v in own) for w in words) / len(words)
        score = max(by_word, fuzz.WRatio(query, choice))
        if score >= SEARCH_SCORE_CUTOFF:
            scored.append((score, index))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [base.claims[index] for _score, index in scored]


def run_sources(
    *,
    output_format: ListFormat = ListFormat.TEXT,
    claims: Path | None = None,
    no_color: bool = False,
) -> ExitCode:
    """`facts sources`: list the source articles the claims are taken from."""
    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        base = _listed_base(claims)
        if output_format is ListFormat.JSON:
            _write_listing(terminal, "sources", [source.as_record() for source in base.sources])
            return ExitCode.OK
        count = len(base.sources)
        caption = f"{count} source{'s' if count != 1 else ''}"
        terminal.records((_source_fields(s) for s in base.sources), caption=caption)
        return ExitCode.OK
    return ExitCode.ERROR


def run_validate(paths: Sequence[Path] | None, *, no_color: bool = False) -> ExitCode:
    """`facts validate`: check claims files; problems go to stderr as file:line: message.

    With no PATH, the claims file `facts check` would use here (the
    configured one, else the bundled one), from any directory. Every file
    is checked, and every problem in it listed; exit 2 when any is invalid.
    """
    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        targets: list[Path | None] = list(paths) if paths else [_claims_path(None)]
        several = len(targets) > 1
        valid = [_validate_one(terminal, target, named=several) for target in targets]
        return ExitCode.OK if all(valid) else ExitCode.ERROR
    return ExitCode.ERROR


def _validate_one(terminal: Terminal, target: Path | None, *, named: bool) -> bool:
    """Validate one claims file (None: the bundled one); report it; whether it is valid."""
    from abduction_facts.claims import load_claims, validate_file

    name = str(target) if target is not None else "the bundled claims file"
    # why: with no file to read there is one problem, said once (not also counted)
    if target is not None and not target.exists():
        terminal.error(f"{target}: no such claims file")
        return False
    if target is not None and target.is_dir():
        terminal.error(f"{target}: is a directory, not a claims file")
        return False
    problems = validate_file(target)
    if problems:
        for problem in problems:
            terminal.problem(problem)
        count = len(problems)
        terminal.error(f"{name}: {count} problem{'s' if count != 1 else ''}")
        return False
    base = load_claims(target)
    prefix = f"{name}: " if named else ""
    terminal.write(f"{prefix}{len(base.claims)} claims, {len(base.sources)} sources: valid")
    _list_disputes(terminal, target, name)
    return True


def _list_disputes(terminal: Terminal, target: Path | None, name: str) -> None:
    """The facts the sources of a valid claims file disagree on, as information
    (file:line of one side, then both values with publisher and date)."""
    from abduction_facts.cache import load_checker
    from abduction_facts.formats.common import safe_text

    pairs = load_checker(target).disputes.pairs
    if not pairs:
        return
    where = str(target) if target is not None else name
    for dispute in pairs:
        one, other = dispute.claim, dispute.other
        kinds = ", ".join(dict.fromkeys(str(c.kind) for c in dispute.conflicts))
        says = ", ".join(dict.fromkeys(c.found for c in dispute.conflicts))
        said = ", ".join(dict.fromkeys(c.expected for c in dispute.conflicts))
        terminal.write(
            safe_text(
                f"{where}:{one.line}: info: sources disagree ({kinds}): claim {one.id} "
                f"({one.source.publisher}, {one.source.published}) says {says}; claim "
                f"{other.id} (line {other.line}; {other.source.publisher}, "
                f"{other.source.published}) says {said}"
            )
        )
    count = len(pairs)
    terminal.write(
        f"{count} disputed fact{'s' if count != 1 else ''}: sources that disagree "
        "(information, not a problem)"
    )
