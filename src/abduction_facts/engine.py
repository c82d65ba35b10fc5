"""The library entry point: sentences in, results out.

>>> from abduction_facts import check
>>> [r.verdict.value for r in check("Japan has identified 13 abductees.")]
['contradicted']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from abduction_facts.extract import EntityMatcher, FactExtractor
from abduction_facts.match import ClaimIndex
from abduction_facts.models import UNVERIFIED, ClaimsBase, Judgement, Result
from abduction_facts.segment import Sentence, split_markdown, split_text
from abduction_facts.verdict import Judge


class Checker:
    """Judges sentences against one claims base (build once, reuse)."""

    def __init__(self, claims: ClaimsBase, thresholds: Mapping[str, float] | None = None) -> None:
        self.claims = claims
        self.extractor = FactExtractor(EntityMatcher(claims.entities, claims.ambiguous_aliases))
        self.index = ClaimIndex(claims, self.extractor)
        self._judge = Judge({e.id: e for e in claims.entities}, thresholds)

    def judge(self, sentence: str) -> Judgement:
        """The verdict for one sentence."""
        if not self.index.could_match(sentence):
            return UNVERIFIED
        facts = self.extractor.extract(sentence)
        return self._judge.judge(facts, self.index.candidates(facts))

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
