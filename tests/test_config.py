"""Settings from [tool.facts] / .facts.yaml: parsing, validation, discovery, excludes."""

from __future__ import annotations

from pathlib import Path

import pytest

from abduction_facts.config import Config, ConfigError, ConfigFinder, find_config, load_config
from abduction_facts.formats import FailOn
from abduction_facts.inputs import find_documents
from abduction_facts.models import Verdict

FULL_TOML = """\
[project]
name = "newsroom"

[tool.facts]
claims = "data/claims.yaml"
fail-on = "unverified"
exclude = ["archive", "*.txt"]
thresholds = { support = 60, contradict = 65.5 }
show-unverified = true
"""

FULL_YAML = """\
claims: data/claims.yaml
fail-on: unverified
exclude: [archive, "*.txt"]
thresholds: {support: 60, contradict: 65.5}
show-unverified: true
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text"), [("pyproject.toml", FULL_TOML), (".facts.yaml", FULL_YAML)]
)
def test_every_setting_is_read(tmp_path: Path, name: str, text: str) -> None:
    file = _write(tmp_path / name, text)
    config = load_config(file)
    assert config.file == file
    assert config.claims == tmp_path / "data" / "claims.yaml"
    assert config.fail_on is FailOn.UNVERIFIED
    assert config.exclude == ("archive", "*.txt")
    assert config.thresholds == {"support": 60.0, "contradict": 65.5}
    assert config.show_unverified is True


def test_claims_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    _write(tmp_path / "repo" / ".facts.yaml", "claims: ../shared/claims.yaml\n")
    config = find_config(tmp_path / "repo")
    assert config.claims == tmp_path / "repo" / ".." / "shared" / "claims.yaml"


def test_empty_yaml_is_an_empty_config(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path / ".facts.yaml", "# nothing yet\n"))
    assert config == Config(file=tmp_path / ".facts.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "fail-on: sometimes\n",
            "fail-on: expected one of contradicted, disputed, unverified, never",
        ),
        ("fail-on: 1\n", "fail-on: expected one of"),
        ("exclude: archive\n", "exclude: expected a list of glob patterns"),
        ("exclude: [1, 2]\n", "exclude: expected a list of glob patterns"),
        ("thresholds: 50\n", "thresholds: expected a mapping"),
        ("thresholds: {support: high}\n", "thresholds.support: expected a score from 0 to 100"),
        ("thresholds: {support: 101}\n", "thresholds.support: expected a score from 0 to 100"),
        ("thresholds: {support: true}\n", "thresholds.support: expected a score"),
        ("thresholds: {support: .nan}\n", "thresholds.support: expected a score"),
        ("show-unverified: yes please\n", "show-unverified: expected true or false"),
        ("claims: 3\n", "claims: expected a path"),
        ("claims: ''\n", "claims: expected a path"),
        ("fail_on: never\n", "unknown setting 'fail_on'"),
        ("- a\n- b\n", "expected a mapping of settings, not a list"),
        ("just text\n", "expected a mapping of settings, not a string"),
    ],
)
def test_bad_yaml_settings_name_file_and_reason(tmp_path: Path, text: str, message: str) -> None:
    file = _write(tmp_path / ".facts.yaml", text)
    with pytest.raises(ConfigError, match=r"\.facts\.yaml") as info:
        load_config(file)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    file = _write(tmp_path / ".facts.yaml", "fail-on: never\nexclude: [a, b\n")
    with pytest.raises(ConfigError, match=r"\.facts\.yaml:3:1: invalid YAML"):
        load_config(file)


def test_yaml_python_tags_are_refused(tmp_path: Path) -> None:
    file = _write(tmp_path / ".facts.yaml", "claims: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(file)


def test_toml_syntax_error(tmp_path: Path) -> None:
    file = _write(tmp_path / "pyproject.toml", "[tool.facts]\nfail-on = \n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML: .*line 2"):
        load_config(file)


def test_toml_bad_setting_names_the_table(tmp_path: Path) -> None:
    file = _write(tmp_path / "pyproject.toml", '[tool.facts]\nfail-on = "sometimes"\n')
    with pytest.raises(ConfigError, match=r"pyproject\.toml: \[tool\.facts\] fail-on"):
        load_config(file)


def test_toml_facts_must_be_a_table(tmp_path: Path) -> None:
    file = _write(tmp_path / "pyproject.toml", '[tool]\nfacts = "yes"\n')
    with pytest.raises(ConfigError, match=r"\[tool\.facts\] must be a table"):
        load_config(file)


@pytest.mark.parametrize(
    "toml",
    [
        '[tool.facts]\nfail-on = "never"\n',
        '[ tool . "facts" ]\nfail-on = "never"\n',
        "[tool.'facts']\nfail-on = 'never'\n",
        '[tool]\nfacts.fail-on = "never"\n',
        '[tool]\nother = 1\nfacts = {fail-on = "never"}\n',
        'tool.facts.fail-on = "never"\n',
        'tool = {facts = {fail-on = "never"}}\n',
        '"tool" . facts . fail-on = "never"\n',
        '[tool."\\u0066acts"]\nfail-on = "never"\n',
    ],
)
def test_every_spelling_of_tool_facts_is_read(tmp_path: Path, toml: str) -> None:
    file = _write(tmp_path / "pyproject.toml", f'{toml}[project]\nscripts = {{facts = "x"}}\n')
    assert load_config(file).fail_on is FailOn.NEVER


def test_pyproject_naming_facts_elsewhere_is_not_parsed(tmp_path: Path) -> None:
    # why: unparsable on purpose: were it parsed, this would be an error.
    text = '[project.scripts]\nfacts = "pkg.cli:main"\n[tool.pytest]\naddopts = [\n'
    file = _write(tmp_path / "pyproject.toml", text)
    assert load_config(file) == Config(file=file)


def test_explicit_config_that_is_missing_or_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)


def test_explicit_pyproject_without_table_is_empty(tmp_path: Path) -> None:
    file = _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(file) == Config(file=file)


# --- discovery --------------------------------------------------------------------------


def test_discovery_walks_up_from_the_files_own_directory(tmp_path: Path) -> None:
    _write(tmp_path / ".facts.yaml", "fail-on: never\n")
    _write(tmp_path / "desk" / "pyproject.toml", '[tool.facts]\nfail-on = "unverified"\n')
    _write(tmp_path / "desk" / "drafts" / "a.md", "Text.\n")
    _write(tmp_path / "other" / "b.md", "Text.\n")
    finder = ConfigFinder()
    assert finder.for_path(tmp_path / "desk" / "drafts" / "a.md").fail_on is FailOn.UNVERIFIED
    assert finder.for_path(tmp_path / "other" / "b.md").fail_on is FailOn.NEVER


def test_pyproject_without_tool_facts_is_passed_over(tmp_path: Path) -> None:
    _write(tmp_path / ".facts.yaml", "fail-on: never\n")
    _write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\n')
    assert find_config(tmp_path / "pkg").fail_on is FailOn.NEVER


def test_yaml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.facts]\nfail-on = "unverified"\n')
    _write(tmp_path / ".facts.yml", "fail-on: never\n")
    assert find_config(tmp_path).fail_on is FailOn.NEVER


def test_no_config_anywhere_is_empty(tmp_path: Path) -> None:
    config = find_config(tmp_path)
    # why: the search goes up to /, so only assert what a stray file cannot set here.
    assert config.file is None or tmp_path not in config.file.parents


def test_discovery_is_cached_per_directory(tmp_path: Path) -> None:
    file = _write(tmp_path / ".facts.yaml", "fail-on: never\n")
    finder = ConfigFinder()
    first = finder.for_directory(tmp_path / "a" / "b")
    file.write_text("fail-on: unverified\n", encoding="utf-8")
    assert finder.for_directory(tmp_path / "a") is first


def test_broken_config_found_by_discovery_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path / ".facts.yaml", "fail-on: [\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        find_config(tmp_path)


# --- fail-on ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "failing"),
    [
        (FailOn.CONTRADICTED, {Verdict.CONTRADICTED}),
        (FailOn.DISPUTED, {Verdict.CONTRADICTED, Verdict.DISPUTED}),
        (FailOn.UNVERIFIED, {Verdict.CONTRADICTED, Verdict.DISPUTED, Verdict.UNVERIFIED}),
        (FailOn.NEVER, set()),
    ],
)
def test_fail_on_levels(level: FailOn, failing: set[Verdict]) -> None:
    assert {v for v in Verdict if level.fails(v)} == failing


# --- excludes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        (("archive",), "archive", True),
        (("archive",), "archive/2019/a.md", True),
        (("archive",), "desk/archive/a.md", True),
        (("archive",), "archived.md", False),
        (("*.txt",), "notes/a.txt", True),
        (("*.txt",), "notes/a.md", False),
        (("drafts/old/*",), "drafts/old/a.md", True),
        (("drafts/old",), "drafts/old/deep/a.md", True),
        (("drafts/old",), "other/drafts/old/a.md", False),
        (("./drafts/old/",), "drafts/old/a.md", True),
        (("**/tmp",), "a/b/tmp/x.md", True),
        (("",), "a.md", False),
        # gitignore semantics (issue 15): `*` stays within one directory
        (("drafts/*.md",), "drafts/a.md", True),
        (("drafts/*.md",), "drafts/old/a.md", False),
        (("drafts/**/*.md",), "drafts/old/deep/a.md", True),
        (("/top.md",), "top.md", True),
        (("/top.md",), "desk/top.md", False),
        (("archive/**",), "archive/2019/a.md", True),
        (("*.txt", "!keep.txt"), "notes/keep.txt", False),
        (("*.txt", "!keep.txt"), "notes/other.txt", True),
        (("archive", "!archive/keep.md"), "archive/keep.md", True),
    ],
)
def test_exclude_globs(
    tmp_path: Path, patterns: tuple[str, ...], path: str, excluded: bool
) -> None:
    config = Config(file=tmp_path / ".facts.yaml", exclude=patterns)
    assert config.is_excluded(tmp_path / path) is excluded


def test_exclude_patterns_follow_gitignore_in_a_directory_walk(tmp_path: Path) -> None:
    for name in ("a.md", "old/b.md", "build/c.md", "sub/build", "sub/d.md"):
        _write(tmp_path / "drafts" / name, "Text.\n")
    config = Config(file=tmp_path / ".facts.yaml", exclude=("drafts/*.md", "build/"))
    found = find_documents(str(tmp_path / "drafts"), is_excluded=config.is_excluded)
    # `build/` names directories only; the file sub/build is no document anyway
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == [
        "drafts/old/b.md",
        "drafts/sub/d.md",
    ]
    assert config.is_excluded(tmp_path / "drafts" / "build")
    assert not config.is_excluded(tmp_path / "drafts" / "sub" / "build")


def test_exclude_ignores_paths_outside_the_config_root(tmp_path: Path) -> None:
    config = Config(file=tmp_path / "repo" / ".facts.yaml", exclude=("*",))
    assert not config.is_excluded(tmp_path / "elsewhere" / "a.md")


def test_exclude_without_a_config_file_excludes_nothing(tmp_path: Path) -> None:
    assert not Config(exclude=("*",)).is_excluded(tmp_path / "a.md")
