"""Duplicate keys in .facts.yaml, a claims file or [tool.facts] are refused with file:line.

YAML itself says a mapping's keys are unique, but PyYAML keeps the last value
silently: `fail-on` written twice would quietly mean the second one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.claims import load_claims, safe_yaml, validate_file
from abduction_facts.cli import ExitCode, app
from abduction_facts.config import ConfigError, find_config, load_config
from abduction_facts.errors import ClaimsFileError

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "FORCE_COLOR": None, "FACTS_TRACEBACK": None}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


def assert_one_line_error(result: Result, pattern: str) -> None:
    assert result.exit_code == ExitCode.ERROR, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in result.output


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _claims_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the valid claims fixture with one edit, next to its sources."""
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    assert old in text, old
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    return _write(tmp_path / "claims.yaml", text.replace(old, new, 1))


# --- .facts.yaml ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "key", "first"),
    [
        ("fail-on: never\nfail-on: contradicted\n", "2:1", "'fail-on'", 1),
        ("thresholds:\n  support: 50\n  coverage: 0.5\n  support: 60\n", "4:3", "'support'", 2),
        ("thresholds: {support: 50, support: 60}\n", "1:27", "'support'", 1),
        # why: YAML 1.1 reads both keys as True: the same key twice
        ("show-unverified: true\nthresholds: {yes: 1, true: 2}\n", "2:22", "True", 2),
    ],
)
def test_duplicate_key_in_facts_yaml_is_refused(
    tmp_path: Path, text: str, where: str, key: str, first: int
) -> None:
    file = _write(tmp_path / ".facts.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(file)
    message = str(info.value)
    assert message.startswith(f"{file}:{where}: ")
    assert f"duplicate key {key} (first on line {first})" in message
    assert "\n" not in message


def test_duplicate_key_in_a_discovered_facts_yaml_fails_the_check(tmp_path: Path) -> None:
    _write(tmp_path / ".facts.yaml", "fail-on: never\nexclude: []\nfail-on: unverified\n")
    with pytest.raises(ConfigError, match=r"\.facts\.yaml:3:1: .*duplicate key 'fail-on'"):
        find_config(tmp_path)
    assert_one_line_error(
        invoke("check", "Japan has identified 17 abductees."),
        r"\.facts\.yaml:3:1: .*duplicate key 'fail-on' \(first on line 1\)",
    )


def test_distinct_keys_and_lists_are_still_read(tmp_path: Path) -> None:
    file = _write(tmp_path / ".facts.yaml", "exclude: [a, a]\nthresholds: {support: 50}\n")
    config = load_config(file)
    assert config.exclude == ("a", "a")
    assert config.thresholds == {"support": 50.0}


def test_a_merge_key_may_be_overridden(tmp_path: Path) -> None:
    # why: `<<` merges are YAML's way to override on purpose; only aliases are refused.
    assert safe_yaml("<<: {a: 1, b: 2}\nb: 3\n") == {"a": 1, "b": 3}


# --- claims files -----------------------------------------------------------------------


def test_duplicate_key_in_a_claims_file_is_refused(tmp_path: Path) -> None:
    path = _claims_with(
        tmp_path,
        "    kind: event\n",
        "    kind: event\n    text: Koizumi visited Tokyo in September 2002.\n",
    )
    with pytest.raises(ClaimsFileError) as info:
        load_claims(path)
    message = str(info.value)
    assert message.startswith(f"{path}:22:5: duplicate key 'text' (first on line 16)"), message
    assert "\n" not in message
    assert validate_file(path) == [message]


def test_duplicate_key_in_a_claims_file_fails_check_and_validate(tmp_path: Path) -> None:
    path = _claims_with(tmp_path, "schema_version: 1\n", "schema_version: 1\nschema_version: 2\n")
    expected = r"claims\.yaml:2:1: duplicate key 'schema_version' \(first on line 1\)"
    assert_one_line_error(invoke("check", "x y", "--claims", str(path)), expected)
    validated = invoke("validate", str(path))
    assert validated.exit_code == ExitCode.ERROR
    assert re.search(expected, validated.stderr), validated.stderr


def test_duplicate_key_in_a_flow_mapping_of_a_claims_file(tmp_path: Path) -> None:
    path = _claims_with(
        tmp_path, "{id: japan, kind: place,", "{id: japan, kind: place, id: nippon,"
    )
    with pytest.raises(ClaimsFileError, match=r":10:30: duplicate key 'id' \(first on line 10\)"):
        load_claims(path)


# --- [tool.facts] -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "toml",
    [
        '[tool.facts]\nfail-on = "never"\nfail-on = "unverified"\n',
        '[tool.facts]\nfail-on = "never"\n[tool.facts]\nexclude = []\n',
        "[tool.facts]\nthresholds = {support = 50, support = 60}\n",
    ],
)
def test_tomllib_refuses_duplicate_keys_in_tool_facts(tmp_path: Path, toml: str) -> None:
    file = _write(tmp_path / "pyproject.toml", toml)
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML: .*\(at line \d+"):
        load_config(file)
    assert_one_line_error(invoke("check", "x y"), r"pyproject\.toml: invalid TOML")
