"""The typer app: each command parses its options and hands them to a `run_*` function.

The work itself lives in `abduction_facts.cli`, which does not import typer,
so `facts --version` and `facts check STATEMENT` can run without building
this app (see `abduction_facts.cli.main`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import partial
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

from abduction_facts._version import __version__
from abduction_facts.cli import ExitCode, ListFormat, crash_exit_code
from abduction_facts.cli.run import run_check, run_claims, run_sources, run_validate
from abduction_facts.formats import FailOn, OutputFormat
from abduction_facts.ui import Terminal

try:  # typer >= 0.29 parses with its own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer uses click itself
    from click.exceptions import ClickException  # type: ignore[assignment]

# why: the listing commands share these options; one definition keeps them alike
ListFormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
ClaimsOption = Annotated[
    Path | None,
    typer.Option(help="Claims file to use instead of the bundled one.", show_default=False),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour.")]


# --- typer plumbing -------------------------------------------------------------------


def _plain_converter(annotation: Any) -> Callable[[Any], Any] | None:
    """A converter for the simple parameter types this CLI uses, or None for others."""
    origin = get_origin(annotation)
    if origin in (Union, UnionType):
        members = [a for a in get_args(annotation) if a is not NoneType]
        return _plain_converter(members[0]) if len(members) == 1 else None
    if origin is list:
        item = _plain_converter(get_args(annotation)[0])
        if item is None:
            return None
        convert_item = item
        return lambda values: [convert_item(v) for v in values]
    if annotation in (str, Path, bool):
        return annotation  # type: ignore[no-any-return]
    if annotation is int:
        return _to_int
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return partial(_to_choice, annotation)
    return None


def _to_int(value: Any) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None


def _to_choice(choices: type[Enum], value: Any) -> Enum:
    try:
        return choices(value)
    except ValueError:
        names = ", ".join(str(member.value) for member in choices)
        raise ValueError(f"{value!r} is not one of {names}") from None


@dataclass(frozen=True, slots=True)
class _PlainCoercion:
    """Stands in for typer's per-parameter pydantic TypeAdapter (same `coerce` call)."""

    convert: Callable[[Any], Any]

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if (param.multiple or param.nargs == -1) else None
        try:
            return self.convert(value)
        except (TypeError, ValueError) as exc:
            raise typer.BadParameter(str(exc), ctx=ctx, param=param) from None


def _use_plain_coercion(params: Sequence[Any]) -> None:
    """Give each parameter a plain coercion so typer does not import pydantic.

    why: typer 0.29 builds a pydantic TypeAdapter for every non-flag
    parameter on first use, which imports pydantic (~100 ms, half of the
    start-up budget of issue 6) only to turn strings into str, Path, int or
    an enum. If typer's internals differ, nothing is changed and typer
    coerces as usual, only slower.
    """
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        convert = _plain_converter(getattr(descriptor, "annotation", None))
        if convert is not None:
            param._runtime_param = _PlainCoercion(convert)


class _FactsCommand(TyperCommand):
    """A typer command whose parameters skip pydantic (see `_use_plain_coercion`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _use_plain_coercion(params)
        return params


class _FactsGroup(TyperGroup):
    """Shows usage errors as one line ("error: …") and exits 2; skips pydantic too."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            outcome = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ClickException as exc:
            message = exc.format_message().strip()
            # why: `facts` alone shows the help (already printed); no error line to add.
            if message:
                ctx = getattr(exc, "ctx", None)
                where = ctx.command_path if ctx is not None else "facts"
                Terminal().error(f"{message} (see '{where} --help')")
            outcome = ExitCode.ERROR
        except typer.Abort:
            Terminal().error("aborted")
            outcome = ExitCode.ERROR
        except Exception as exc:
            outcome = crash_exit_code(exc)
        code = outcome if isinstance(outcome, int) else ExitCode.OK
        if standalone_mode:
            sys.exit(int(code))
        return code

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _use_plain_coercion(params)
        return params


app = typer.Typer(
    cls=_FactsGroup,
    name="facts",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"facts {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    *,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Check statements and drafts about the Japan-North Korea abduction issue.

    Every sentence is compared with a curated base of claims taken verbatim
    from news articles: supported, contradicted (with each conflict named)
    or unverified.
    """


# --- the commands ---------------------------------------------------------------------


@app.command(cls=_FactsCommand)
def check(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT",
            show_default=False,
            help="Statements, files or directories to check; '-' or nothing reads stdin.",
        ),
    ] = None,
    *,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format."),
    ] = OutputFormat.TEXT,
    claims: Annotated[
        Path | None,
        typer.Option(help="Claims file to use instead of the bundled one.", show_default=False),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit 1 when a result is at or above this verdict (default: contradicted).",
            show_default=False,
        ),
    ] = None,
    text: Annotated[
        bool,
        typer.Option("--text", help="Treat every INPUT as a statement, even if it names a file."),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            help="Name stdin in reports (a .md name reads it as Markdown).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file instead of stdout.",
            show_default=False,
        ),
    ] = None,
    show_unverified: Annotated[
        bool | None,
        typer.Option(
            "--show-unverified/--hide-unverified",
            help="Also show sentences no claim covers.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the summary (text format).")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Show the evidence of supported sentences too, not one line each (text format).",
        ),
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (also: NO_COLOR=1).")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="Judge long inputs in this many processes (default: one per CPU; "
            "inputs under ~2,000 sentences always use one).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            help="Read settings from this file instead of the nearest .facts.yaml or "
            "pyproject.toml.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The drafts' date (YYYY, YYYY-MM or YYYY-MM-DD): ages and other states "
            "are compared at it. Default: a Markdown draft's front matter date:, else "
            "as-of from the configuration.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check statements, files, directories or stdin against the claims base.

    An INPUT naming a file is a document (Markdown for .md/.markdown); a
    directory is searched for *.md, *.markdown and *.txt; anything else is a
    statement. Exit 0: nothing at or above --fail-on; 1: findings; 2: error.
    """
    raise typer.Exit(
        run_check(
            inputs,
            output_format=output_format,
            claims=claims,
            fail_on=fail_on,
            text=text,
            stdin_filename=stdin_filename,
            output=output,
            show_unverified=show_unverified,
            quiet=quiet,
            verbose=verbose,
            no_color=no_color,
            jobs=jobs,
            config=config,
            as_of=as_of,
        )
    )


@app.command("claims", cls=_FactsCommand)
def claims_command(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Words to search for (fuzzy) in claim ids and texts.", show_default=False
        ),
    ] = None,
    *,
    output_format: ListFormatOption = ListFormat.TEXT,
    claims: ClaimsOption = None,
    no_color: NoColorOption = False,
) -> None:
    """List the claims, or search them (best match first)."""
    raise typer.Exit(
        run_claims(query, output_format=output_format, claims=claims, no_color=no_color)
    )


sources_app = typer.Typer(
    cls=_FactsGroup,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sources_app, name="sources")


@sources_app.callback(invoke_without_command=True)
def sources_command(
    ctx: typer.Context,
    *,
    output_format: ListFormatOption = ListFormat.TEXT,
    claims: ClaimsOption = None,
    no_color: NoColorOption = False,
) -> None:
    """List the source articles the claims are taken from (`sources add` appends drafts)."""
    if ctx.invoked_subcommand is None:
        raise typer.Exit(run_sources(output_format=output_format, claims=claims, no_color=no_color))
    ctx.obj = claims


@sources_app.command("add", cls=_FactsCommand)
def sources_add(
    ctx: typer.Context,
    drafts: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Reviewed drafts (from `facts suggest`) to append."),
    ],
    *,
    claims: Annotated[
        Path | None,
        typer.Option(help="Claims file to append to (never the bundled one).", show_default=False),
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """Append reviewed drafts' sources, entities and claims to a claims file.

    Comments and layout of the file are kept; duplicate ids are refused, and
    the result must validate before it replaces the file. Exit 0 added, 2 not.
    """
    from abduction_facts.cli.drafts import run_sources_add

    target = claims if claims is not None else ctx.obj
    raise typer.Exit(run_sources_add(drafts, claims=target, no_color=no_color))


@app.command(cls=_FactsCommand)
def suggest(
    article: Annotated[
        Path, typer.Argument(help="The article: a text or Markdown file.", show_default=False)
    ],
    *,
    source_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="The source's id (default: front matter, else the title's slug).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            help="The title (default: front matter, else the first line).", show_default=False
        ),
    ] = None,
    publisher: Annotated[
        str | None, typer.Option(help="The publisher.", show_default=False)
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Publication date, YYYY-MM-DD: relative dates are resolved against it.",
            show_default=False,
        ),
    ] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL.", show_default=False)] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            help="The source's path as the claims file names it (default: sources/NAME).",
            show_default=False,
        ),
    ] = None,
    claims: ClaimsOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the draft to this file instead of stdout.",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """Draft claims for a new source article: a YAML claims fragment to review.

    One claim per sentence or clause with a checkable fact (passage, typed
    facts, about, kind, as_of); new names are proposed as entities; sentences
    left out are listed as comments. Options win over the file's front matter.
    """
    from abduction_facts.cli.drafts import run_suggest

    raise typer.Exit(
        run_suggest(
            article,
            source_id=source_id,
            title=title,
            publisher=publisher,
            published=published,
            url=url,
            file=file,
            claims=claims,
            output=output,
            no_color=no_color,
        )
    )


@app.command(cls=_FactsCommand)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Claims files to validate.",
            show_default="the one check uses: configured, else bundled",
        ),
    ] = None,
    *,
    no_color: NoColorOption = False,
) -> None:
    """Validate claims files: schema, unique ids, verbatim passages, grounded facts.

    Every problem is listed on stderr as file:line: message; exit 0 valid, 2 invalid.
    """
    raise typer.Exit(run_validate(paths, no_color=no_color))
