"""Property tests of the library entry point: `check(text)` on any text (issue 7, item 5).

For any Unicode text, and for text built from the source articles' own words
mixed with punctuation, line breaks and Markdown markers, `check(text)` and
`check(text, markdown=True)` must return one result per sentence the splitter
finds, with spans inside the text, verdicts from the contract, conflicts that
name strings, and the same results on a second run.

The checker is built once for the module (`CHECKER`), and `check` is made to
use it, so each example costs only the judging.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from abduction_facts import api, check
from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.models import Result, Verdict
from abduction_facts.segment import split_markdown, split_text

CHECKER = Checker(load_claims())
"""The bundled claims base, prepared once for every example (not via the on-disk cache:
this runs at collection, before conftest points the cache at a temporary directory)."""

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@contextmanager
def shared_checker() -> Iterator[None]:
    """Make `check(text)` judge with `CHECKER` instead of preparing a checker per call."""
    with mock.patch.object(api, "load_checker", return_value=CHECKER):
        yield


# --- strategies ------------------------------------------------------------------------


def _source_words() -> list[str]:
    """Words, numbers and names from the bundled source articles and claims."""
    words: set[str] = set()
    for source in CHECKER.claims.sources:
        words.update(re.findall(r"[\w'\u2019-]+", source.text))
    for claim in CHECKER.claims.claims:
        words.update(re.findall(r"[\w'\u2019-]+", claim.text))
    return sorted(words)


WORDS = _source_words()
PUNCTUATION = [
    *". , ; : ! ? \u2026 ( ) [ ] \" ' \u201c \u201d \u2018 \u2019 « » - \u2013 \u2014 / %".split(),
    *("Mr.", "Dr.", "U.S.", "e.g.", "No.", "Sept.", "3.5", "1970s", "2002", "17", "13"),
    *("did not", "didn't", "never", "said", "according to"),
]
LINE_BREAKS = ["\n", "\n\n", "\r\n", "\r", "\t", "\u2028", "\x0c", "\x85", "\u00a0", "  "]
MARKDOWN = [
    *("# ", "## ", "> ", "- ", "* ", "1. ", "    ", "```\n", "`", "**", "*", "_", "__"),
    *("[", "]", "](https://example.org/x)", "![", "<b>", "</b>", "&amp;", "&#1;", "\\"),
    *("|", "| --- |", "---\n", "+++\n", "<!--", "-->", "<!-- facts-ignore -->"),
    *("<!-- facts-disable -->", "<!-- facts-enable -->", "<https://example.org>"),
]
ODD = ["\x00", "\ufeff", "\x1b[31m", "\u202e", "\ufffd", "\U0001f600", "e\u0301", "İ", "ß"]

TOKENS = st.one_of(
    st.sampled_from(WORDS).map(lambda w: w + " "),
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(LINE_BREAKS),
    st.sampled_from(MARKDOWN),
    st.sampled_from(ODD),
    st.text(max_size=4),
)
ARTICLE_LIKE = st.lists(TOKENS, max_size=80).map("".join)
"""Text from the articles' vocabulary, punctuation, line breaks and Markdown markers."""


@st.composite
def claim_variants(draw: st.DrawFn) -> str:
    """A claim's own text with numbers, words and negations swapped, in a little Markdown.

    why: word soup is almost always unverified; these reach the supported and
    contradicted paths of the engine (numbers, dates, names, polarity, quotes).
    """
    text = draw(st.sampled_from(CLAIM_TEXTS))
    pieces = re.split(r"(\W+)", text)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(pieces) - 1))
        pieces[at] = draw(
            st.one_of(
                st.integers(0, 2100).map(str),
                st.sampled_from(WORDS),
                st.sampled_from(["not", "did not", "never", "", "September", "1970s"]),
            )
        )
    sentence = "".join(pieces)
    before = draw(st.sampled_from(["", "", "# ", "> ", "- ", "**", "Mr. Kim said "]))
    after = draw(st.sampled_from(["", "", " ", "\n", "**", " (see [1](x))", "\r\n\n"]))
    return before + sentence + after


CLAIM_TEXTS = [claim.text for claim in CHECKER.claims.claims]
CLAIMISH = st.lists(claim_variants(), min_size=1, max_size=4).map(" ".join)
"""Drafts made of altered claim texts: these get every verdict."""

ANY_TEXT = st.one_of(st.text(max_size=300), ARTICLE_LIKE, CLAIMISH)


# --- what every result list must satisfy -----------------------------------------------


def document_lines(text: str) -> list[str]:
    """The lines of `text` as an editor shows them (CONTRACT: 1-based line and column)."""
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


def assert_well_formed(results: list[Result], text: str, *, markdown: bool) -> None:
    """One result per sentence, spans inside the text, verdicts and conflicts as contracted."""
    split = split_markdown(text) if markdown else split_text(text.splitlines(keepends=True))
    sentences = list(split)
    assert [(r.span, r.text) for r in results] == [(s.span, s.text) for s in sentences]
    lines = document_lines(text)
    previous = (1, 1)
    for result in results:
        span = result.span
        assert 1 <= span.line <= span.end_line <= len(lines), (span, len(lines))
        assert 1 <= span.column <= len(lines[span.line - 1]) + 1, span
        assert 1 <= span.end_column <= len(lines[span.end_line - 1]) + 1, span
        assert (span.line, span.column) < (span.end_line, span.end_column), span
        assert previous <= (span.line, span.column), "results out of document order"
        previous = (span.end_line, span.end_column)
        assert result.path is None
        assert isinstance(result.text, str)
        assert result.text
        assert result.text == result.text.strip()
        judgement = result.judgement
        assert judgement.verdict in set(Verdict)
        assert 0.0 <= judgement.score <= 100.0
        if judgement.verdict is Verdict.CONTRADICTED:
            assert judgement.claim is not None
            assert judgement.conflicts, "a contradiction must name its conflicts"
            for conflict in judgement.conflicts:
                assert isinstance(conflict.kind, str)
                assert conflict.kind
                assert isinstance(conflict.found, str)
                assert conflict.found
                assert isinstance(conflict.expected, str)
                assert conflict.expected
                assert conflict.found != conflict.expected
        elif judgement.verdict is Verdict.SUPPORTED:
            assert judgement.claim is not None
            assert judgement.conflicts == ()
        else:
            assert judgement.claim is None
            assert judgement.conflicts == ()


def assert_plain_spans_hold_their_words(results: list[Result], text: str) -> None:
    """In plain text, each span covers exactly the sentence's words (whitespace collapsed)."""
    if "<!--" in text:
        return  # directives are blanked out of the text; the words no longer match
    lines = re.split(r"(\r\n|\r|\n)", text.removeprefix("\ufeff").replace("\0", "\ufffd"))
    starts = [0]
    offset = 0
    body = "".join(lines)
    for i in range(0, len(lines) - 1, 2):
        offset += len(lines[i]) + len(lines[i + 1])
        starts.append(offset)
    for result in results:
        span = result.span
        a = starts[span.line - 1] + span.column - 1
        b = starts[span.end_line - 1] + span.end_column - 1
        assert " ".join(body[a:b].split()) == result.text


# --- the properties --------------------------------------------------------------------


@SETTINGS
@given(text=ANY_TEXT)
def test_check_plain_text_is_well_formed_and_deterministic(text: str) -> None:
    with shared_checker():
        first = check(text)
        second = check(text)
    assert_well_formed(first, text, markdown=False)
    assert_plain_spans_hold_their_words(first, text)
    assert second == first


@SETTINGS
@example(text="no further progress:NO:HIGHLEVEL")  # found == expected (fixed)
@given(text=ANY_TEXT)
def test_check_markdown_is_well_formed_and_deterministic(text: str) -> None:
    with shared_checker():
        first = check(text, markdown=True)
        second = check(text, markdown=True)
    assert_well_formed(first, text, markdown=True)
    assert second == first


@SETTINGS
@given(sentences=st.lists(st.sampled_from(CLAIM_TEXTS), max_size=6))
def test_claims_own_texts_are_never_contradicted(sentences: list[str]) -> None:
    """A draft made of the claims' own texts is judged, well formed, and never contradicted."""
    text = "\n\n".join(sentences)
    with shared_checker():
        results = check(text)
    assert_well_formed(results, text, markdown=False)
    assert all(r.verdict is not Verdict.CONTRADICTED for r in results), [
        (r.text, r.judgement.conflicts) for r in results if r.verdict is Verdict.CONTRADICTED
    ]
