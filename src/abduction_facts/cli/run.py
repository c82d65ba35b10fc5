"""What each `facts` command does, given its parsed options; returns an `ExitCode`.

Every `FactsError` (and an unreadable input) is caught here, shown as one
red line on stderr and turned into exit code 2. Heavy modules (rich,
rapidfuzz, the engine, Markdown parsing) are imported inside the functions
that need them, so a one-statement check starts quickly (issue 6).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from abduction_facts.cli import ExitCode, ListFormat, silence_stdout
from abduction_facts.config import Config, ConfigError, ConfigFinder, load_config
from abduction_facts.errors import FactsError, InputError
from abduction_facts.formats import FailOn, OutputFormat
from abduction_facts.inputs import STDIN, STDIN_NAME, Input, InputKind, classify, is_markdown
from abduction_facts.ui import Progress, Terminal, stderr_is_terminal, stdin_is_terminal

if TYPE_CHECKING:
    from pathlib import Path

    from abduction_facts.engine import Checker
    from abduction_facts.models import Claim, ClaimsBase, Result
    from abduction_facts.report import CheckReport, Skipped

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
    keep_unverified: bool = True  # False: count them, keep only what the report shows

    @property
    def engine(self) -> _EngineKey:
        """Which checker judges this task: its claims base and thresholds."""
        return (self.claims, self.thresholds)


if TYPE_CHECKING:
    _EngineKey = tuple[Path | None, tuple[tuple[str, float], ...]]


@dataclass(slots=True)
class _Outcome:
    """What checking one task produced (picklable, for worker processes)."""

    results: list[Result] = field(default_factory=list)
    dropped_unverified: int = 0
    skipped: Skipped | None = None
    warning: str | None = None
    error: str | None = None


_WORKER_CHECKERS: dict[_EngineKey, Checker] = {}


def _init_worker(bases: dict[_EngineKey, ClaimsBase]) -> None:
    """Make sure a worker process has a checker for every engine key.

    A forked worker inherits the parent's checkers; a spawned one builds them.
    """
    from abduction_facts.engine import Checker

    for key, base in bases.items():
        if key not in _WORKER_CHECKERS:
            _WORKER_CHECKERS[key] = Checker(base, dict(key[1]))


def _check_file_in_worker(task: _Task) -> _Outcome:
    return _check_file(task, _WORKER_CHECKERS[task.engine])


def _check_file(
    task: _Task, checker: Checker, on_read: Callable[[int], None] | None = None
) -> _Outcome:
    """Read, split and judge one document file."""
    from abduction_facts.report import Skipped

    try:
        with open(task.name, "rb") as stream:
            return _check_stream(stream, task, checker, on_read)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _Outcome(
            skipped=Skipped(task.name, f"unreadable: {reason}"),
            error=f"cannot read {task.name}: {reason}",
        )


def _check_stream(
    stream: BinaryIO,
    task: _Task,
    checker: Checker,
    on_read: Callable[[int], None] | None = None,
) -> _Outcome:
    """Split and judge a document read from a binary stream (streamed unless Markdown)."""
    from abduction_facts.inputs import DocumentReader
    from abduction_facts.report import Skipped
    from abduction_facts.segment import split_markdown, split_text

    reader = DocumentReader(stream, on_read=on_read)
    if reader.is_binary():
        return _Outcome(skipped=Skipped(task.name, "binary file (contains NUL bytes)"))
    sentences = split_markdown(reader.read_text()) if task.markdown else split_text(reader.lines())
    results, dropped = _collect(checker.check_sentences(sentences, task.name), task)
    warning = None
    if reader.first_invalid_byte is not None:
        warning = (
            f"{task.name}: invalid UTF-8 at byte {reader.first_invalid_byte}, "
            "decoded with replacement characters"
        )
    return _Outcome(results=results, warning=warning, dropped_unverified=dropped)


def _collect(results: Iterable[Result], task: _Task) -> tuple[list[Result], int]:
    """The results to keep, and how many unverified ones were only counted.

    why: a text report of an archive shows contradicted and supported
    sentences; keeping every unverified one would grow memory with the input.
    """
    from abduction_facts.models import Verdict

    if task.keep_unverified:
        return list(results), 0
    kept: list[Result] = []
    dropped = 0
    for result in results:
        if result.verdict is Verdict.UNVERIFIED:
            dropped += 1
        else:
            kept.append(result)
    return kept, dropped


def _check_statement(task: _Task, checker: Checker) -> _Outcome:
    from abduction_facts.segment import split_text

    sentences = split_text(task.name.splitlines(keepends=True))
    return _Outcome(results=list(checker.check_sentences(sentences, None)))


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
        keep_unverified: bool = True,
    ) -> None:
        self.terminal = terminal
        self.keep_unverified = keep_unverified
        self.claims = claims
        self.jobs = jobs
        self.quiet = quiet
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
                markdown = is_markdown(stdin_name)
                tasks.append(self._task(item.kind, stdin_name, markdown, self.config_for(where)))
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

    def _task(self, kind: InputKind, name: str, markdown: bool, config: Config) -> _Task:
        claims = self.claims if self.claims is not None else config.claims
        _check_threshold_names(config)
        thresholds = tuple(sorted(config.thresholds.items()))
        keep = (
            self.keep_unverified
            or bool(config.show_unverified)
            or config.fail_on is FailOn.UNVERIFIED
        )
        return _Task(kind, name, markdown, config, claims, thresholds, keep)

    def base(self, key: Path | None) -> ClaimsBase:
        """The claims base for `key` (None: bundled), loaded once."""
        if key not in self._bases:
            self._bases[key] = self.checker((key, ())).claims
        return self._bases[key]

    def checker(self, key: _EngineKey) -> Checker:
        """The checker for a claims base and thresholds, built once (or read
        from the compiled cache, see cache.py)."""
        if key not in self._checkers:
            from abduction_facts.cache import load_checker

            claims, thresholds = key
            self._checkers[key] = load_checker(claims, dict(thresholds) or None)
            self._bases.setdefault(claims, self._checkers[key].claims)
        return self._checkers[key]

    def run(self, tasks: Sequence[_Task]) -> Iterator[_Outcome]:
        """Check every task; outcomes come in task order (whatever `--jobs` is)."""
        for task in tasks:
            self.checker(task.engine)
        files = [t for t in tasks if t.kind is InputKind.FILE]
        sizes = {t.name: _size(t.name) for t in files}
        total = sum(sizes.values())
        show = (
            not self.quiet
            and stderr_is_terminal()
            and (len(files) >= PROGRESS_MIN_FILES or total >= PROGRESS_MIN_BYTES)
        )
        parallel = self.jobs > 1 and len(files) > 1
        with self._pool(parallel, len(files)) as pooled:
            pending = pooled(files) if pooled is not None else None
            description = f"checking {len(files)} file{'s' if len(files) != 1 else ''}"
            with self.terminal.progress(total, description=description, enabled=show) as bar:
                for task in tasks:
                    yield self._run_one(task, pending, bar, sizes)

    def _run_one(
        self,
        task: _Task,
        pending: Iterator[_Outcome] | None,
        bar: Progress,
        sizes: dict[str, int],
    ) -> _Outcome:
        checker = self.checker(task.engine)
        if task.kind is InputKind.STATEMENT:
            return _check_statement(task, checker)
        if task.kind is InputKind.STDIN:
            if sys.stdin is None:
                return _Outcome(error="standard input is closed")
            return _check_stream(sys.stdin.buffer, task, checker)
        if pending is not None:
            outcome = next(pending)
            bar.advance(sizes[task.name])
            return outcome
        return _check_file(task, checker, on_read=bar.advance)

    @contextmanager
    def _pool(
        self, parallel: bool, count: int
    ) -> Iterator[Callable[[Sequence[_Task]], Iterator[_Outcome]] | None]:
        """A process pool mapping file tasks to outcomes in order (None when sequential).

        why: judging is pure-Python CPU work that holds the GIL, so threads do
        not overlap it; worker processes (forked with the loaded base) do.
        """
        if not parallel:
            yield None
            return
        from concurrent.futures import ProcessPoolExecutor

        bases = {key: self.base(key[0]) for key in self._checkers}
        _WORKER_CHECKERS.clear()
        _WORKER_CHECKERS.update(self._checkers)
        workers = min(self.jobs, count)
        try:
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(bases,)) as pool:

                def mapped(files: Sequence[_Task]) -> Iterator[_Outcome]:
                    return pool.map(_check_file_in_worker, files, chunksize=1)

                yield mapped
        finally:
            _WORKER_CHECKERS.clear()


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
    no_color: bool = False,
    jobs: int = 1,
    config: Path | None = None,
) -> ExitCode:
    """`facts check`: check statements, files, directories or stdin (see `commands.check`)."""
    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        if jobs < 1:
            raise InputError(f"--jobs must be at least 1, not {jobs}")
        if not inputs and stdin_is_terminal():
            raise InputError(
                "nothing to check: give a statement, a file or a directory, "
                "or pipe text in (see 'facts check --help')"
            )
        classified = [classify(arg, force_text=text) for arg in inputs or [STDIN]]
        if sum(item.kind is InputKind.STDIN for item in classified) > 1:
            raise InputError("'-' (standard input) can be given only once")
        # why: only the text report leaves unverified sentences out (unless asked)
        keep_unverified = (
            output_format is not OutputFormat.TEXT
            or bool(show_unverified)
            or fail_on is FailOn.UNVERIFIED
        )
        run = _CheckRun(
            terminal,
            claims=claims,
            config=config,
            jobs=jobs,
            quiet=quiet,
            keep_unverified=keep_unverified,
        )
        tasks, empty = run.tasks(classified, stdin_name=stdin_filename)
        if not tasks and empty:
            raise InputError(f"no Markdown or text files in {', '.join(empty)}")
        notices = [f"no Markdown or text files in {name}" for name in empty]
        outcomes = list(run.run(tasks))
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
            output=output,
        )
    return ExitCode.ERROR


def _finish_check(
    terminal: Terminal,
    run: _CheckRun,
    tasks: Sequence[_Task],
    outcomes: Sequence[_Outcome],
    notices: list[str],
    *,
    output_format: OutputFormat,
    fail_on: FailOn | None,
    show_unverified: bool | None,
    quiet: bool,
    output: Path | None,
) -> ExitCode:
    """Build the report, write it, and decide the exit code."""
    from abduction_facts.formats import FormatOptions, get_formatter
    from abduction_facts.report import CheckReport

    primary = tasks[0].config if tasks else run.config_for(os.getcwd())
    first_key = tasks[0].claims if tasks else run.claims
    base = run.base(first_key)
    keys = list(dict.fromkeys(t.claims for t in tasks))
    if len(keys) > 1:
        notices.append(
            f"inputs use {len(keys)} different claims files; the report names {base.path}"
        )
    results = [r for outcome in outcomes for r in outcome.results]
    warnings = [o.warning for o in outcomes if o.warning is not None]
    dropped = sum(o.dropped_unverified for o in outcomes)
    report = CheckReport(
        results=results,
        uncounted_unverified=dropped,
        claims_file=base.path,
        claims_count=len(base.claims),
        skipped=tuple(o.skipped for o in outcomes if o.skipped is not None),
        warnings=(*notices, *warnings),
    )
    options = FormatOptions(
        fail_on=fail_on or primary.fail_on or FailOn.CONTRADICTED,
        show_unverified=_first_set(show_unverified, primary.show_unverified, default=False),
        quiet=quiet,
        color=terminal.color if output is None else False,
        width=_payload_width() if output is None else None,
    )
    formatter = get_formatter(output_format, options)
    # why: a formatter that can hand out its text in pieces (JSON) is written
    # as it goes, so a large report is never held whole in memory.
    chunked = getattr(formatter, "chunks", None)
    pieces: Iterable[str] = chunked(report) if chunked is not None else [formatter.format(report)]
    # why: the text format lists warnings and skipped inputs itself; people
    # should see each once, and machine formats keep stdout for the machine.
    if output is not None or output_format is not OutputFormat.TEXT or quiet:
        _echo_notices(terminal, report)
    if output is None:
        terminal.write_pieces(pieces)
    else:
        _write_report(output, pieces)
        if not quiet:
            terminal.info(f"{_summary_line(report)}; report written to {output}")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path and output_format is OutputFormat.GITHUB:
        _write_step_summary(terminal, report, summary_path, options)
    errors = [o.error for o in outcomes if o.error is not None]
    for message in errors:
        terminal.error(message)
    if errors:
        return ExitCode.ERROR
    for task, outcome in zip(tasks, outcomes, strict=True):
        level = fail_on or task.config.fail_on or FailOn.CONTRADICTED
        if any(level.fails(result.verdict) for result in outcome.results):
            return ExitCode.FINDINGS
    return ExitCode.OK


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


def _write_report(output: Path, pieces: Iterable[str]) -> None:
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            last = ""
            for piece in pieces:
                handle.write(piece)
                last = piece or last
            if last and not last.endswith("\n"):
                handle.write("\n")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None


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


def run_claims(
    query: str | None,
    *,
    output_format: ListFormat = ListFormat.TEXT,
    claims: Path | None = None,
    no_color: bool = False,
) -> ExitCode:
    """`facts claims`: list the claims, or search them (best match first)."""
    import json

    from abduction_facts.claims import load_claims

    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        base = load_claims(_claims_path(claims))
        found = list(base.claims) if not query else _search_claims(base, query)
        if output_format is ListFormat.JSON:
            document = {"claims": [claim.as_record() for claim in found]}
            terminal.write(json.dumps(document, ensure_ascii=False, indent=2))
            return ExitCode.OK
        if not found:
            terminal.info(f"no claims match {query!r}")
            return ExitCode.OK
        rows = [(c.id, c.text, c.source.id, c.as_of) for c in found]
        caption = f"{len(found)} of {len(base.claims)} claims" if query else f"{len(found)} claims"
        columns = ("id", "text", "source", "as of")
        terminal.table(columns, rows, caption=caption, whole=("id", "as of"))
        return ExitCode.OK
    return ExitCode.ERROR


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
    import json

    from abduction_facts.claims import load_claims

    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        base = load_claims(_claims_path(claims))
        if output_format is ListFormat.JSON:
            document = {"sources": [source.as_record() for source in base.sources]}
            terminal.write(json.dumps(document, ensure_ascii=False, indent=2))
            return ExitCode.OK
        rows = [(s.id, s.title, s.publisher, s.published, s.url) for s in base.sources]
        columns = ("id", "title", "publisher", "published", "url")
        terminal.table(columns, rows, whole=("id", "published", "url"))
        return ExitCode.OK
    return ExitCode.ERROR


def run_validate(path: Path | None, *, no_color: bool = False) -> ExitCode:
    """`facts validate`: check a claims file; problems go to stderr as file:line: message."""
    from abduction_facts.claims import load_claims, validate_file

    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        target = _claims_path(path)
        problems = validate_file(target)
        if problems:
            for problem in problems:
                terminal.problem(problem)
            count = len(problems)
            name = target if target is not None else "the bundled claims file"
            terminal.error(f"{name}: {count} problem{'s' if count != 1 else ''}")
            return ExitCode.ERROR
        base = load_claims(target)
        terminal.write(f"{len(base.claims)} claims, {len(base.sources)} sources: valid")
        return ExitCode.OK
    return ExitCode.ERROR
