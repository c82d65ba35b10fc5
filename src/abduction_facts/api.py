"""The library's front door: `check(text)`, with the bundled claims by default.

>>> from abduction_facts import check
>>> [r.verdict.value for r in check("Japan has identified 13 abductees.")]
['contradicted']
"""

from __future__ import annotations

from abduction_facts.cache import load_checker
from abduction_facts.engine import Checker
from abduction_facts.models import ClaimsBase, Result
from abduction_facts.segment import split_markdown, split_text


def check(
    text: str,
    claims: ClaimsBase | None = None,
    *,
    markdown: bool = False,
    path: str | None = None,
    as_of: str | None = None,
) -> list[Result]:
    """Check every sentence of `text` against `claims` (the bundled base by default).

    One `Result` per sentence, in order; `markdown=True` reads `text` as a
    Markdown document (code, front matter and link targets are skipped).
    `as_of` is the draft's date (YYYY, YYYY-MM or YYYY-MM-DD), when known:
    states such as ages are compared at that date.
    """
    checker = Checker(claims) if claims is not None else load_checker()
    checker = checker.with_as_of(as_of)
    sentences = split_markdown(text) if markdown else split_text(text.splitlines(keepends=True))
    return list(checker.check_sentences(sentences, path))
