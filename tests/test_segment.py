"""Documents -> sentences: what a writer sees is where a finding points.

Splitting cases live in tests/cases/segment/sentences.yaml; this file checks
exact positions in a Markdown draft, the directives, streaming, hostile input
and (with hypothesis) that spans always point at the sentence's own words.
"""

from __future__ import annotations

import itertools
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from abduction_facts import segment
from abduction_facts.models import Span
from abduction_facts.segment import (
    MAX_INLINE_MARKUP,
    MAX_SENTENCE_CHARS,
    Sentence,
    split_markdown,
    split_text,
)

CASES = Path(__file__).parent / "cases" / "segment"


def document_lines(source: str) -> list[str]:
    """The lines of `source` as an editor shows them (no BOM, any line ending)."""
    return re.split(r"\r\n|\r|\n", source.removeprefix("\ufeff").replace("\0", "\ufffd"))


def original(source: str, span: Span) -> str:
    """The characters of `source` that `span` covers, lines joined with \\n."""
    lines = document_lines(source)
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    parts = [lines[span.line - 1][span.column - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(parts)


def located(sentences: Iterator[Sentence]) -> list[tuple[int, int, int, int, str]]:
    return [
        (s.span.line, s.span.column, s.span.end_line, s.span.end_column, s.text) for s in sentences
    ]


def texts(sentences: Iterator[Sentence]) -> list[str]:
    return [s.text for s in sentences]


def plain(text: str) -> list[Sentence]:
    return list(split_text(text.splitlines(keepends=True)))


# --------------------------------------------------------------------------
# Splitting cases (data-driven)
# --------------------------------------------------------------------------


def load_cases() -> list[Any]:
    cases: list[Any] = []
    for path in sorted(CASES.glob("*.yaml")):
        cases.extend(
            pytest.param(case, id=case["name"])
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))
        )
    return cases


@pytest.mark.parametrize("case", load_cases())
def test_splitting_case(case: dict[str, Any]) -> None:
    text = case["text"]
    found = split_markdown(text) if case.get("markdown") else split_text(text.splitlines(True))
    assert texts(found) == case["sentences"]


def test_case_names_are_unique() -> None:
    names = [param.id for param in load_cases()]
    assert len(names) == len(set(names))


# --------------------------------------------------------------------------
# Plain text: positions
# --------------------------------------------------------------------------


def test_plain_text_positions_across_wrapped_lines() -> None:
    text = "  Japan has identified 17\ncitizens.  Five returned\nin 2002.\n\nNew paragraph.\n"
    assert located(split_text(text.splitlines(keepends=True))) == [
        (1, 3, 2, 10, "Japan has identified 17 citizens."),
        (2, 12, 3, 9, "Five returned in 2002."),
        (5, 1, 5, 15, "New paragraph."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "One here.\r\nTwo\r\nthere.\r\n",  # CRLF
        "One here.\rTwo\rthere.\r",  # lone CR, as old Mac files
        "\ufeffOne here.\nTwo\nthere.\n",  # a BOM is not a column
    ],
    ids=["crlf", "cr", "bom"],
)
def test_line_endings_and_bom_do_not_shift_positions(text: str) -> None:
    assert located(split_text([text])) == [
        (1, 1, 1, 10, "One here."),
        (2, 1, 3, 7, "Two there."),
    ]
    assert located(split_markdown(text)) == located(split_text([text]))


def test_a_tab_is_one_column_and_nul_is_a_replacement_character() -> None:
    text = "\tTabbed start.\tNext\0one."
    assert located(split_text([text])) == [
        (1, 2, 1, 15, "Tabbed start."),
        (1, 16, 1, 25, "Next\ufffdone."),
    ]


def test_every_kind_of_whitespace_is_collapsed() -> None:
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) not in "\n\r"]
    assert len(spaces) == 27
    for space in spaces:
        assert texts(split_text([f"A{space}{space}b.\n"])) == ["A b."]
        assert texts(split_markdown(f"A{space}b. \u00c9{space}c.")) == ["A b.", "\u00c9 c."]


def test_chunking_of_the_input_does_not_matter() -> None:
    text = "A first one.\r\nThen N.\r\nKorea agreed. Last\rline.\n\nNew one."
    expected = located(split_text([text]))
    assert len(expected) == 4
    for size in (1, 2, 3, 7):
        chunks = [text[i : i + size] for i in range(0, len(text), size)]
        assert located(split_text(chunks)) == expected


# --------------------------------------------------------------------------
# Markdown: a draft with everything in it
# --------------------------------------------------------------------------

DRAFT = """\
---
title: "Draft. Not checked."
---

# The *abduction* issue is open #

Japan has identified **17** citizens as abductees. See [the report](http://x.org/a.b "T. x") now.
Use `code. Here.` inline ![an image. Alt.](img.png) and &amp; entities.

```
Code block. Not checked.
```

    Indented code. Not checked.

- First item. Second sentence
  continues here.
- Second item
  > Quote inside. More quote.

> A quote.
> Still quote.

| Country | Count |
|---------|-------|
| Japan   | Japan has 17 \\| 13 |
| N. Korea | 13 |

<!-- facts-ignore -->
This one is ignored. This one is not.

<!-- facts-disable -->
Disabled paragraph.

<div>HTML block. Not checked.</div>

<!-- facts-enable -->
Setext heading is read
==============
Final line [ref link][r] and <https://auto.link/x>. <!-- a comment. -->

[r]: http://example.com/ref "Reference. Title."
"""


def test_markdown_draft_sentences_and_exact_positions() -> None:
    assert located(split_markdown(DRAFT)) == [
        (5, 3, 5, 32, "The abduction issue is open"),
        (7, 1, 7, 51, "Japan has identified 17 citizens as abductees."),
        (7, 52, 7, 98, "See the report now."),
        (8, 1, 8, 72, "Use inline and & entities."),
        (16, 3, 16, 14, "First item."),
        (16, 15, 17, 18, "Second sentence continues here."),
        (18, 3, 18, 14, "Second item"),
        (19, 5, 19, 18, "Quote inside."),
        (19, 19, 19, 30, "More quote."),
        (21, 3, 21, 11, "A quote."),
        (22, 3, 22, 15, "Still quote."),
        # table cells that are labels ("Country", "13") are not checked
        (26, 13, 26, 31, "Japan has 17 | 13"),
        (30, 22, 30, 38, "This one is not."),
        (38, 1, 38, 23, "Setext heading is read"),
        (40, 1, 40, 52, "Final line ref link and ."),
    ]


def test_markdown_spans_cover_the_words_they_report() -> None:
    for sentence in split_markdown(DRAFT):
        covered = original(DRAFT, sentence.span)
        assert_words_in_order(sentence.text, covered)


def test_markdown_leaves_out_code_urls_images_html_and_front_matter() -> None:
    found = " ".join(texts(split_markdown(DRAFT)))
    for hidden in ("Not checked", "example.com", "image", "Alt", "code", "Here", "comment"):
        assert hidden not in found


def test_markdown_toml_front_matter_and_unclosed_front_matter() -> None:
    assert texts(split_markdown("+++\ntitle = 'x. y'\n+++\nBody.")) == ["Body."]
    # without a closing line it is not front matter: a rule, then a paragraph
    assert texts(split_markdown("---\nBody text.")) == ["Body text."]


def test_markdown_nested_containers_map_to_their_columns() -> None:
    text = "> 1. Quoted *list* item.\n>    Lazy second. Third\ncontinues.\n"
    assert located(split_markdown(text)) == [
        (1, 6, 1, 25, "Quoted list item."),
        (2, 6, 2, 18, "Lazy second."),
        (2, 19, 3, 11, "Third continues."),
    ]


# --------------------------------------------------------------------------
# Directives
# --------------------------------------------------------------------------


@pytest.mark.parametrize("split", ["text", "markdown"])
def test_ignore_skips_the_next_sentence_only(split: str) -> None:
    text = "One. <!-- facts-ignore --> Two. Three.\n\n<!-- facts-ignore -->\nFour. Five.\n"
    found = split_markdown(text) if split == "markdown" else split_text([text])
    assert texts(found) == ["One.", "Three.", "Five."]


@pytest.mark.parametrize("split", ["text", "markdown"])
def test_ignore_inside_a_sentence_skips_that_sentence(split: str) -> None:
    text = "One. Two <!--facts-ignore--> halves. Three."
    found = split_markdown(text) if split == "markdown" else split_text([text])
    assert texts(found) == ["One.", "Three."]


@pytest.mark.parametrize("split", ["text", "markdown"])
def test_disable_enable_region(split: str) -> None:
    text = (
        "Before.\n\n<!-- facts-disable -->\nHidden one. Hidden two.\n\nHidden three.\n"
        "<!-- facts-enable -->\nAfter. <!-- facts-disable --> Rest.\n\nStill off.\n"
    )
    found = split_markdown(text) if split == "markdown" else split_text([text])
    assert texts(found) == ["Before.", "After."]


@pytest.mark.parametrize("split", ["text", "markdown"])
def test_directives_are_never_sentences(split: str) -> None:
    text = "<!-- facts-enable -->\n\n<!-- facts-disable --> <!-- facts-enable -->\n"
    found = split_markdown(text) if split == "markdown" else split_text([text])
    assert texts(found) == []


def test_directive_inside_code_is_not_a_directive() -> None:
    text = "```\n<!-- facts-disable -->\n```\n\nStill checked. And `<!-- facts-ignore -->` this.\n"
    assert texts(split_markdown(text)) == ["Still checked.", "And this."]


# --------------------------------------------------------------------------
# Streaming
# --------------------------------------------------------------------------


def test_split_text_reads_no_further_than_the_paragraph_it_yields() -> None:
    def draft() -> Iterator[str]:
        yield "First paragraph. It has\n"
        yield "two sentences.\n"
        yield "\n"
        raise AssertionError("read past the first paragraph")

    sentences = split_text(draft())
    assert next(sentences).text == "First paragraph."
    assert next(sentences).text == "It has two sentences."
    with pytest.raises(AssertionError, match="read past"):
        next(sentences)


def test_split_text_yields_from_an_endless_paragraph() -> None:
    endless = (f"Sentence number {i} goes here.\n" for i in itertools.count(1))
    first = list(itertools.islice(split_text(endless), 3))
    assert [s.text for s in first] == [f"Sentence number {i} goes here." for i in (1, 2, 3)]
    assert first[2].span == Span(3, 1, 3, 29)


def test_split_text_memory_does_not_grow_with_the_input() -> None:
    def lines(count: int) -> Iterator[str]:
        for i in range(count):
            yield f"Line {i} of a long report, which wraps onto the next line and\n"
            yield "ends here. Another sentence follows it.\n"
            if i % 7 == 0:
                yield "\n"

    tracemalloc.start()
    try:
        count = sum(1 for _ in split_text(lines(4_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 8_000
    assert peak < 100_000  # the input is about 0.4 MB; a paragraph is 0.7 kB


# --------------------------------------------------------------------------
# Bounded cost on hostile input
# --------------------------------------------------------------------------


def assert_chunks(sentences: list[Sentence], source: str) -> None:
    assert sentences
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert_valid(sentences, source)


def test_a_six_megabyte_line_without_a_sentence_end_is_cut_into_chunks() -> None:
    line = "word " * 1_200_000
    found = list(split_text([line]))
    assert_chunks(found, line)
    assert all(set(s.text.split()) == {"word"} for s in found)  # cut between words
    assert sum(len(s.text.split()) for s in found) == 1_200_000
    assert_chunks(list(split_markdown(line)), line)


def test_a_long_word_is_cut_where_it_must_be() -> None:
    word = "x" * (MAX_SENTENCE_CHARS * 2 + 10)
    found = list(split_text([word]))
    assert [len(s.text) for s in found] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 10]
    assert found[1].span == Span(1, MAX_SENTENCE_CHARS + 1, 1, 2 * MAX_SENTENCE_CHARS + 1)


def test_sentences_do_not_depend_on_how_much_is_read_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = "a b c d e f g h i j k l m n o p q r s t u v w x y z"
    lines = [f"Line {i} says {words}" for i in range(300)]
    for i in [*range(100), *range(250, 300)]:
        lines[i] += "."
    lines[99] += " Then N."
    lines[100] = "Korea came back."
    lines[130] += "." + " " * 120  # ends a sentence just under the cap; spaces follow
    text = "\n".join(lines) + "\n\n" + "word " * 1000 + "end.\n"
    whole = located(split_text([text]))
    lengths = [len(t[-1]) for t in whole]
    assert "Then N. Korea came back." in [t[-1] for t in whole]
    assert MAX_SENTENCE_CHARS - 100 < lengths[101] < MAX_SENTENCE_CHARS  # whole
    assert max(lengths) == MAX_SENTENCE_CHARS - 1  # a run-on sentence, cut
    monkeypatch.setattr(segment, "_BATCH_CHARS", 1)  # scan after every line
    assert located(split_text([text])) == whole


def test_streamed_cut_is_the_same_as_whole_cut() -> None:
    text = "word " * 1000 + "end. Next.\n" + "More " * 300 + "done.\n"
    whole = located(split_text([text]))
    assert located(split_text(text)) == whole  # one character at a time
    assert [t[-1] for t in whole][-2:] == ["Next.", ("More " * 300 + "done.")]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000,
        "*" * 50_000,
        "*a " * 50_000,
        "![" * 50_000,
        "[a](" * 50_000,
        "`" * 50_000 + "x",
        "<" * 50_000,
        "&" * 50_000,
        "_a_ " * 50_000,
        ">" * 10_000 + " deep.",
        "".join(">" * i + " level.\n" for i in range(0, 10_000, 100)),
        "- " * 10_000 + "deep.",
        "".join("  " * i + "- item.\n" for i in range(600)),
        "<!--" * 20_000,
        "Text. " + "[" * (MAX_INLINE_MARKUP + 1) + " more.",
        ". " * 500_000,
    ],
    ids=[
        "brackets",
        "stars",
        "emphasis",
        "images",
        "links",
        "backticks",
        "angles",
        "ampersands",
        "underscores",
        "quote-10000-deep",
        "quotes-deepening",
        "list-10000-deep",
        "list-indented",
        "comment-openers",
        "over-markup-limit",
        "dots",
    ],
)
def test_hostile_markdown_completes_with_valid_spans(text: str) -> None:
    found = list(split_markdown(text))
    assert_valid(found, text)
    assert_valid(list(split_text([text])), text)


def test_too_much_markup_is_split_as_plain_text() -> None:
    text = "*Real* emphasis. " + "[" * (MAX_INLINE_MARKUP + 1) + " tail."
    assert texts(split_markdown(text))[0] == "*Real* emphasis."


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------


def assert_words_in_order(text: str, covered: str) -> None:
    """The letters and digits of `text` appear in `covered`, in order.

    Markup may sit between them ("a*b*" reads "ab"), so they are matched one
    by one rather than word by word.
    """
    at = 0
    for char in re.findall(r"[^\W_]", text):
        found = covered.find(char, at)
        assert found >= 0, f"{char!r} of {text!r} not in order in {covered!r}"
        at = found + 1
    assert covered[0] == text[0]
    assert covered[-1] == text[-1]


def assert_valid(sentences: list[Sentence], source: str) -> None:
    """Spans inside the document, in order, non-empty; text never longer than the cap."""
    lines = document_lines(source)
    previous = (0, 0)
    for s in sentences:
        span = s.span
        assert 1 <= span.line <= span.end_line <= len(lines)
        assert 1 <= span.column <= len(lines[span.line - 1]) + 1
        assert 1 <= span.end_column <= len(lines[span.end_line - 1]) + 1
        assert (span.line, span.column) < (span.end_line, span.end_column)
        assert previous <= (span.line, span.column)
        previous = (span.end_line, span.end_column)
        assert s.text
        assert s.text == s.text.strip()
        assert len(s.text) <= MAX_SENTENCE_CHARS


MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            *"aAbZ19 .,!?\u2026\"'\u201d\u2019)(*_`#>-+|[]<>!&;:/\\=~\t\n\r\0\ufeff\u00a0\u2028",
            *("<!--", "-->", "facts-ignore", "facts-disable", "facts-enable", "&amp;"),
            *("N. ", "U.S.", "Word", "sentence", "\n\n", "    ", "- ", "1. ", "> ", "# "),
            *("```", "|---|", "](x)"),
        ]
    ),
    max_size=80,
).map("".join)
"""Text made of the pieces that Markdown and the splitter react to."""


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=200), MARKDOWNISH), cuts=st.lists(st.integers(0, 250)))
def test_plain_text_properties(text: str, cuts: list[int]) -> None:
    first = list(split_text([text]))
    assert list(split_text([text])) == first
    assert_valid(first, text)
    if "<!--" not in text:
        for s in first:
            assert " ".join(original(text, s.span).split()) == s.text
    bounds = sorted({0, len(text), *(c for c in cuts if c < len(text))})
    chunks = [text[a:b] for a, b in itertools.pairwise(bounds)]
    assert list(split_text(chunks)) == first


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(MARKDOWNISH, st.text(max_size=200)))
def test_markdown_properties(text: str) -> None:
    first = list(split_markdown(text))
    assert list(split_markdown(text)) == first
    assert_valid(first, text)
    for s in first:
        covered = original(text, s.span)
        if "&" not in covered and "\\" not in covered:
            assert_words_in_order(s.text, covered)
