"""The library entry point: sentences in, results out.

STUB: the verdict internals are being written; the interface is fixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from abduction_facts.models import UNVERIFIED, ClaimsBase, Judgement, Result
from abduction_facts.segment import Sentence, split_markdown, split_text


class Checker:
    """Judges sentences against one claims base (build once, reuse)."""

    def __init__(self, claims: ClaimsBase) -> None:
        self.claims = claims

    def judge(self, sentence: str) -> Judgement:
        """The verdict for one sentence."""
        return UNVERIFIED

    def check_sentences(self, sentences: Iterable[Sentence], path: str | None) -> Iterator[Result]:
        """Judge each sentence, lazily, in order."""
        for s in sentences:
            yield Result(path=path, span=s.span, text=s.text, judgement=self.judge(s.text))


def check(
    text: str,
    claims: ClaimsBase | None = None,
    *,
    markdown: bool = False,
    path: str | None = None,
) -> list[Result]:
    """Check every sentence of `text` against `claims` (the bundled base by default)."""
    from abduction_facts.claims import load_claims

    base = claims if claims is not None else load_claims()
    checker = Checker(base)
    sentences = split_markdown(text) if markdown else split_text(text.splitlines(keepends=True))
    return list(checker.check_sentences(sentences, path))
