"""`--format html`: one self-contained review page for editors.

The page shows each checked draft as written, with every judged sentence
highlighted by its verdict. Hovering over a sentence, clicking it or tabbing
to it opens a popover with its conflicts ("draft says 13 · source says 17"),
the claim and the verbatim source passage with its publisher, date and link
(every passage, when several claims support the sentence together), or, for
an unverified sentence, the nearest claim and why it did not count. A summary
bar and a list of the contradictions, linked to their sentences, come first.

The draft's text is read again from each result's `path` and the sentences
are placed by their line and column; when the file cannot be read (stdin, a
statement) or no longer holds the sentences checked, they are shown in order.

Safety: the page needs nothing from outside (no scripts at all, no fonts,
one inline style sheet allowed by its hash in a Content-Security-Policy
`default-src 'none'`). Everything from the draft and the claims base goes
through `html.escape(..., quote=True)` after `safe_text` makes controls
visible; links are written only for http(s) URLs. Interaction is CSS only
(:hover, :focus-within, :target), and the print style sheet lays every
popover out inline. Verdicts read without colour (✗ ✓ ? and a label), and
every text/background pair of `PALETTE` meets WCAG AA contrast (4.5:1).
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from abduction_facts.formats.common import (
    find_spans,
    relative_path,
    safe_text,
    summary_line,
    summary_order,
)
from abduction_facts.models import Verdict
from abduction_facts.report import TOOL_NAME

if TYPE_CHECKING:
    from abduction_facts.formats import FormatOptions
    from abduction_facts.models import Claim, Result
    from abduction_facts.report import CheckReport

__all__ = ["PALETTE", "HtmlFormatter", "contrast_ratio", "safe_url"]

PALETTE: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        # name: (text colour, background colour); each pair is used together in CSS
        "page": ("#1b1b1b", "#ffffff"),
        "muted": ("#555555", "#ffffff"),
        "link": ("#0a4f96", "#ffffff"),
        "bar": ("#1b1b1b", "#f0f0ec"),
        "contradicted": ("#1b1b1b", "#ffd7d3"),
        "supported": ("#1b1b1b", "#d6efdb"),
        "unverified": ("#1b1b1b", "#fff0bf"),
        "disputed": ("#1b1b1b", "#eadcf5"),
        "found": ("#8c0d10", "#ffd7d3"),
        "badge-contradicted": ("#ffffff", "#a3161a"),
        "badge-supported": ("#ffffff", "#1d6531"),
        "badge-unverified": ("#1b1b1b", "#f3c640"),
        "badge-disputed": ("#ffffff", "#6a2c8e"),
        "popover": ("#1b1b1b", "#fcfcfa"),
        "popover-muted": ("#545454", "#fcfcfa"),
        "popover-link": ("#0a4f96", "#fcfcfa"),
        "draft-value": ("#8c0d10", "#fcfcfa"),
        "source-value": ("#175a2b", "#fcfcfa"),
        "passage": ("#1b1b1b", "#efefe9"),
        "passage-value": ("#175a2b", "#efefe9"),
    }
)
"""Every text/background colour pair of the page (see `test_html.py` for the ratios)."""

_SYMBOLS: Final = {
    Verdict.CONTRADICTED: "✗",
    Verdict.SUPPORTED: "✓",
    Verdict.UNVERIFIED: "?",
    Verdict.DISPUTED: "±",
}

_CSS_RULES: Final = """
*{box-sizing:border-box}
html{color:var(--page-fg);background:var(--page-bg)}
body{margin:0 auto;max-width:52rem;padding:1.5rem 1.25rem 4rem;
font:1.0625rem/1.6 Georgia,"Times New Roman",serif}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem}
a{color:var(--link-fg)}
.meta,.legend,.notice{color:var(--muted-fg);font-size:.9rem;margin:.25rem 0}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;list-style:none;margin:1rem 0;
padding:.6rem .9rem;color:var(--bar-fg);background:var(--bar-bg);border-radius:.4rem;
font-family:system-ui,sans-serif;font-size:.95rem}
.bar b{font-size:1.1rem}
.badge{display:inline-block;min-width:1.35em;padding:0 .3em;border-radius:.3em;
font:700 .8rem/1.5 system-ui,sans-serif;text-align:center;vertical-align:.1em}
.badge.contradicted{color:var(--badge-contradicted-fg);background:var(--badge-contradicted-bg)}
.badge.supported{color:var(--badge-supported-fg);background:var(--badge-supported-bg)}
.badge.unverified{color:var(--badge-unverified-fg);background:var(--badge-unverified-bg)}
.badge.disputed{color:var(--badge-disputed-fg);background:var(--badge-disputed-bg)}
.findings li{margin:.4rem 0}
.findings q{font-style:italic}
.doc{position:relative;white-space:pre-wrap;overflow-wrap:anywhere;margin:0;
padding:1rem 0;border-top:1px solid var(--muted-fg)}
.s{cursor:pointer}
.s>.t{border-radius:.2em;padding:.05em 0}
.s.contradicted>.t{color:var(--contradicted-fg);background:var(--contradicted-bg);
text-decoration:underline 2px solid;text-underline-offset:.2em}
.s.supported>.t{color:var(--supported-fg);background:var(--supported-bg)}
.s.unverified>.t{color:var(--unverified-fg);background:var(--unverified-bg);
text-decoration:underline 1px dotted;text-underline-offset:.2em}
.s.disputed>.t{color:var(--disputed-fg);background:var(--disputed-bg);
text-decoration:underline 2px dashed;text-underline-offset:.2em}
.s .found{color:var(--found-fg);background:var(--found-bg);font-weight:700;
text-decoration:underline 3px double}
.s>.badge{margin-right:.25em}
.s:hover,.s:focus,.s:target{outline:2px solid var(--page-fg);outline-offset:1px}
.pop{display:none;position:absolute;left:0;right:0;z-index:2;white-space:normal;
margin-top:.2rem;padding:.75rem 1rem;color:var(--popover-fg);background:var(--popover-bg);
border:1px solid var(--popover-muted-fg);border-radius:.4rem;box-shadow:0 .4rem 1.2rem #0004;
font:.95rem/1.45 system-ui,sans-serif;text-decoration:none;cursor:auto}
.s:hover>.pop,.s:focus>.pop,.s:focus-within>.pop,.s:target>.pop{display:block}
.pop>span{display:block;margin:.35rem 0}
.pop .lbl{font-weight:700}
.pop .m{color:var(--popover-muted-fg)}
.pop a{color:var(--popover-link-fg)}
.pop .draft{color:var(--draft-value-fg);font-weight:700}
.pop .source{color:var(--source-value-fg);font-weight:700}
.pop .passage{color:var(--passage-fg);background:var(--passage-bg);padding:.4rem .6rem;
border-left:3px solid var(--popover-muted-fg)}
.pop .passage b{color:var(--passage-value-fg)}
.pop .cite{display:block;color:var(--popover-muted-fg);font-size:.875rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media print{
body{max-width:none;padding:0}
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.pop{display:block;position:static;box-shadow:none;margin:.3rem 0 .8rem;break-inside:avoid}
.s:hover,.s:focus,.s:target{outline:none}
.pop a[href]::after{content:" <" attr(href) ">";word-break:break-all}
}
"""


def _stylesheet() -> str:
    variables = "".join(f"--{name}-fg:{fg};--{name}-bg:{bg};" for name, (fg, bg) in PALETTE.items())
    return ":root{" + variables + "}" + _CSS_RULES


STYLESHEET: Final = _stylesheet()
"""The page's only style sheet (allowed by its hash in the Content-Security-Policy)."""

_STYLE_HASH: Final = base64.b64encode(hashlib.sha256(STYLESHEET.encode("utf-8")).digest()).decode()
CONTENT_SECURITY_POLICY: Final = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; img-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

_MAX_DRAFT_BYTES: Final = 64 * 1024 * 1024


# --- pure helpers ----------------------------------------------------------------------


def _esc(text: str, *, keep_newlines: bool = False) -> str:
    """User text as HTML text or an attribute value: controls visible, then escaped."""
    return html.escape(safe_text(text, keep_newlines=keep_newlines), quote=True)


def safe_url(url: str) -> str | None:
    """`url` if it is an absolute http(s) URL that is safe to link, else None.

    why: a claims base is data anyone may edit; `javascript:` or `data:` in an
    href would run or show foreign content. Whitespace and controls are refused
    rather than stripped, since browsers strip them and a scheme could hide there.
    """
    if not url or any(ord(char) <= 0x20 or 0x7F <= ord(char) < 0xA0 for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _relative_luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(char * 2 for char in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21)."""
    lighter, darker = sorted(
        (_relative_luminance(foreground), _relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def _normalised(text: str) -> str:
    """As the segmenter reads a document: no BOM, line ends to "\\n", NUL to U+FFFD."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\0", "\ufffd")


def _read_draft(path: str) -> str | None:
    """The text of the checked file at `path`, or None (stdin, gone, unreadable, huge)."""
    if path.startswith("<") or not os.path.isfile(path):
        return None
    try:
        if os.path.getsize(path) > _MAX_DRAFT_BYTES:
            return None
        with open(path, "rb") as handle:
            return _normalised(handle.read().decode("utf-8", "replace"))
    except OSError:
        return None


def _holds(passage: str, sentence: str) -> bool:
    """Whether `passage` still holds `sentence`: its ASCII letters and digits, in order.

    why: a result's text is the sentence with Markdown removed (emphasis,
    link targets), so it is compared as a subsequence, not as a slice.
    """
    rest = iter(passage.casefold())
    return all(char in rest for char in sentence.casefold() if char.isascii() and char.isalnum())


def _placed(text: str, results: Sequence[tuple[int, Result]]) -> list[tuple[int, int]] | None:
    """Each result's (start, end) offsets in `text`, or None if they do not fit it."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    line_count = len(starts) - 1

    def offset(line: int, column: int) -> int | None:
        if not 1 <= line <= line_count or column < 1:
            return None
        at = starts[line - 1] + column - 1
        return at if at < starts[line] else None

    spans: list[tuple[int, int]] = []
    previous_end = 0
    for _, result in results:
        span = result.span
        start = offset(span.line, span.column)
        end = offset(span.end_line, span.end_column)
        if start is None or end is None or not previous_end <= start < end:
            return None
        if not _holds(text[start:end], result.text):
            return None
        spans.append((start, end))
        previous_end = end
    return spans


# --- the page --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Group:
    """The results of one input file (or of the statements, `path` None), in order."""

    path: str | None
    results: list[tuple[int, Result]]


class HtmlFormatter:
    """Writes one self-contained HTML page: summary, contradictions, the drafts marked up."""

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, report: CheckReport) -> str:
        """The whole page."""
        results = list(report.results)
        return "".join(self._page(report, results))

    # -- layout

    def _page(self, report: CheckReport, results: list[Result]) -> Iterator[str]:
        summary = report.summary()
        groups = self._groups(results)
        names = [self._name(g.path) for g in groups if g.path is not None]
        title = f"{TOOL_NAME} review" + (f": {', '.join(names[:3])}" if names else "")
        if len(names) > 3:
            title += f" and {len(names) - 3} more"
        yield (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="color-scheme" content="light">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(title)}</title>\n<style>{STYLESHEET}</style>\n</head>\n<body>\n"
        )
        yield from self._header(report, summary)
        yield from self._finding_list(results, Verdict.CONTRADICTED, "Contradictions")
        yield from self._finding_list(results, Verdict.DISPUTED, "Sources disagree")
        if self.options.shows(Verdict.UNVERIFIED):
            yield from self._finding_list(results, Verdict.UNVERIFIED, "Unverified sentences")
        yield from self._notices(report)
        for number, group in enumerate(groups, start=1):
            yield from self._group(number, group)
        yield "</body>\n</html>\n"

    def _header(self, report: CheckReport, summary: Mapping[str, int]) -> Iterator[str]:
        yield "<header>\n<h1>Fact-check review</h1>\n"
        yield (
            f'<p class="meta">{_esc(summary_line(summary))} · checked against '
            f"{_esc(report.claims_file)} ({report.claims_count} claims)</p>\n"
        )
        yield '<ul class="bar" aria-label="Sentences by verdict">\n'
        for verdict in summary_order(summary):
            yield (
                f'<li class="count {verdict.value}">{self._badge(verdict)} '
                f"<b>{summary.get(verdict.value, 0)}</b> {verdict.value}</li>\n"
            )
        yield f"<li><b>{summary.get('sentences', 0)}</b> sentences</li>\n</ul>\n"
        legend = " · ".join(f"{_SYMBOLS[v]} {v.value}" for v in summary_order(summary))
        yield (
            f'<p class="legend">{legend}. Hover over, click or tab to a marked sentence '
            "to see its conflicts and the source passage.</p>\n</header>\n"
        )

    def _finding_list(self, results: list[Result], verdict: Verdict, heading: str) -> Iterator[str]:
        found = [(i, r) for i, r in enumerate(results, start=1) if r.verdict is verdict]
        if not found and verdict is not Verdict.CONTRADICTED:
            return
        slug = verdict.value
        yield f'<nav class="findings" aria-labelledby="list-{slug}">\n'
        yield f'<h2 id="list-{slug}">{self._badge(verdict)} {heading} ({len(found)})</h2>\n'
        if not found:
            yield "<p>No sentence is contradicted by the claims base.</p>\n</nav>\n"
            return
        yield "<ol>\n"
        for index, result in found:
            where = self._location(result)
            conflicts = " · ".join(
                f"draft says {_esc(c.found)}, source says {_esc(c.expected)}"
                for c in result.judgement.conflicts
            ) or " · ".join(
                f"draft says {_esc(c.found)}, {_esc(d.other.source.publisher)} says "
                f"{_esc(c.expected)}"
                for d in result.judgement.disputed_by
                for c in d.conflicts
            )
            yield (
                f'<li><a href="#s-{index}">{_esc(where)}</a> <q>{_esc(result.text)}</q>'
                + (f" — {conflicts}" if conflicts else "")
                + "</li>\n"
            )
        yield "</ol>\n</nav>\n"

    def _notices(self, report: CheckReport) -> Iterator[str]:
        if report.skipped:
            yield '<h2>Skipped inputs</h2>\n<ul class="notice">\n'
            for skipped in report.skipped:
                path = relative_path(skipped.path, self.options.base_dir)
                yield f"<li>{_esc(path)}: {_esc(skipped.reason)}</li>\n"
            yield "</ul>\n"
        if report.warnings:
            yield '<h2>Warnings</h2>\n<ul class="notice">\n'
            yield from (f"<li>{_esc(warning)}</li>\n" for warning in report.warnings)
            yield "</ul>\n"

    def _groups(self, results: list[Result]) -> list[_Group]:
        groups: dict[str | None, _Group] = {}
        for index, result in enumerate(results, start=1):
            group = groups.setdefault(result.path, _Group(result.path, []))
            group.results.append((index, result))
        return list(groups.values())

    def _group(self, number: int, group: _Group) -> Iterator[str]:
        heading = "Statements" if group.path is None else self._name(group.path)
        yield f'<section aria-labelledby="f-{number}">\n<h2 id="f-{number}">{_esc(heading)}</h2>\n'
        text = _read_draft(group.path) if group.path is not None else None
        spans = _placed(text, group.results) if text is not None else None
        if group.path is not None and (text is None or spans is None):
            why = "cannot be read" if text is None else "no longer holds the checked text"
            if group.path.startswith("<"):
                why = "is not kept"
            yield f'<p class="notice">The draft {why}: its sentences are shown in order.</p>\n'
        yield '<div class="doc">'
        if text is not None and spans is not None:
            yield from self._document(text, group.results, spans)
        else:
            yield from self._in_order(group)
        yield "</div>\n</section>\n"

    def _document(
        self, text: str, results: Sequence[tuple[int, Result]], spans: Sequence[tuple[int, int]]
    ) -> Iterator[str]:
        at = 0
        for (index, result), (start, end) in zip(results, spans, strict=True):
            yield _esc(text[at:start], keep_newlines=True)
            yield self._sentence(index, result, text[start:end])
            at = end
        yield _esc(text[at:], keep_newlines=True)

    def _in_order(self, group: _Group) -> Iterator[str]:
        previous: Result | None = None
        for index, result in group.results:
            if previous is not None:
                gap = result.span.line - previous.span.end_line
                yield "\n\n" if group.path is None or gap > 1 else ("\n" if gap == 1 else " ")
            yield self._sentence(index, result, result.text)
            previous = result

    # -- one sentence

    def _sentence(self, index: int, result: Result, shown: str) -> str:
        verdict = result.verdict
        label = verdict.value
        marked = self._marked(shown, [c.found for c in result.judgement.conflicts], "found")
        return (
            f'<span class="s {label}" id="s-{index}" data-verdict="{label}" tabindex="0" '
            f'aria-describedby="p-{index}">'
            f'<span class="badge {label}" aria-hidden="true">{_SYMBOLS[verdict]}</span>'
            f'<span class="vh">{label}: </span><span class="t">{marked}</span>'
            f'<span class="pop" id="p-{index}" role="tooltip">{self._popover(result)}</span>'
            "</span>"
        )

    @staticmethod
    def _marked(text: str, needles: Iterable[str], css_class: str) -> str:
        """`text` escaped, with each needle found in it wrapped in `<b class=…>`."""
        spans = sorted(span for needle in needles if needle for span in find_spans(text, needle))
        pieces: list[str] = []
        at = 0
        tag = f'<b class="{css_class}">' if css_class else "<b>"
        for start, end in spans:
            if start < at:  # overlaps the previous mark: already shown
                continue
            pieces.append(_esc(text[at:start], keep_newlines=True))
            pieces.append(f"{tag}{_esc(text[start:end], keep_newlines=True)}</b>")
            at = end
        pieces.append(_esc(text[at:], keep_newlines=True))
        return "".join(pieces)

    def _popover(self, result: Result) -> str:
        judgement = result.judgement
        verdict = judgement.verdict
        parts = [
            f'<span><span class="badge {verdict.value}">{_SYMBOLS[verdict]} '
            f'{verdict.value.upper()}</span> <span class="m">{_esc(self._location(result))}</span>'
            "</span>"
        ]
        for conflict in judgement.conflicts:
            parts.append(
                f'<span>draft says <span class="draft">{_esc(conflict.found)}</span> · '
                f'source says <span class="source">{_esc(conflict.expected)}</span> '
                f'<span class="m">({_esc(str(conflict.kind))})</span></span>'
            )
        for dispute in judgement.disputed_by:
            publisher = dispute.other.source.publisher or "another source"
            for conflict in dispute.conflicts:
                parts.append(
                    f'<span>draft says <span class="source">{_esc(conflict.found)}</span> · '
                    f'{_esc(publisher)} says <span class="draft">{_esc(conflict.expected)}</span> '
                    f'<span class="m">({_esc(str(conflict.kind))})</span></span>'
                )
        expected = [c.expected for c in judgement.conflicts]
        disputing = {d.other.id: d for d in judgement.disputed_by}
        for number, claim in enumerate(judgement.claims_used):
            other_side = disputing.get(claim.id)
            if other_side is not None:
                others = [c.expected for c in other_side.conflicts]
                parts.append(self._evidence("Other source", claim, others))
                continue
            parts.append(self._evidence("Claim" if number == 0 else "Also", claim, expected))
        if not judgement.claims_used:
            if judgement.nearest is not None:
                parts.append(self._evidence("Nearest claim", judgement.nearest, ()))
            else:
                parts.append("<span>No claim in the claims base covers this sentence.</span>")
        if judgement.not_covered:
            items = ", ".join(judgement.not_covered)
            parts.append(
                f'<span><span class="lbl">Not covered by the claims base:</span> {_esc(items)}'
                "</span>"
            )
        if judgement.note:
            parts.append(f'<span><span class="lbl">Note:</span> {_esc(judgement.note)}</span>')
        return "".join(parts)

    def _evidence(self, label: str, claim: Claim, expected: Sequence[str]) -> str:
        details = [claim.id, f"as of {claim.as_of}"]
        if claim.attribution:
            details.append(f"according to {claim.attribution}")
        source = claim.source
        url = safe_url(source.url)
        title = _esc(source.title or source.id)
        if url is not None:
            title = f'<a href="{html.escape(url, quote=True)}" rel="noreferrer">{title}</a>'
        elif source.url:
            title += f" ({_esc(source.url)})"
        citation = " · ".join(
            [title, *(_esc(p) for p in (source.publisher, source.published) if p)]
        )
        return (
            f'<span><span class="lbl">{label}:</span> {_esc(claim.text)} '
            f'<span class="m">({_esc(" · ".join(details))})</span></span>'
            f'<span class="passage">“{self._marked(claim.passage, expected, "")}”'
            f'<span class="cite">{citation}</span></span>'
        )

    # -- small pieces

    @staticmethod
    def _badge(verdict: Verdict) -> str:
        return f'<span class="badge {verdict.value}" aria-hidden="true">{_SYMBOLS[verdict]}</span>'

    def _name(self, path: str) -> str:
        return relative_path(path, self.options.base_dir)

    def _location(self, result: Result) -> str:
        if result.path is None:
            return "statement"
        span = result.span
        return f"{self._name(result.path)}:{span.line}:{span.column}"
