"""The pre-commit set-ups of docs/ci.md work: run in a scratch git repository, offline.

The `local` hook is copied from docs/ci.md byte for byte into a new
repository's `.pre-commit-config.yaml`, and `pre-commit run --all-files` is
run with this environment's `bin/` first on PATH, as a user who installed
`facts` would have it. The remote form is validated by pre-commit itself
(config and `.pre-commit-hooks.yaml`), never cloned: that needs the network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "ci.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent

CONTRADICTED = "Japan has identified 13 of its citizens who were abducted by North Korean agents.\n"
CORRECT = "Japan has identified 17 of its citizens who were abducted by North Korean agents.\n"

_YAML_FENCE = re.compile(r"^```ya?ml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def precommit_section() -> str:
    text = DOCS.read_text("utf-8")
    start = text.index("\n## pre-commit\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def local_config_block() -> str:
    """The documented `.pre-commit-config.yaml` with the `local` hook, as written."""
    (block,) = (b for b in _YAML_FENCE.findall(precommit_section()) if "repo: local" in b)
    return block


def remote_entry_block() -> str:
    """The documented `repos` entry for the hook this repository ships."""
    (block,) = (b for b in _YAML_FENCE.findall(precommit_section()) if "repo: local" not in b)
    return block


def _tool(name: str) -> str:
    beside = BIN / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"`{name}` is not installed (pre-commit comes with the `test` extra)")
    return found


@pytest.fixture(scope="module")
def precommit() -> str:
    return _tool("pre-commit")


@pytest.fixture(scope="module")
def git() -> str:
    return _tool("git")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PATH=os.pathsep.join([str(BIN), env.get("PATH", "")]),
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        FACTS_CACHE_DIR=str(tmp_path / "facts-cache"),
        NO_COLOR="1",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    return env


def test_local_hook_is_the_offline_kind() -> None:
    config = yaml.safe_load(local_config_block())
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    assert hook["language"] == "system"
    assert hook["entry"] == "facts check"
    assert hook["types"] == ["markdown"]


def test_remote_entry_is_marked_as_placeholders() -> None:
    block = remote_entry_block()
    (entry,) = yaml.safe_load(block)
    assert "your-org" in entry["repo"]
    assert re.search(r"rev: .*# placeholder: a commit SHA .* or a tag you created", block)
    assert "v0.1.0" not in block
    shipped = {hook["id"] for hook in yaml.safe_load(HOOKS.read_text("utf-8"))}
    assert {hook["id"] for hook in entry["hooks"]} <= shipped


def test_precommit_accepts_the_documented_configs_and_the_shipped_hooks(
    precommit: str, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    local = tmp_path / "local.yaml"
    local.write_text(local_config_block(), "utf-8")
    remote = tmp_path / "remote.yaml"
    remote.write_text(
        "repos:\n" + "".join(f"  {line}\n" for line in remote_entry_block().splitlines()), "utf-8"
    )
    for args in (
        ["validate-config", str(local)],
        ["validate-config", str(remote)],
        ["validate-manifest", str(HOOKS)],
    ):
        done = subprocess.run(
            [precommit, *args], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)


def test_local_hook_fails_a_contradicted_draft_and_passes_a_correct_one(
    precommit: str, git: str, tmp_path: Path
) -> None:
    repo = tmp_path / "newsroom"
    repo.mkdir()
    env = _env(tmp_path)

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=repo, capture_output=True, text=True, env=env, timeout=120)

    assert run(git, "init", "-q").returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(local_config_block(), "utf-8")
    draft = repo / "draft.md"

    draft.write_text("# Abductions\n\n" + CONTRADICTED, "utf-8")
    assert run(git, "add", "-A").returncode == 0
    failed = run(precommit, "run", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "draft says 13 · source says 17" in failed.stdout

    draft.write_text("# Abductions\n\n" + CORRECT, "utf-8")
    assert run(git, "add", "-A").returncode == 0
    passed = run(precommit, "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
