"""The claims loader refuses every kind of broken file with one clear file:line message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from abduction_facts.claims import load_claims, validate_file
from abduction_facts.errors import ClaimsFileError

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
VALID = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the valid fixture with one edit, next to its source file."""
    assert old in VALID, old
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    path = tmp_path / "claims.yaml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    return path


def test_valid_fixture_loads() -> None:
    base = load_claims(FIXTURES / "valid.yaml")
    assert [c.id for c in base.claims] == ["koizumi-visit", "japan-identified-17"]
    assert validate_file(FIXTURES / "valid.yaml") == []


BROKEN = [
    # (edit old -> new, message fragment, line)
    pytest.param(
        '    attribution: Test Desk\n    as_of: "2002-09"',
        '    as_of: "2002-09"',
        "koizumi-visit: missing field attribution",
        15,
        id="missing-field",
    ),
    pytest.param(
        "id: japan-identified-17",
        "id: koizumi-visit",
        "duplicate claim id 'koizumi-visit'",
        26,
        id="duplicate-id",
    ),
    pytest.param(
        "    source: mini\n    passage: Japan",
        "    source: nowhere\n    passage: Japan",
        "japan-identified-17: unknown source 'nowhere'",
        26,
        id="unknown-source",
    ),
    pytest.param(
        "passage: Japan has identified 17 abductees.",
        "passage: Japan has identified 19 abductees.",
        "passage not found verbatim in source 'mini'",
        26,
        id="passage-not-verbatim",
    ),
    pytest.param(
        '{type: number, value: "17", text: "17", role: citizen}',
        '{type: number, value: "19", text: "17", role: citizen}',
        "fact value '19' does not follow from '17'",
        35,
        id="fact-not-grounded",
    ),
    pytest.param(
        '{type: date, value: "2002-09", text: September 2002}',
        '{type: date, value: "2003-09", text: September 2002}',
        "fact value '2003-09' does not follow from 'September 2002'",
        24,
        id="date-not-grounded",
    ),
    pytest.param(
        "{type: place, value: pyongyang, text: Pyongyang}",
        "{type: place, value: japan, text: Pyongyang}",
        "fact value 'japan' does not follow from 'Pyongyang'",
        25,
        id="entity-not-grounded",
    ),
    pytest.param(
        "name: Japan}", "name: Japan, aliases: [DPRK]}", "alias 'DPRK'", 11, id="alias-collision"
    ),
    pytest.param(
        "implies: [north-korea]",
        "implies: [atlantis]",
        "implies unknown entity 'atlantis'",
        12,
        id="unknown-implied-entity",
    ),
    pytest.param(
        "    kind: state",
        "    kind: opinion",
        "kind must be event, state or quote",
        26,
        id="bad-kind",
    ),
    pytest.param(
        "about: [identify, abduct]",
        "about: [identify, Abduct!]",
        "`about` item 'Abduct!' is not a concept, entity or word",
        26,
        id="bad-anchor",
    ),
    pytest.param(
        'as_of: "2024-01-01"',
        "as_of: 2024-01-01",
        "quote as_of",
        26,
        id="unquoted-date",
    ),
    pytest.param(
        "role: citizen}",
        "role: citizen, colour: red}",
        "unknown fact field colour",
        35,
        id="unknown-fact-field",
    ),
    pytest.param(
        "claims:\n",
        "titles: {prime minister: cabinet}\nclaims:\n",
        "title 'prime minister': no person entity has group 'cabinet'",
        14,
        id="title-of-no-group",
    ),
    pytest.param(
        "claims:\n",
        "titles: {prime minister: japan-pm, Prime  Minister: japan-pm}\nclaims:\n",
        "title 'Prime  Minister' is written twice (also as 'prime minister')",
        14,
        id="title-twice",
    ),
    pytest.param(
        "claims:\n",
        "titles: {prime minister: japan-pm, 1990: japan-pm}\nclaims:\n",
        "title 1990: a title is words",
        14,
        id="title-not-words",
    ),
    pytest.param(
        "claims:\n",
        "titles: [prime minister]\nclaims:\n",
        "`titles` must be a mapping of title to entity group",
        1,
        id="titles-not-a-mapping",
    ),
]


@pytest.mark.parametrize(("old", "new", "message", "line"), BROKEN)
def test_broken_file_is_refused_with_file_and_line(
    tmp_path: Path, old: str, new: str, message: str, line: int
) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(ClaimsFileError) as excinfo:
        load_claims(path)
    text = str(excinfo.value)
    assert text.startswith(f"{path}:{line}: "), text
    assert message in text
    assert "\n" not in text
    assert any(message in p for p in validate_file(path))


def test_every_problem_is_listed(tmp_path: Path) -> None:
    path = broken(tmp_path, "id: japan-identified-17", "id: koizumi-visit")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "passage: Koizumi visited", "passage: Koizumi saw"
        ),
        encoding="utf-8",
    )
    problems = validate_file(path)
    assert len(problems) == 2
    with pytest.raises(ClaimsFileError, match=r"\(and 1 more; run `facts validate`\)"):
        load_claims(path)


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = broken(tmp_path, "about: [koizumi, visit]", "about: [koizumi, visit")
    with pytest.raises(ClaimsFileError, match=rf"^{path}:\d+:\d+: "):
        load_claims(path)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("claims: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(ClaimsFileError, match="could not determine a constructor"):
        load_claims(path)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ClaimsFileError, match="anchors and aliases are not allowed"):
        load_claims(path)


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_claims_path_must_be_a_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "claims.yaml"
    if kind == "directory":
        path.mkdir()
    with pytest.raises(ClaimsFileError, match=r"no such claims file|is a directory"):
        load_claims(path)


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ClaimsFileError, match=r":1: a claims file is a mapping"):
        load_claims(path)
