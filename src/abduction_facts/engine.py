"""The checker: sentences in, results out, against one prepared claims base."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

from abduction_facts.disputes import Disputes, find_disputes
from abduction_facts.extract import EntityMatcher, FactExtractor
from abduction_facts.match import ClaimIndex
from abduction_facts.models import UNVERIFIED, ClaimId, ClaimsBase, Judgement, Result
from abduction_facts.segment import Sentence
from abduction_facts.text import lexicon_state, restore_lexicon_state
from abduction_facts.verdict import Judge, writers_of, years_of

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# why: news repeats itself (wire copy, the background paragraph every story
# on the issue carries); a sentence seen lately is judged once. Bounded, so
# that memory stays flat on an archive sweep.
_SEEN_SIZE = 2048


def _remember(memo: dict[str, Judgement], sentence: str, judgement: Judgement) -> None:
    """Keep a judgement, forgetting the oldest beyond `_SEEN_SIZE`."""
    if len(memo) >= _SEEN_SIZE:
        del memo[next(iter(memo))]
    memo[sentence] = judgement


class Checker:
    """Judges sentences against one claims base (build once, reuse)."""

    def __init__(self, claims: ClaimsBase, thresholds: Mapping[str, float] | None = None) -> None:
        self.claims = claims
        self.extractor = FactExtractor(
            EntityMatcher(claims.entities, claims.ambiguous_aliases, claims.titles)
        )
        self.index = ClaimIndex(claims, self.extractor)
        self._judge = Judge(
            {e.id: e for e in claims.entities},
            thresholds,
            years=years_of(claims),
            writers=writers_of(claims),
        )
        self._seen: dict[str, Judgement] = {}
        # claims of two sources that give different values for one fact
        self.disputes: Disputes = find_disputes(claims, self.extractor, self.index)

    def with_thresholds(self, thresholds: Mapping[str, float] | None) -> Checker:
        """This checker with other verdict thresholds (the index is shared)."""
        if not thresholds:
            return self
        other = copy.copy(self)
        other._judge = Judge(
            self._judge.entities,
            thresholds,
            as_of=self._judge.as_of,
            years=self._judge.years,
            writers=self._judge.writers,
        )
        other._seen = {}
        return other

    def with_as_of(self, as_of: str | None) -> Checker:
        """This checker for drafts dated `as_of` (YYYY, YYYY-MM or YYYY-MM-DD).

        A state (an age, an office) is compared at the draft's date: "Soga, 63,"
        in a draft of October 2022 agrees with "64" as of July 2023.  With no
        date, a sentence that gives no time of its own is not contradicted on
        an age that may have changed since.  The index is shared.
        """
        if as_of == self._judge.as_of:
            return self
        other = copy.copy(self)
        other._judge = Judge(
            self._judge.entities,
            self._judge.thresholds,
            as_of=as_of,
            years=self._judge.years,
            writers=self._judge.writers,
        )
        other._seen = {}
        return other

    def __getstate__(self) -> dict[str, object]:
        # why: carry the stems and concept indexes so a cached checker starts warm
        return {**self.__dict__, "_seen": {}, "_lexicon": lexicon_state()}

    def __setstate__(self, state: dict[str, object]) -> None:
        lexicon = state.pop("_lexicon")
        restore_lexicon_state(lexicon)  # type: ignore[arg-type]
        self.__dict__.update(state)

    def forget_judgements(self) -> None:
        """Drop the remembered judgements (for timing the same sentences again)."""
        self._seen.clear()

    def judge(self, sentence: str) -> Judgement:
        """The verdict for one sentence."""
        if not self.index.could_match(sentence):
            return UNVERIFIED
        seen = self._seen
        judgement = seen.get(sentence)
        if judgement is None:
            facts = self.extractor.extract(sentence)
            candidates = self.index.candidates(facts)
            judgement = self._judge.judge(facts, candidates)
            if self.disputes:
                judgement = self.disputes.settle(judgement, facts, candidates, self._judge)
            _remember(seen, sentence, judgement)
        return judgement

    def check_sentences(
        self, sentences: Iterable[Sentence], path: str | None, *, workers: Workers | None = None
    ) -> Iterator[Result]:
        """Judge each sentence, lazily, in order (with `workers`, in worker processes)."""
        if workers is not None:
            yield from workers.check(sentences, path)
            return
        judge = self.judge
        for s in sentences:
            yield Result(path=path, span=s.span, text=s.text, judgement=judge(s.text))

    def workers(self, jobs: int) -> Workers:
        """Worker processes that judge for this checker (use it in a `with` block)."""
        return Workers(self, jobs)


# -- judging in worker processes ------------------------------------------------

_BATCH = 1024  # why: big enough to amortise a round trip, small enough to keep memory flat
_WORKER: list[Checker] = []  # the worker process's checker


class Workers:
    """`jobs` processes judging batches of sentences while the caller reads,
    splits and writes; results come back in input order.

    The processes start when an input first has more than two batches of
    sentences (a draft is judged faster than processes start), and stop when
    the `with` block ends. At most 2 x jobs batches are in flight, so memory
    stays flat whatever the input's length.
    """

    def __init__(self, checker: Checker, jobs: int) -> None:
        self.checker = checker
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._claims = {c.id: c for c in checker.claims.claims}
        self._known: dict[str, Judgement] = {}  # recent judgements past the pre-check

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, if they were started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def check(self, sentences: Iterable[Sentence], path: str | None) -> Iterator[Result]:
        """Results for `sentences`, in order, judged in the worker processes."""
        for result in self._pipeline((path, s) for s in sentences):
            assert result is not None  # no document ends in one document
            yield result

    def check_documents(
        self, documents: Iterable[tuple[str | None, Iterable[Sentence]]]
    ) -> Iterator[Result | None]:
        """Results for many documents (path, sentences), in order, each document's
        followed by None; batches run across documents, so many short files
        keep the workers as busy as one long one."""
        yield from self._pipeline(_with_ends(documents))

    def _pipeline(self, items: Iterable[_Item]) -> Iterator[Result | None]:
        from collections import deque

        source = iter(items)
        ahead: list[list[_Item]] = []
        if self._pool is None:
            # why: judged here, the first batch also warms the memos (words,
            # stems, judgements) that forked workers start with; an input of
            # two batches or less is judged here altogether
            batch = list(islice(source, _BATCH))
            yield from self._here(batch)
            if len(batch) < _BATCH:
                return
            batch = list(islice(source, _BATCH))
            if self.jobs < 2 or len(batch) < _BATCH:
                yield from self._here(batch)
                yield from self._here(source)
                return
            ahead.append(batch)
        pool = self._start()
        held: deque[list[_Item]] = deque()
        pending: deque[tuple[list[Judgement | None], Future[_Replies]]] = deque()
        batches = iter(ahead)
        while True:
            while len(pending) < 2 * self.jobs:
                batch = next(batches, []) or list(islice(source, _BATCH))
                if not batch:
                    break
                # why: each worker remembers only what it judged itself; a sentence
                # judged lately by any of them is not sent again
                known = [None if item is None else self._known.get(item[1].text) for item in batch]
                texts = [
                    "" if item is None or j is not None else item[1].text
                    for item, j in zip(batch, known, strict=True)
                ]
                pending.append((known, _submit(pool, texts)))
                held.append(batch)
            if not pending:
                return
            known, judged = pending.popleft()
            batch = held.popleft()
            for item, before, got in zip(batch, known, judged.result(), strict=True):
                if item is None:
                    yield None
                    continue
                path, s = item
                judgement = before or self._judgement(s, got)
                yield Result(path=path, span=s.span, text=s.text, judgement=judgement)

    def _here(self, items: Iterable[_Item]) -> Iterator[Result | None]:
        """Judge in this process."""
        judge = self.checker.judge
        for item in items:
            if item is None:
                yield None
            else:
                path, s = item
                yield Result(path=path, span=s.span, text=s.text, judgement=judge(s.text))

    def _judgement(self, sentence: Sentence, got: _Reply) -> Judgement:
        if got is None:
            return UNVERIFIED
        claim_id, judgement = got
        judgement = replace(judgement, claim=self._claims[claim_id] if claim_id else None)
        # why: only sentences that got past the pre-check are worth remembering
        _remember(self._known, sentence.text, judgement)
        return judgement

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing
            import sys
            from concurrent.futures import ProcessPoolExecutor

            # why: on Linux a forked worker starts with the loaded base (and warm
            # memos); elsewhere (spawn, as Python advises on macOS) it is pickled
            # over. An executor, not multiprocessing.Pool: a worker that dies
            # makes the run fail instead of wait for ever.
            fork = sys.platform.startswith("linux")
            context = multiprocessing.get_context("fork" if fork else "spawn")
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=_start_worker, initargs=(self.checker,)
            )
        return self._pool


# A sentence of a document and the document's path, or None where a document ends.
_Item = tuple[str | None, Sentence] | None


def _with_ends(documents: Iterable[tuple[str | None, Iterable[Sentence]]]) -> Iterator[_Item]:
    for path, sentences in documents:
        for s in sentences:
            yield path, s
        yield None


def _submit(pool: ProcessPoolExecutor, texts: list[str]) -> Future[_Replies]:
    """`pool.submit`, with Ctrl-C held back while it may start worker processes.

    why: Ctrl-C reaches the whole process group; the main process stops the
    workers, which ignore it (`_start_worker`). A worker started with SIGINT
    blocked cannot be interrupted before it gets there, and print a traceback.
    """
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return pool.submit(_judge_batch, texts)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(_judge_batch, texts)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _start_worker(checker: Checker) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # see `_submit`
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _WORKER[:] = [checker]


# A worker's reply for one sentence: None for a plain unverified judgement, else
# the judgement without its claim, and the claim's id.
_Reply = tuple[ClaimId | None, Judgement] | None
_Replies = list[_Reply]


def _judge_batch(texts: list[str]) -> _Replies:
    """Judgements of a batch, for sending back: None for a plain unverified one, and
    the claim by id (the parent has the same claims; a Claim is costly to pickle)."""
    judge = _WORKER[0].judge
    out: _Replies = []
    for text in texts:
        j = judge(text)
        if j is UNVERIFIED:
            out.append(None)
        else:
            out.append((j.claim.id if j.claim else None, replace(j, claim=None)))
    return out
