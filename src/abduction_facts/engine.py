"""The checker: sentences in, results out, against one prepared claims base."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping

from abduction_facts.extract import EntityMatcher, FactExtractor
from abduction_facts.match import ClaimIndex
from abduction_facts.models import UNVERIFIED, ClaimsBase, Judgement, Result
from abduction_facts.segment import Sentence
from abduction_facts.text import lexicon_state, restore_lexicon_state
from abduction_facts.verdict import Judge

# why: news repeats itself (wire copy, the background paragraph every story
# on the issue carries); a sentence seen lately is judged once. Bounded, so
# that memory stays flat on an archive sweep.
_SEEN_SIZE = 2048


class Checker:
    """Judges sentences against one claims base (build once, reuse)."""

    def __init__(self, claims: ClaimsBase, thresholds: Mapping[str, float] | None = None) -> None:
        self.claims = claims
        self.extractor = FactExtractor(EntityMatcher(claims.entities, claims.ambiguous_aliases))
        self.index = ClaimIndex(claims, self.extractor)
        self._judge = Judge({e.id: e for e in claims.entities}, thresholds)
        self._seen: dict[str, Judgement] = {}

    def with_thresholds(self, thresholds: Mapping[str, float] | None) -> Checker:
        """This checker with other verdict thresholds (the index is shared)."""
        if not thresholds:
            return self
        other = copy.copy(self)
        other._judge = Judge(self._judge.entities, thresholds)
        other._seen = {}
        return other

    def __getstate__(self) -> dict[str, object]:
        # why: carry the stems and concept indexes so a cached checker starts warm
        return {**self.__dict__, "_seen": {}, "_lexicon": lexicon_state()}

    def __setstate__(self, state: dict[str, object]) -> None:
        lexicon = state.pop("_lexicon")
        restore_lexicon_state(lexicon)  # type: ignore[arg-type]
        self.__dict__.update(state)

    def judge(self, sentence: str) -> Judgement:
        """The verdict for one sentence."""
        if not self.index.could_match(sentence):
            return UNVERIFIED
        seen = self._seen
        judgement = seen.get(sentence)
        if judgement is None:
            facts = self.extractor.extract(sentence)
            judgement = self._judge.judge(facts, self.index.candidates(facts))
            if len(seen) >= _SEEN_SIZE:
                del seen[next(iter(seen))]  # the oldest
            seen[sentence] = judgement
        return judgement

    def check_sentences(self, sentences: Iterable[Sentence], path: str | None) -> Iterator[Result]:
        """Judge each sentence, lazily, in order."""
        for s in sentences:
            yield Result(path=path, span=s.span, text=s.text, judgement=self.judge(s.text))
