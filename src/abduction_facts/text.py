"""Text normalisation: the one place that decides when two words are "the same".

Folds Unicode punctuation, case and British spelling; reads number words,
month names and decades; stems words (Snowball) and maps them to concepts,
so "repatriated", "returned home" and "brought back" meet as one idea.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": " - ",
        "\u2015": " - ",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
        "\u00ad": "",
    }
)


def fold(text: str) -> str:
    """Unicode quotes, dashes, spaces and ellipses to ASCII; NFKC; case kept."""
    return unicodedata.normalize("NFKC", text.translate(_FOLD))


# why: tokens keep their character offsets so facts can be quoted as written;
# a word is any run of letters, accented ones too ("Andrés", "López").
_TOKEN = re.compile(
    r"\d{4}-\d{2}(?:-\d{2})?\b|[^\W\d_]+(?:['.-][^\W\d_]+)*\.?"
    r"|\d{3}0's\b|\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?|'\d0'?s\b|'\d\ds|\S"
)


class Token(NamedTuple):
    """One word, number or mark of a sentence, with where it is."""

    text: str
    lower: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split folded text into tokens; possessive "'s" is dropped from words."""
    tokens: list[Token] = []
    append = tokens.append
    make = tuple.__new__  # why: Token(...) goes through a Python-level __new__
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start()
        end = start + len(word)
        last = word[-1]
        if last == "." and len(word) > 1 and not _is_abbreviation(word):
            word, end = word[:-1], end - 1
            last = word[-1]
        if last in "sS" and len(word) > 2 and word[-2] == "'" and not word[-3].isdigit():
            word, end = word[:-2], end - 2
        elif last == "'" and len(word) > 1 and word[-2] == "s":
            word, end = word[:-1], end - 1
        append(make(Token, (word, word.lower(), start, end)))
    return tokens


_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen st jr no u.s u.n n s".split()
)


def _is_abbreviation(word: str) -> bool:
    return word[:-1].lower() in _ABBREVIATIONS or (len(word) == 2 and word[0].isupper())


# --- spelling -----------------------------------------------------------------

_BRITISH = {
    "defence": "defense",
    "programme": "program",
    "programmes": "programs",
    "centre": "center",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "honour": "honor",
    "favour": "favor",
    "labour": "labor",
    "travelled": "traveled",
    "counselled": "counseled",
    "judgement": "judgment",
    "enrolment": "enrollment",
    "dialogue": "dialog",
    "whilst": "while",
    "amongst": "among",
}
_ISE_EXCEPTIONS = frozenset(
    "rise arise wise otherwise likewise premise exercise surprise advise compromise promise raise "
    "praise expertise enterprise franchise merchandise concise precise demise disguise revise "
    "supervise televise despise devise noise poise cruise bruise chemise concise excise incise "
    "paradise treatise comprise clockwise".split()
)
_ISE = re.compile(r"is(e|es|ed|ing|ation|ations)$")


def americanise(word: str) -> str:
    """British to American spelling for one lower-case word."""
    if word in _BRITISH:
        return _BRITISH[word]
    if "is" in word and _ISE.search(word):
        base = _ISE.sub("ise", word)
        if base not in _ISE_EXCEPTIONS and len(base) > 5:
            return _ISE.sub(lambda m: "iz" + m.group(1), word)
    return word


_STEMMER: Any = None
# why: stems are memoised in a plain dict that a compiled claims base can
# pre-fill (cache.py).
_STEMS: dict[str, str] = {}


# why: Snowball folds these onto unrelated words ("willingness" -> "will").
_STEM_OVERRIDES = {
    "willing": "willing",
    "willingness": "willing",
    "unwilling": "unwilling",
    "unwillingness": "unwilling",
    "news": "news",
}


def stem(word: str) -> str:
    """Snowball stem of a lower-case word, after spelling normalisation."""
    found = _STEMS.get(word)
    if found is not None:
        return found
    global _STEMMER
    if word in _STEM_OVERRIDES:
        result = _STEM_OVERRIDES[word]
    else:
        if _STEMMER is None:
            import Stemmer  # PyStemmer: the Snowball stemmers, compiled

            _STEMMER = Stemmer.Stemmer("english")
        result = str(_STEMMER.stemWord(americanise(word)))
    if len(_STEMS) < 200_000:
        _STEMS[word] = result
    return result


def lexicon_state() -> tuple[dict[str, str], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The memoised stems and concept indexes, to store with a compiled base."""
    return dict(_STEMS), concept_index(), antonym_index()


def restore_lexicon_state(
    state: tuple[dict[str, str], dict[str, frozenset[str]], dict[str, frozenset[str]]],
) -> None:
    """Pre-fill the memos from a compiled base (see lexicon_state)."""
    global _CONCEPT_INDEX, _ANTONYM_INDEX
    stems, concepts, antonyms = state
    for word, value in stems.items():
        _STEMS.setdefault(word, value)
    _CONCEPT_INDEX = _CONCEPT_INDEX or concepts
    _ANTONYM_INDEX = _ANTONYM_INDEX or antonyms


# --- numbers ------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_SMALL = {"one": 1, **_UNITS, **_TENS}
# why: exact counts said without number words; "dozens" is vague, so it is none
_SPECIAL = {
    "a dozen": 12,
    "half a dozen": 6,
    "a half dozen": 6,
    "half-dozen": 6,
    "a half-dozen": 6,
}
_SPECIAL_LONGEST = max(len(phrase.split()) for phrase in _SPECIAL)
_SPECIAL_STARTS = frozenset(phrase.split()[0] for phrase in _SPECIAL)
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES) | {"one", "dozen"}


def parse_number_words(words: list[str]) -> int | None:
    """Value of a run of number words ("twenty-one", "nineteen seventy-eight").

    None when the words do not make one number: "eleven twelve" and "five
    six" are two numbers (or a range), never 1112 or 11. A pair is read as a
    year ("twenty fourteen") only when it makes a plausible one (`is_year`).
    """
    special = _SPECIAL.get(" ".join(words))
    if special is not None:
        return special
    parts: list[str] = []
    for w in words:
        parts.extend(p for p in w.split("-") if p)
    if not parts or any(p not in NUMBER_WORDS and p != "and" for p in parts):
        return None
    # "nineteen seventy-eight", "twenty fourteen": two-digit pairs read as a year
    head = _below_hundred(parts[:1])
    tail = _below_hundred(parts[1:])
    if head is not None and tail is not None and tail >= 10 and is_year(float(head * 100 + tail)):
        return head * 100 + tail
    return _cardinal(parts)


def _below_hundred(parts: list[str]) -> int | None:
    """Value of "seventeen", "forty" or "forty-two" (split at the hyphen); else None."""
    if len(parts) == 1:
        return _SMALL.get(parts[0])
    if len(parts) == 2 and parts[0] in _TENS and 1 <= _SMALL.get(parts[1], 0) <= 9:
        return _TENS[parts[0]] + _SMALL[parts[1]]
    return None


def _cardinal(parts: list[str]) -> int | None:
    """Value of a well-formed cardinal ("one hundred and seventeen", "two dozen")."""
    total = group = 0
    largest = 0  # the last thousand/million scale, so "thousand million" is refused
    last = ""  # what the previous part was: "", small, tens, hundred, scale, and, dozen
    for p in parts:
        if p == "and":
            if last not in ("hundred", "scale"):
                return None
            last = "and"
        elif p in ("hundred", "dozen"):
            if last not in ("", "small", "tens") or group >= 100:
                return None
            group = max(group, 1) * (100 if p == "hundred" else 12)
            last = p
        elif p in _SCALES:
            if last not in ("", "small", "tens", "hundred") or 0 < largest <= _SCALES[p]:
                return None
            total += max(group, 1) * _SCALES[p]
            group, largest, last = 0, _SCALES[p], "scale"
        else:
            value = _SMALL[p]
            # why: units follow only tens ("twenty-one"); "eleven twelve" is no number
            if last == "dozen" or last == "small" or (last == "tens" and not 1 <= value <= 9):
                return None
            group += value
            last = "tens" if p in _TENS else "small"
    return None if last == "and" else total + group


def number_phrase(words: Sequence[str], start: int = 0) -> tuple[int, int] | None:
    """(end, value) of the number in words that starts at `start`, if one does.

    The longest run of number words that makes one number ("one hundred and
    seventeen", "nineteen seventy-eight") or an exact phrase ("half a
    dozen"). A lone "one" ("one of them") or "dozen" ("several dozen") is none.
    """
    first = words[start]
    if first in _SPECIAL_STARTS:
        for size in range(_SPECIAL_LONGEST, 0, -1):
            special = _SPECIAL.get(" ".join(words[start : start + size]))
            if special is not None and start + size <= len(words):
                return start + size, special
    if first.split("-")[0] not in NUMBER_WORDS:
        return None
    end = start
    while end < len(words) and all(p in NUMBER_WORDS or p == "and" for p in words[end].split("-")):
        end += 1
    for stop in range(end, start, -1):
        if words[stop - 1] == "and":
            continue
        if stop == start + 1 and first in ("one", "dozen"):
            return None
        value = parse_number_words(list(words[start:stop]))
        if value is not None:
            return stop, value
    return None


def parse_numeral(token: str) -> float | None:
    """Value of a written numeral ("17", "1,000", "3.5", "17th"); None otherwise."""
    t = re.sub(r"(st|nd|rd|th)$", "", token).replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


# --- dates --------------------------------------------------------------------

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DECADE_WORDS = {
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
    "sixties": 1960,
    "fifties": 1950,
}


def month_of(word: str) -> int | None:
    """Month number of a month name or abbreviation (with or without its dot)."""
    return MONTHS.get(word.lower().rstrip("."))


def is_year(value: float) -> bool:
    """A plausible year for this subject (1900-2099)."""
    return value.is_integer() and 1900 <= value <= 2099


_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_real_date(year: int | None, month: int, day: int) -> bool:
    """Whether the day exists: never February 30 or April 31, and February 29
    only in a leap year (or when no year is given)."""
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month]):
        return False
    return not (month == 2 and day == 29 and year is not None and not calendar.isleap(year))


def format_partial_date(year: int | None, month: int | None, day: int | None) -> str:
    """ "2002-09", "2023-05-27", "--05-29" (no year), as ISO 8601 allows."""
    if year is None:
        return f"--{month:02d}" + (f"-{day:02d}" if day else "") if month else ""
    out = f"{year:04d}"
    if month:
        out += f"-{month:02d}"
        if day:
            out += f"-{day:02d}"
    return out


# --- concepts -------------------------------------------------------------------

# why: paraphrases use different words for one idea. Each concept lists the
# surface words (any inflection: they are stemmed) that express it; claims name
# concepts in their `about` anchors, so "lists seventeen abductees" reaches the
# claim that Japan "identified 17". These are general English synonyms for the
# subject, not the wording of particular test sentences or source passages: a
# word goes in when a thesaurus lists it for the concept in that sense. Words
# are matched one at a time, so a collocate that carries the sense only inside
# a phrase ("open to", "ruled out", "went to", "brought ... home", "direct
# supervision") does not belong here; phrases are extract.PHRASES.
CONCEPTS: dict[str, list[str]] = {
    "abduct": (
        "abduct abduction abductee abductor kidnap kidnapping kidnapped snatch snatched "
        "seize seized abducted abductions abductees kidnappings kidnapper kidnappers"
    ).split(),
    "identify": (
        "identify identified identifies recognize recognized recognise certify certified "
        "list lists listed designate designated count counts counted"
    ).split(),
    # why: the people a number counts ("17 of its citizens", "five abductees",
    # "13 Japanese"): a nation's people and the persons the beat counts. The
    # noun "Japanese" is a Japanese national; other demonyms belong with places.
    "citizen": (
        "citizen citizens national nationals people person persons individual individuals "
        "japanese victim victims abductee abductees"
    ).split(),
    "agent": "agent agents operative operatives spy spies".split(),
    "suspect": "suspect suspects suspected suspicion believe believes".split(),
    "missing": "missing disappear disappeared disappearance vanish vanished".split(),
    "visit": "visit visited visiting trip travel traveled journey".split(),
    "sign": "sign signed signing conclude concluded ink inked".split(),
    "declaration": "declaration declare declared".split(),
    "agreement": "agreement deal pact treaty".split(),
    # why: "handed Kishida a letter" gives it
    "handover": (
        "give gives gave given giving hand hands handed handing deliver delivered present "
        "presented submit submitted"
    ).split(),
    "apology": (
        "apology apologize apologized apologise apologised apologies sorry regret regrets "
        "regretted regrettable"
    ).split(),
    "admit": (
        "admit admitted admission acknowledged acknowledge conceded concede confess confessed"
    ).split(),
    "repatriate": (
        "repatriate repatriated repatriation return returned returning homecoming"
    ).split(),
    "relation": "relation relations relationship ties tie".split(),
    "diplomatic": "diplomatic diplomacy".split(),
    "normalize": "normalize normalized normalization normalise normalised normal".split(),
    "economic": "economic economy".split(),
    "cooperation": "cooperation cooperate collaboration collaborate aid assistance help".split(),
    "pledge": "pledge pledged promise promised commit committed vow vowed".split(),
    "effort": "effort efforts".split(),
    "meet": (
        "meet meeting met meetings summit summits talk talks talked speak spoke speaks contact "
        "contacts dialogue dialogues dialog "
        "negotiation negotiations negotiate consultation consultations"
    ).split(),
    "informal": "informal unofficial".split(),
    "formal": "formal".split(),
    "willing": (
        "willing willingness ready readiness eager open want wanted wants wish wished hope "
        "hoped desire keen prepared"
    ).split(),
    "highlevel": "high-level summit summits top-level leader-level".split(),
    "refrain": (
        "refrain refrained decline declined refuse refused avoid avoided withhold withheld abstain "
        "abstained"
    ).split(),
    "clarify": (
        "clarify clarified confirm confirmed verify verified detail details disclose disclosed"
    ).split(),
    "sensitive": "sensitive sensitivity delicate".split(),
    "pressconference": "briefing briefings".split(),
    "reach_out": "reach reached approach approached contact contacted".split(),
    "progress": "progress advance advanced headway breakthrough".split(),
    "deadlock": "deadlock impasse stalemate standstill stalled stall".split(),
    "break": "break broke breaking end ending resolve overcome".split(),
    "urgent": "urgent urgency pressing time-critical critical".split(),
    "age": "age aged aging ageing old older elderly".split(),
    "relative": "relative relatives family families parent parents".split(),
    "event": "event rally gathering symposium meeting".split(),
    "rule": "rule rules".split(),
    "happen": "happen happened occur occurred transpire transpired".split(),
    "investigation": "investigation investigate probe inquiry survey reinvestigation".split(),
    "terminate": (
        "terminate terminated termination end ended halt halted stop stopped scrap scrapped "
        "dissolve dissolved disband disbanded abandon abandoned"
    ).split(),
    "complete": "complete completed completion finish finished".split(),
    "promise": "promise promised pledge pledged agree agreed commit committed vow vowed".split(),
    "comprehensive": "comprehensive full thorough".split(),
    "unilateral": "unilateral unilaterally".split(),
    "announce": "announce announced announcement declare declared notify notified".split(),
    "propose": (
        "propose proposed proposal offer offered suggest suggested float floated floating"
    ).split(),
    "intend": (
        "intend intended intends intention plan planned aim aimed hope hoped sought seek"
    ).split(),
    # why: "has never attended" denies "attended in the past" (the negation word
    # carries the "not"); "before" and "once" are left out: mostly a preposition
    # or a conjunction.
    "past": "past previously previous formerly earlier ever never".split(),
    # why: a government answers in a statement ("Pyongyang's response", "replied
    # in a statement"); the claims base anchors North Korea's swift response on
    # statement, so the reply words stay here rather than in a concept of their own.
    "statement": (
        "statement statements communique respond responded response responses reply replied replies"
    ).split(),
    "reason": "reason reasons".split(),
    "swift": "swift swiftly quick quickly rapid rapidly prompt speedy".split(),
    "resolved": "resolved settled solved closed".split(),
    "assert": "assert assertion insist insisted claim claimed maintain maintained".split(),
    "gulf": "gulf gap divide rift differ difference".split(),
    "buildup": "buildup build-up groundwork preparation".split(),
    "border": "border frontier".split(),
    "closed": "closed shut sealed".split(),
    "pandemic": "pandemic coronavirus covid covid-19 virus".split(),
    "limited": "limited limit restricted restrict scarce scant".split(),
    "dispatch": "dispatch dispatched send sent".split(),
    "conference": "conference forum meeting gathering summit symposium".split(),
    "participate": (
        "participate participated participation attend attended attendance join joined"
    ).split(),
    "priority": "priority priorities focus goal aim".split(),
    "deterrence": "deterrence deterrent deter".split(),
    "nuclear": "nuclear nuke nukes atomic".split(),
    "missile": "missile missiles ballistic".split(),
    "dialogue": (
        "dialogue dialogues dialog talk talks engage engagement discussion discussions"
    ).split(),
    "resolution": "resolution resolve resolving settle settlement solution".split(),
    "hint": "hint hinting signal signaling suggest suggesting".split(),
    "unity": "unity unite united solidarity alliance".split(),
    "disrupt": "disrupt disrupting undermine undermining divide dividing split".split(),
    "defense": "defense defence defences security military".split(),
    "share": "share sharing shared exchange exchanging".split(),
    "letter": "letter letters".split(),
    "rescue": "rescue rescued liberate liberated freed".split(),
    "fade": "fade fading forgotten forget".split(),
    "humanrights": "human rights".split(),
    "lead": "lead leading leadership led leader rule ruled ruling".split(),
    "older": "older aging ageing elderly age aged".split(),
    "whereabouts": "whereabouts fate location".split(),
    # why: Snowball leaves irregular forms apart; "unknown" (a negation word) is "not known".
    "know": "know knows knew known knowing unknown".split(),
    "turn": "turn turning turns".split(),
    "overwhelm": "overwhelm overwhelmed overwhelming".split(),
    "realize": "realize realized materialize materialized happen".split(),
    "supervision": (
        "supervision supervise supervised oversee oversaw overseen oversight "
        "control controlled command commanded"
    ).split(),
    "historic": "historic landmark historical".split(),
    "first": "first".split(),
    "state_sponsored": "state-sponsored".split(),
    "determination": "determination determined resolve".split(),
    "improve": "improve improving improvement better".split(),
}

# why: a predicate and its opposite; a sentence using the opposite of a claim's
# anchor asserts the contrary (attended vs did not participate).
ANTONYMS: dict[str, tuple[str, ...]] = {
    "terminate": tuple("complete expand expanded expanding expands".split()),
    "informal": ("formal",),
    "closed": tuple("open opened reopen reopened".split()),
    "participate": tuple("skip skipped absent boycott boycotted".split()),
    "unilateral": tuple("joint jointly bilateral mutual".split()),
    "swift": tuple("slow slowly delayed belated".split()),
    "willing": tuple("unwilling reluctant rejected reject refuse refused".split()),
    "limited": tuple("frequent extensive ample numerous".split()),
}

# why: verbs that report speech ("said", "told", "according to"): who says a
# thing is its speaker, and fills none of the reported fact's slots.
SPEECH_VERBS = frozenset(
    "said says say told tells called calls described describes stated states noted notes "
    "added adds according declared declares warned warns insisted insists remarked "
    "announced announces explained explains claimed claims replied replies responded "
    "responds answered answers stressed stresses emphasized emphasised emphasizes reiterated "
    "reiterates".split()
)
NEGATION_WORDS = frozenset(
    "not no never neither nor without none lack lacks lacked lacking absence yet n't cannot "
    "didn't don't doesn't isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't "
    "couldn't shouldn't nothing unknown nobody refrain refrained refrains refraining decline "
    "declined declines declining refuse refused refuses refusing avoid avoided avoids withhold "
    "withheld fail failed fails failing skip skipped skips boycott boycotted".split()
)
# why: a sentence that wants, plans or doubts a state does not assert it, so
# its polarity cannot contradict a claim.
IRREALIS_WORDS = frozenset(
    "seek seeks seeking sought aim aims aiming hope hopes hoping want wants wanted plan plans "
    "planned try tries trying attempt attempts might if whether once should "
    "urge urges urged push pushing call calls calling intend intends".split()
)
# why: "again", "a second visit" talk about another occasion of an event.
OTHER_OCCASION_WORDS = frozenset(
    "again second another third previous previously earlier later subsequent anniversary "
    "annual yearly past formerly".split()
)


# why: halves of hyphenated entries too common to stand for the concept alone.
_WEAK_PARTS = frozenset({"time", "state", "level", "top", "behind", "scenes", "build", "up"})


_CONCEPT_INDEX: dict[str, frozenset[str]] | None = None
_ANTONYM_INDEX: dict[str, frozenset[str]] | None = None


def concept_index() -> dict[str, frozenset[str]]:
    """Stem -> concepts it expresses (multi-word entries index each word)."""
    global _CONCEPT_INDEX
    if _CONCEPT_INDEX is None:
        _CONCEPT_INDEX = _build_concept_index()
    return _CONCEPT_INDEX


def antonym_index() -> dict[str, frozenset[str]]:
    """Stem -> concepts it is the opposite of."""
    global _ANTONYM_INDEX
    if _ANTONYM_INDEX is None:
        _ANTONYM_INDEX = _build_antonym_index()
    return _ANTONYM_INDEX


def _build_concept_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for concept, words in CONCEPTS.items():
        for w in words:
            index.setdefault(stem(w.lower()), set()).add(concept)
            if "-" in w and w != "high-level":
                for part in w.split("-"):
                    if part not in STOPWORDS and part not in _WEAK_PARTS:
                        index.setdefault(stem(part.lower()), set()).add(concept)
    return {k: frozenset(v) for k, v in index.items()}


def _build_antonym_index() -> dict[str, frozenset[str]]:
    """Stem -> concepts it is the opposite of."""
    index: dict[str, set[str]] = {}
    for concept, words in ANTONYMS.items():
        for w in words:
            if w in CONCEPTS:
                for cw in CONCEPTS[w]:
                    index.setdefault(stem(cw), set()).add(concept)
            else:
                index.setdefault(stem(w), set()).add(concept)
    return {k: frozenset(v) for k, v in index.items()}


def concepts_of(stems: Iterable[str]) -> set[str]:
    """Every concept expressed by any of the stems."""
    index = concept_index()
    out: set[str] = set()
    for s in stems:
        out |= index.get(s, frozenset())
    return out


STOPWORDS = frozenset(
    "a an the of to in on at by for with from and or but as is are was were be been being has "
    "have had do does did that this these those it its their his her he she they them we our "
    "i my you your which who whom whose what when where why how than then there also said says "
    "say will would can could may might should must about into over after before during while "
    "since until against between through under so such very more most some any all both each "
    "other only own same too just not no "
    # why: prepositions carry no fact of their own ("near their home")
    "near across around among amid amidst toward towards upon within beside behind beyond "
    "despite via onto inside outside throughout per unlike besides "
    # why: hedges of a count ("at least 17", "nearly 20") are no fact of their own
    "least nearly almost roughly approximately".split()
)
