"""Output formats: one module per format, all behind one `Formatter` interface.

Pick a formatter with `get_formatter(OutputFormat.SARIF, options)` and call
`format(report)`; it returns the whole payload as a string and never prints,
exits or touches the terminal. Format modules are imported only when asked
for, so `--format json` never pays for importing rich.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Protocol

from abduction_facts.models import Verdict

if TYPE_CHECKING:
    from abduction_facts.report import CheckReport

__all__ = [
    "FailOn",
    "FormatOptions",
    "Formatter",
    "OutputFormat",
    "get_formatter",
]


class OutputFormat(StrEnum):
    """The values of `facts check --format`."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    HTML = "html"
    CLAIMREVIEW = "claimreview"


class FailOn(StrEnum):
    """The values of `--fail-on`: the lowest verdict that fails a run."""

    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    UNVERIFIED = "unverified"
    NEVER = "never"

    def fails(self, verdict: Verdict) -> bool:
        """Whether a result with this verdict is at or above the threshold."""
        if self is FailOn.NEVER:
            return False
        return verdict.rank >= Verdict(self.value).rank


@dataclass(frozen=True, slots=True)
class FormatOptions:
    """What the command line tells a formatter.

    `fail_on` accepts a plain string too ("unverified"); it is turned into a
    `FailOn` (unknown values raise ValueError). `base_dir` is the directory
    SARIF and GitHub paths are made relative to (the working directory when
    None, read at format time). `width` None means 100 columns. `verbose`
    shows every shown sentence with its full evidence (the text format shows a
    supported one in a line by default). `review_author` and
    `review_author_url` name the organisation a ClaimReview is by (None: this
    tool), `review_date` is its date, "YYYY-MM-DD" (None: `SOURCE_DATE_EPOCH`,
    else today in UTC).
    """

    fail_on: FailOn = FailOn.CONTRADICTED
    show_unverified: bool = False
    quiet: bool = False
    verbose: bool = False
    color: bool = False
    width: int | None = None
    base_dir: str | None = None
    review_author: str | None = None
    review_author_url: str | None = None
    review_date: str | None = None

    def __post_init__(self) -> None:
        # why: frozen dataclasses need object.__setattr__ to normalise a field.
        object.__setattr__(self, "fail_on", FailOn(self.fail_on))

    def shows(self, verdict: Verdict) -> bool:
        """Whether a human-facing listing shows results with this verdict.

        Contradicted and supported always; unverified with `show_unverified`,
        or when unverified results fail the run (hiding them would hide why).
        """
        if verdict is not Verdict.UNVERIFIED:
            return True
        return self.show_unverified or self.fail_on.fails(Verdict.UNVERIFIED)


class Formatter(Protocol):
    """Turns a finished report into the text of one output format."""

    def format(self, report: CheckReport) -> str:
        """The whole output for `report`, ending with a newline."""
        ...


def _text(options: FormatOptions) -> Formatter:
    from abduction_facts.formats.text import TextFormatter

    return TextFormatter(options)


def _json(options: FormatOptions) -> Formatter:
    from abduction_facts.formats.json_format import JsonFormatter

    return JsonFormatter(options)


def _sarif(options: FormatOptions) -> Formatter:
    from abduction_facts.formats.sarif import SarifFormatter

    return SarifFormatter(options)


def _github(options: FormatOptions) -> Formatter:
    from abduction_facts.formats.github import GithubFormatter

    return GithubFormatter(options)


def _html(options: FormatOptions) -> Formatter:
    from abduction_facts.formats.html import HtmlFormatter

    return HtmlFormatter(options)


def _claimreview(options: FormatOptions) -> Formatter:
    from abduction_facts.formats.claimreview import ClaimReviewFormatter

    return ClaimReviewFormatter(options)


# why: factories import their module on first use (rich only for text), see issue 6.
_FACTORIES: Final[Mapping[OutputFormat, Callable[[FormatOptions], Formatter]]] = MappingProxyType(
    {
        OutputFormat.TEXT: _text,
        OutputFormat.JSON: _json,
        OutputFormat.SARIF: _sarif,
        OutputFormat.GITHUB: _github,
        OutputFormat.HTML: _html,
        OutputFormat.CLAIMREVIEW: _claimreview,
    }
)


def get_formatter(fmt: OutputFormat | str, options: FormatOptions | None = None) -> Formatter:
    """The formatter for `fmt` ("json" works as well as OutputFormat.JSON)."""
    return _FACTORIES[OutputFormat(fmt)](options if options is not None else FormatOptions())
