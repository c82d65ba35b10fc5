"""Where a claim's event happened, however the sentence names it.

General readings, each tested on sentences written for it (not on the
development or held-out sentences that showed the gap):

- the place after a verb of going ("flew to", "headed to", "returned to") is
  where the goer ends up, not a government named for its capital;
- an occasion word ("earlier", "previous") beside the claim's own date speaks
  of the same occasion, so another place in it is a changed place;
- where the claim's own agent and act are named ("a visit to X by Koizumi"),
  the place is where that act happened, whatever the sentence's subject.
"""

from __future__ import annotations

from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from readings import Reading, reading_test

CHECKER = Checker(load_claims())

READINGS: list[Reading] = [
    (
        "a verb of going: its 'to' names where the meeting was",
        "Koizumi flew to Shanghai in 2002 for talks with Kim Jong Il.",
        "contradicted",
    ),
    (
        "a verb of going to the claim's own place",
        "Koizumi flew to Pyongyang in 2002 for talks with Kim Jong Il.",
        "supported",
    ),
    (
        "an occasion word beside the claim's own date, another place",
        "During Koizumi's previous trip to Shanghai in September 2002, North Korea apologized"
        " for the abductions.",
        "contradicted",
    ),
    (
        "an occasion word beside the claim's own date, the claim's place",
        "During Koizumi's previous trip to Pyongyang in September 2002, North Korea apologized"
        " for the abductions.",
        "supported",
    ),
    (
        "the claim's agent and act named in a phrase, another place",
        "Japan lists 17 abductees, five of whom came home in 2002 after a visit to Shanghai by"
        " Koizumi.",
        "contradicted",
    ),
    (
        "the claim's agent and act named in a phrase, the claim's place",
        "Japan lists 17 abductees, five of whom came home in 2002 after a visit to Pyongyang by"
        " Koizumi.",
        "supported",
    ),
]

test_reading = reading_test(READINGS, CHECKER)
