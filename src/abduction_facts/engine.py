"""The checker: sentences in, results out, against one prepared claims base."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from abduction_facts.extract import EntityMatcher, FactExtractor
from abduction_facts.match import ClaimIndex
from abduction_facts.models import UNVERIFIED, ClaimsBase, Judgement, Result
from abduction_facts.segment import Sentence
from abduction_facts.text import lexicon_state, restore_lexicon_state
from abduction_facts.verdict import Judge

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

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

    def check_sentences(
        self, sentences: Iterable[Sentence], path: str | None, *, jobs: int = 1
    ) -> Iterator[Result]:
        """Judge each sentence, lazily, in order.

        With `jobs` > 1, batches of sentences are judged by that many worker
        processes while this one reads and splits the input; results still
        come in input order, and at most a few batches are in flight.
        """
        if jobs > 1:
            yield from _check_in_workers(self, sentences, path, jobs)
            return
        judge = self.judge
        for s in sentences:
            yield Result(path=path, span=s.span, text=s.text, judgement=judge(s.text))


# -- judging in worker processes ------------------------------------------------

_BATCH = 1024  # why: big enough to amortise a round trip, small enough to keep memory flat
_WORKER: list[Checker] = []  # the worker process's checker


def _start_worker(checker: Checker) -> None:
    _WORKER[:] = [checker]


def _judge_batch(texts: list[str]) -> list[tuple[str | None, Judgement] | None]:
    """Judgements of a batch, for sending back: None for a plain unverified one, and
    the claim by id (the parent has the same claims; a Claim is costly to pickle)."""
    judge = _WORKER[0].judge
    out: list[tuple[str | None, Judgement] | None] = []
    for text in texts:
        j = judge(text)
        if j is UNVERIFIED:
            out.append(None)
        else:
            out.append((j.claim.id if j.claim else None, replace(j, claim=None)))
    return out


def _check_in_workers(
    checker: Checker, sentences: Iterable[Sentence], path: str | None, jobs: int
) -> Iterator[Result]:
    import multiprocessing
    from collections import deque
    from itertools import islice

    # why: a forked worker starts with the loaded base; elsewhere it is pickled over
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    claims = {c.id: c for c in checker.claims.claims}
    source = iter(sentences)
    with context.Pool(jobs, initializer=_start_worker, initargs=(checker,)) as pool:
        pending: deque[tuple[tuple[Sentence, ...], AsyncResult[Any]]] = deque()
        while True:
            while len(pending) < 2 * jobs:
                batch = tuple(islice(source, _BATCH))
                if not batch:
                    break
                texts = [s.text for s in batch]
                pending.append((batch, pool.apply_async(_judge_batch, (texts,))))
            if not pending:
                return
            batch, judged = pending.popleft()
            for s, got in zip(batch, judged.get(), strict=True):
                judgement = (
                    UNVERIFIED
                    if got is None
                    else replace(got[1], claim=claims[got[0]] if got[0] is not None else None)
                )
                yield Result(path=path, span=s.span, text=s.text, judgement=judgement)
