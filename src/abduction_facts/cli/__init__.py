"""The `facts` command line.

`main` is the console script. `run` holds what each command does (`run_check`,
`run_claims`, `run_sources`, `run_validate`, each returning an `ExitCode`);
`commands` is the typer app, whose commands parse options and call them.

why: this module imports next to nothing, so `facts --version` and a
command line that needs no parsing (`facts check "…"`) skip importing typer
and building its app, a fifth of a one-statement check's start-up (issue 6).
"""

from __future__ import annotations

import errno
import os
import sys
from enum import IntEnum, StrEnum

TYPE_CHECKING = False  # why: `typing` itself costs `facts --version` ~8 ms
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from typer import Typer

    from abduction_facts.cli.run import run_check, run_claims, run_sources, run_validate

__all__ = [
    "ExitCode",
    "ListFormat",
    "app",
    "main",
    "run_check",
    "run_claims",
    "run_sources",
    "run_validate",
]


class ExitCode(IntEnum):
    """What `facts` exits with (CONTRACT.md)."""

    OK = 0
    FINDINGS = 1
    ERROR = 2


class ListFormat(StrEnum):
    """Output of `facts claims` and `facts sources`."""

    TEXT = "text"
    JSON = "json"


def main() -> None:
    """The `facts` console script."""
    args = sys.argv[1:]
    if args == ["--version"]:
        from abduction_facts._version import __version__

        sys.stdout.write(f"facts {__version__}\n")
        sys.exit(ExitCode.OK)
    if is_plain_check(args):
        from abduction_facts.cli.run import run_check

        sys.exit(int(guarded(lambda: run_check(args[1:]))))
    from abduction_facts.cli.commands import app

    app()


def is_plain_check(args: Sequence[str]) -> bool:
    """Whether `args` are `check` and inputs only, no options (`facts check "…"`).

    Such a command line needs no parsing, so `main` runs it without typer.
    Anything with an option (or "-", or help) goes through typer.
    """
    return (
        len(args) > 1
        and args[0] == "check"
        and not any(arg.startswith("-") for arg in args[1:])
        and os.name != "nt"  # why: click expands wildcards in arguments on Windows
        and "_FACTS_COMPLETE" not in os.environ  # why: click's shell completion hook
    )


def guarded(command: Callable[[], int]) -> int:
    """Run a command as the typer app would: interrupts and crashes end in an exit code.

    Ctrl-C exits 130, end of input is "aborted" (2), a bug is one line (2).
    """
    try:
        return command()
    except KeyboardInterrupt:
        return 130
    except EOFError:
        from abduction_facts.ui import Terminal

        sys.stderr.write("\n")
        Terminal().error("aborted")
        return ExitCode.ERROR
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
            silence_stdout()
            return 1
        return crash_exit_code(exc)


def crash_exit_code(exc: Exception) -> int:
    """Report an unexpected exception as one line on stderr; exit code 2.

    why: a bug must still end in one line and exit 2 (issue 7); set
    FACTS_TRACEBACK=1 to see where it happened (the exception is raised again).
    """
    if os.environ.get("FACTS_TRACEBACK"):
        raise exc
    from abduction_facts.ui import Terminal

    name = type(exc).__name__
    Terminal().error(
        f"internal error ({name}: {exc}); please report it (FACTS_TRACEBACK=1 shows the traceback)"
    )
    return ExitCode.ERROR


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def __getattr__(name: str) -> Any:
    # why: the typer app and the commands' code are imported on first use (see `main`).
    if name == "app":
        from abduction_facts.cli.commands import app

        return app
    if name in {"run_check", "run_claims", "run_sources", "run_validate"}:
        from abduction_facts.cli import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    app: Typer
