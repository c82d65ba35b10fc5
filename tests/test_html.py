"""`--format html`: the review page for editors.

The page of examples/draft.md is rendered in headless Chromium (skipped when
it is not installed; `.ci/run` installs it): a screenshot is taken into the
test's tmp dir and the DOM after rendering must mark every contradicted
sentence and hold its passages. Hostile drafts and claims bases cannot inject
markup, scripts, event handlers or javascript: links; the page loads nothing
from outside; every colour pair of the palette meets WCAG AA contrast.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from abduction_facts.formats import FormatOptions, OutputFormat, get_formatter
from abduction_facts.formats.html import PALETTE, STYLESHEET, contrast_ratio, safe_url
from abduction_facts.models import (
    Claim,
    ClaimId,
    ClaimKind,
    Conflict,
    FactType,
    Judgement,
    Result,
    Source,
    SourceId,
    Span,
    Verdict,
)
from abduction_facts.report import CheckReport

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "draft.md"
FACTS = Path(sys.executable).with_name("facts")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

GoldenCheck = Callable[[str, str], None]

HOSTILE_DRAFT = (
    "Japan has identified 13 abductees <script>alert(1)</script> today.\n"
    'See [the source](javascript:alert(2)) and "><img src=x onerror=alert(3)>.\n'
    "</style><style>body{display:none}</style> North Korea admitted abducting 13 people.\n"
    "<a href=\"javascript:alert(4)\" onclick='alert(5)'>click</a> & more \x1b[31m\u202e.\n"
)

EVIL = Source(
    id=SourceId("evil"),
    title='</style><script>alert("title")</script>',
    publisher='"><img src=x onerror=alert("publisher")>',
    published="2023-10-01' onmouseover='alert(6)",
    url="javascript:alert('url')",
    file="evil.txt",
    text="",
)
GOOD = replace(EVIL, id=SourceId("good"), title="Good title", url="https://example.org/a?b=1&c=2")


def _claim(claim_id: str, source: Source, text: str, passage: str) -> Claim:
    return Claim(
        id=ClaimId(claim_id),
        text=text,
        source=source,
        passage=passage,
        attribution="<b onclick=alert(7)>someone</b>",
        as_of="2023-10-01",
        kind=ClaimKind.STATE,
        about=(),
        facts=(),
    )


EVIL_CLAIM = _claim(
    "evil-claim",
    EVIL,
    "Japan has identified 17 abductees </span><script>alert(8)</script>.",
    "The government has identified 17 <iframe src=javascript:alert(9)></iframe> citizens.",
)
GOOD_CLAIM = _claim(
    "good-claim", GOOD, "North Korea admitted abducting 13.", "North Korea admitted 13 abductions."
)


# --- a small DOM, from html.parser ----------------------------------------------------------

_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


@dataclass
class Element:
    """One element of a parsed page: tag, attributes, children and text in order."""

    tag: str
    attrs: dict[str, str]
    parts: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """Every descendant's text, whitespace collapsed."""
        return " ".join(self.raw_text().split())

    def raw_text(self) -> str:
        """Every descendant's text, as it is."""
        return "".join(p if isinstance(p, str) else p.raw_text() for p in self.parts)

    def walk(self) -> Iterator[Element]:
        """This element and every descendant, in document order."""
        yield self
        for part in self.parts:
            if isinstance(part, Element):
                yield from part.walk()

    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.raw_attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.raw_attrs.extend((tag, name, value) for name, value in attrs)
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].parts.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def parse(page: str) -> tuple[Element, list[tuple[str, str, str | None]]]:
    """The page's element tree, and every (tag, attribute, value) in it."""
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root, builder.raw_attrs


def _by_id(root: Element) -> dict[str, Element]:
    return {e.attrs["id"]: e for e in root.walk() if "id" in e.attrs}


# --- producing pages ------------------------------------------------------------------------


def _run_facts(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FACTS), *args], capture_output=True, text=True, encoding="utf-8", check=False
    )


@pytest.fixture(scope="module")
def draft_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    """examples/draft.md's review page (written by the CLI), and its JSON records."""
    out = tmp_path_factory.mktemp("html") / "review.html"
    written = _run_facts("check", str(DRAFT), "--format", "html", "-o", str(out))
    assert written.returncode == 1, written.stderr  # the draft has contradictions
    assert written.stdout == ""
    records = json.loads(_run_facts("check", str(DRAFT), "--format", "json").stdout)["results"]
    return out, records


def _html(report: CheckReport, **options: object) -> str:
    return get_formatter(OutputFormat.HTML, FormatOptions(**options)).format(report)  # type: ignore[arg-type]


def _report(*results: Result) -> CheckReport:
    return CheckReport(results=results, claims_file="claims.yaml", claims_count=2)


def _hostile_report(tmp_path: Path) -> CheckReport:
    """The hostile draft on disk, its sentences judged against the hostile claims."""
    draft = tmp_path / 'hostile"><img src=x onerror=alert(0)>.md'
    draft.write_text(HOSTILE_DRAFT, encoding="utf-8")
    lines = HOSTILE_DRAFT.split("\n")
    results = [
        Result(
            str(draft),
            Span(number, 1, number, len(line) + 1),
            line,
            judgement,
        )
        for number, (line, judgement) in enumerate(
            zip(
                lines,
                [
                    Judgement(
                        Verdict.CONTRADICTED,
                        claim=EVIL_CLAIM,
                        conflicts=(Conflict(FactType.NUMBER, "13", "17 <script>x</script>"),),
                    ),
                    Judgement(Verdict.UNVERIFIED, nearest=EVIL_CLAIM, note="<script>n</script>"),
                    Judgement(
                        Verdict.SUPPORTED, claim=GOOD_CLAIM, evidence=(GOOD_CLAIM, EVIL_CLAIM)
                    ),
                    Judgement(Verdict.UNVERIFIED, not_covered=("<u onclick=x>",)),
                ],
                strict=False,
            ),
            start=1,
        )
    ]
    statement = Result(None, Span(1, 1, 1, 20), "<script>alert(10)</script>", results[0].judgement)
    stdin = Result(
        "<stdin>",
        Span(1, 1, 1, 9),
        "</div><img src=x onerror=alert(11)>",
        Judgement(Verdict.UNVERIFIED),
    )
    return _report(*results, statement, stdin)


# --- (1) the draft's page, rendered in headless Chromium -------------------------------------


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    # why: no network, no first-run or background requests; --no-sandbox as CI runs as root
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _assert_marks_contradictions(root: Element, records: list[dict[str, object]]) -> None:
    ids = _by_id(root)
    contradicted = [
        (i, r) for i, r in enumerate(records, start=1) if r["verdict"] == "contradicted"
    ]
    assert contradicted, "examples/draft.md is expected to have contradicted sentences"
    marked = [e for e in root.walk() if e.attrs.get("data-verdict") == "contradicted"]
    assert len(marked) == len(contradicted)
    for index, record in contradicted:
        sentence = ids[f"s-{index}"]
        assert "contradicted" in sentence.classes()
        assert sentence.attrs["data-verdict"] == "contradicted"
        labels = [e.text() for e in sentence.walk() if e.classes() & {"badge", "vh"}]
        assert "✗" in labels
        assert "contradicted:" in labels
        shown = sentence.text()
        assert " ".join(str(record["text"]).split())[:30] in shown
        for evidence in record["evidence"]:  # type: ignore[attr-defined]
            assert " ".join(evidence["passage"].split()) in shown
        for conflict in record["conflicts"]:  # type: ignore[attr-defined]
            assert f"draft says {conflict['found']} · source says {conflict['expected']}" in shown
        # the list at the top links to the sentence
        assert any(e.tag == "a" and e.attrs.get("href") == f"#s-{index}" for e in root.walk()), (
            f"no link to contradicted sentence s-{index}"
        )


def test_draft_page_marks_every_contradiction(
    draft_review: tuple[Path, list[dict[str, object]]],
) -> None:
    page, records = draft_review
    root, _ = parse(page.read_text(encoding="utf-8"))
    _assert_marks_contradictions(root, records)
    # every judged sentence is on the page once, in document order
    sentences = [e for e in root.walk() if "s" in e.classes()]
    assert [e.attrs["id"] for e in sentences] == [f"s-{i}" for i in range(1, len(records) + 1)]
    # the draft is shown as written, so skipped parts (front matter, code) are there too
    assert "$ facts check examples/draft.md --show-unverified" in root.text()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_draft_page_in_headless_chromium(
    draft_review: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    page, records = draft_review
    screenshot = tmp_path / "review.png"
    shot = _chromium(
        f"--screenshot={screenshot}", "--window-size=1200,2000", page.as_uri(), profile=tmp_path
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert screenshot.stat().st_size > 20_000  # a page with text, not a blank one
    dumped = _chromium("--dump-dom", page.as_uri(), profile=tmp_path)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    root, _ = parse(dumped.stdout)
    _assert_marks_contradictions(root, records)
    assert not [e for e in root.walk() if e.tag == "script"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_hostile_page_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(_html(_hostile_report(tmp_path)), encoding="utf-8")
    dumped = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    root, attrs = parse(dumped.stdout)
    assert {e.tag for e in root.walk()}.isdisjoint({"script", "img", "iframe"})
    assert not [name for _, name, _ in attrs if name.startswith("on")]
    assert "<script>alert(1)</script>" in root.text()  # shown as text


# --- (2) nothing from the draft or the claims base becomes markup -----------------------------


def test_hostile_draft_and_claims_cannot_inject_markup(tmp_path: Path) -> None:
    page = _html(_hostile_report(tmp_path), show_unverified=True)
    root, attrs = parse(page)
    tags = [e.tag for e in root.walk()]
    assert "script" not in tags
    assert tags.count("style") == 1
    assert {"img", "iframe", "object", "embed", "link", "base", "form"}.isdisjoint(tags)
    assert not [(tag, name) for tag, name, _ in attrs if name.startswith("on")]
    for tag, name, value in attrs:
        if name in ("href", "src", "action", "formaction", "xlink:href"):
            assert tag == "a"
            assert name == "href"
            assert value is not None
            assert value.startswith(("#", "https://", "http://")), value
    assert "javascript:" not in " ".join(v or "" for _, _, v in attrs)
    # the text reads as the draft and the claims wrote it
    text = root.text()
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(3)>' in text
    assert "</style><style>body{display:none}</style>" in text
    assert "javascript:alert('url')" in text  # shown, never linked
    assert "\x1b" not in page
    assert "\u202e" not in page
    # only the http(s) source gets a link
    links = [e.attrs["href"] for e in root.walk() if e.tag == "a"]
    links = [link for link in links if not link.startswith("#")]
    assert set(links) == {"https://example.org/a?b=1&c=2"}


def test_hostile_draft_through_the_engine(tmp_path: Path) -> None:
    draft = tmp_path / "hostile.md"
    draft.write_text(HOSTILE_DRAFT, encoding="utf-8")
    out = tmp_path / "hostile.html"
    run = _run_facts("check", str(draft), "--format", "html", "-o", str(out))
    assert run.returncode in (0, 1), run.stderr
    root, attrs = parse(out.read_text(encoding="utf-8"))
    assert {e.tag for e in root.walk()}.isdisjoint({"script", "img", "iframe"})
    assert not [name for _, name, _ in attrs if name.startswith("on")]
    assert "<script>alert(1)</script>" in root.text()


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.org/a", True),
        ("http://example.org/a?b=1&c=<2>", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("https://exa mple.org", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/a", False),
        ("/relative", False),
        ("https:alert(1)", False),
        ("", False),
    ],
)
def test_only_http_urls_are_linked(url: str, allowed: bool) -> None:
    assert (safe_url(url) == url) is allowed


# --- (3) self-contained --------------------------------------------------------------------


def test_page_loads_nothing_from_outside(
    draft_review: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    for page in (draft_review[0].read_text("utf-8"), _html(_hostile_report(tmp_path))):
        root, attrs = parse(page)
        assert not [(t, n) for t, n, _ in attrs if n in ("src", "srcset", "poster", "data")]
        assert all(t == "a" for t, n, _ in attrs if n == "href")
        assert {"script", "link", "img", "iframe", "object", "embed"}.isdisjoint(
            e.tag for e in root.walk()
        )
        styles = [e.text() for e in root.walk() if e.tag == "style"]
        assert styles == [" ".join(STYLESHEET.split())]
    assert "@import" not in STYLESHEET
    assert "url(" not in STYLESHEET
    assert "@font-face" not in STYLESHEET


def test_content_security_policy_allows_only_the_style_sheet(
    draft_review: tuple[Path, list[dict[str, object]]],
) -> None:
    page = draft_review[0].read_text("utf-8")
    root, _ = parse(page)
    metas = [e.attrs for e in root.walk() if e.tag == "meta"]
    policy = next(m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    # the hash in the policy is the hash of the <style> element's text, byte for byte
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode("utf-8")).digest()).decode()
    assert directives["style-src"] == f"'sha256-{digest}'"
    assert page.index("Content-Security-Policy") < page.index("<style>")


# --- (4) readable without colour, and with enough contrast ---------------------------------


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_palette_meets_wcag_aa_contrast(name: str) -> None:
    foreground, background = PALETTE[name]
    assert contrast_ratio(foreground, background) >= 4.5, (name, foreground, background)


def test_contrast_ratio_is_wcag_2() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1)


def test_style_sheet_uses_only_palette_colours() -> None:
    used = set(re.findall(r"var\(--([a-z-]+)-(?:fg|bg)\)", STYLESHEET))
    assert used <= set(PALETTE)
    rules = STYLESHEET.split("}", 1)[1]  # after the :root block of palette variables
    # why: a colour written outside the palette would escape the contrast test;
    # the popover's shadow (#0004, translucent black) is not a text background.
    assert set(re.findall(r"#[0-9a-fA-F]{3,8}\b", rules)) <= {"#0004"}


def test_verdicts_read_without_colour() -> None:
    report = _report(
        Result(None, Span(1, 1, 1, 5), "One.", Judgement(Verdict.SUPPORTED, claim=GOOD_CLAIM)),
        Result(None, Span(1, 1, 1, 5), "Two.", Judgement(Verdict.UNVERIFIED)),
    )
    root, _ = parse(_html(report))
    ids = _by_id(root)
    assert ids["s-1"].attrs["data-verdict"] == "supported"
    assert "✓ SUPPORTED" in ids["s-1"].text()
    assert ids["s-2"].text().startswith("?unverified: Two.")
    assert "No claim in the claims base covers this sentence." in ids["s-2"].text()
    assert "@media print" in STYLESHEET  # popovers laid out inline on paper


# --- what the page shows ---------------------------------------------------------------------


def test_every_passage_of_an_evidence_set_is_shown(tmp_path: Path) -> None:
    root, _ = parse(_html(_hostile_report(tmp_path)))
    supported = _by_id(root)["s-3"].text()
    assert "North Korea admitted 13 abductions." in supported
    assert "The government has identified 17 <iframe src=javascript:alert(9)></iframe>" in supported
    assert 'Good title · "><img src=x onerror=alert("publisher")>' in supported


def test_unverified_sentence_shows_its_nearest_claim_and_note(tmp_path: Path) -> None:
    root, _ = parse(_html(_hostile_report(tmp_path)))
    shown = _by_id(root)["s-2"].text()
    assert "Nearest claim:" in shown
    assert "Note: <script>n</script>" in shown


def test_statements_and_stdin_are_shown_in_order(tmp_path: Path) -> None:
    root, _ = parse(_html(_hostile_report(tmp_path)))
    headings = [e.text() for e in root.walk() if e.tag == "h2"]
    assert "Statements" in headings
    assert "<stdin>" in headings
    assert "The draft is not kept: its sentences are shown in order." in root.text()


def test_a_changed_draft_falls_back_to_the_sentences(tmp_path: Path) -> None:
    report = _hostile_report(tmp_path)
    path = report.results[0].path
    assert path is not None
    Path(path).write_text("Something else entirely.\n", encoding="utf-8")
    root, _ = parse(_html(report))
    assert "no longer holds the checked text" in root.text()
    assert len([e for e in root.walk() if "s" in e.classes()]) == len(report.results)


def test_sentences_are_placed_by_line_and_column(tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_bytes("\ufeffIntro. Japan has 13.\r\nNext\r\nline.\r\n".encode())
    results = (
        Result(str(draft), Span(1, 8, 1, 21), "Japan has 13.", Judgement(Verdict.CONTRADICTED)),
        Result(str(draft), Span(2, 1, 3, 6), "Next line.", Judgement(Verdict.UNVERIFIED)),
    )
    page = _html(_report(*results))
    assert '<div class="doc">Intro. <span class="s contradicted" id="s-1"' in page
    assert '<span class="t">Next\nline.</span>' in page


def test_golden_page(golden: GoldenCheck, sample_report: CheckReport) -> None:
    golden("report.html", _html(sample_report))
