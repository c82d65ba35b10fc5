"""Only sentences that make a statement are judged (issue 13): labels and fragments are not."""

from __future__ import annotations

import pytest

from abduction_facts.segment import makes_statement, split_markdown

DRAFT = """\
## Year

## Japan identified 17 abductees in 2002

| Year | What happened |
|------|---------------|
| 2002 | Koizumi visited Pyongyang. |
| 2014 | ![Kim Jong Un at a rally in 2014](kim.png) |

![Photo of Kim Jong Un waving at the crowd](kim.png)

The `facts` command skips code like `Kim Jong Un visited Tokyo in 1999`.
Type `facts check` to run it. Japan identified 17 abductees.
"""


def located(text: str) -> list[tuple[int, int, int, int, str]]:
    return [
        (s.span.line, s.span.column, s.span.end_line, s.span.end_column, s.text)
        for s in split_markdown(text)
    ]


def test_labels_images_and_fragments_are_not_judged_statements_are() -> None:
    lines = DRAFT.splitlines()
    found = located(DRAFT)
    assert found == [
        (3, 4, 3, 41, "Japan identified 17 abductees in 2002"),
        (7, 10, 7, 36, "Koizumi visited Pyongyang."),
        (13, 1, 13, 30, "Type to run it."),
        (13, 31, 13, 61, "Japan identified 17 abductees."),
    ]
    # positions stay exact: each span covers the words it reports
    for line, column, end_line, end_column, text in found:
        assert line == end_line
        covered = lines[line - 1][column - 1 : end_column - 1]
        assert covered.split()[0] == text.split()[0]
        assert covered.split()[-1] == text.split()[-1]


@pytest.mark.parametrize(
    "label",
    ["Year", "2002", "What happened", "Two decades of talks", "A family still waiting", "N. Korea"],
)
def test_a_label_makes_no_statement(label: str) -> None:
    assert not makes_statement(label)


@pytest.mark.parametrize(
    "statement",
    [
        "Japan identified 17 abductees in 2002",
        "Koizumi visited Pyongyang.",
        "Kishida says talks are near",
        "Koizumi in Pyongyang, 2002",
    ],
)
def test_a_heading_with_a_checkable_fact_is_a_statement(statement: str) -> None:
    assert makes_statement(statement)


def test_a_heading_that_states_a_fact_is_checked_a_label_is_not() -> None:
    text = "# Year\n\n# Japan identified 17 abductees in 2002\n\nSetext label\n---\n"
    assert [s.text for s in split_markdown(text)] == ["Japan identified 17 abductees in 2002"]


def test_code_removed_at_the_end_of_a_sentence_leaves_no_fragment() -> None:
    text = "Run `facts`\n\nJapan won. `code` Next one. Use `x` inline here.\n"
    assert [s.text for s in split_markdown(text)] == [
        "Japan won.",
        "Next one.",
        "Use inline here.",
    ]


def test_facts_ignore_before_a_label_still_skips_that_label_only() -> None:
    text = "<!-- facts-ignore -->\n# Year\n\nJapan identified 17 abductees.\n"
    assert [s.text for s in split_markdown(text)] == ["Japan identified 17 abductees."]


def test_plain_text_is_unchanged() -> None:
    from abduction_facts.segment import split_text

    assert [s.text for s in split_text(["Year\n", "\n", "2002\n"])] == ["Year", "2002"]
