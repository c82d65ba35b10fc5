"""Performance benchmark for `facts` (issue 6): prints a table of figures.

    .venv/bin/python benchmarks/run.py            # full run (several minutes)
    .venv/bin/python benchmarks/run.py --quick    # smaller sizes (about a minute)
    .venv/bin/python benchmarks/run.py --profile 10   # cProfile the engine on the corpus

Inputs are generated deterministically (fixed seed, see corpus.py) into a
temporary directory.  Subprocesses run with the claims cache and Python's
bytecode cache in that directory, so the numbers do not depend on (or touch)
the user's caches.  See README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import drafted  # noqa: E402

PACKAGE_DATA = ROOT / "src" / "abduction_facts" / "data"
STATEMENT = "Japan has identified 13 of its citizens as abducted by North Korea."


@dataclass(frozen=True)
class Sizes:
    big: int  # "100k" corpus
    mid: int  # "50k" corpus (first half of big)
    small: int  # "10k" corpus
    bases: tuple[int, ...]  # synthetic claims bases
    sample: int  # sentences judged in-process per base
    passes: int  # judge passes over the sample
    startup_runs: int
    throughput_runs: int
    jobs_files: int
    jobs_runs: int


FULL = Sizes(100_000, 50_000, 10_000, (1_000, 10_000), 5_000, 3, 5, 3, 8, 3)
QUICK = Sizes(20_000, 10_000, 2_000, (1_000, 3_000), 1_000, 2, 3, 1, 8, 1)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def k(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# -- subprocess measurement ----------------------------------------------------------


def measure_child(out: str, cmd: Sequence[str]) -> None:
    """(runs in a fresh process) run cmd once; print wall time and peak RSS as JSON."""
    with open(out, "wb") as fh:
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, check=False)
        wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "maxrss_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
                "cpu": usage.ru_utime + usage.ru_stime,
                "rc": proc.returncode,
                "stderr": proc.stderr.decode("utf-8", "replace")[-2000:],
            }
        )
    )


def measured(cmd: Sequence[str], out: Path, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Wall time, CPU time and peak RSS of one run of cmd, in a fresh wrapper process
    (RUSAGE_CHILDREN of the wrapper sees only this command and its own children)."""
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--_measure", str(out), "--", *cmd]
    proc = subprocess.run(wrapper, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"measurement wrapper failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    if result["rc"] not in (0, 1):
        shown = " ".join(Path(c).name if os.sep in c else c for c in cmd)
        raise RuntimeError(f"{shown} exited {result['rc']}: {result['stderr'].strip()}")
    return result


def timed(cmd: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    """Wall time of one run of cmd (which must exit 0 or 1)."""
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        shown = " ".join(Path(c).name if os.sep in c else c for c in cmd)
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"{shown} exited {proc.returncode}: {message}")
    return wall


# -- in-process engine probe -------------------------------------------------------


def own_peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the
    parent that forked it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe_engine(claims: str, warmup: str, sample: str, passes: int) -> None:
    """(runs in a fresh process) load a base, build a Checker, time judge().

    One pass over `warmup` (other sentences of the corpus: the "first pass"
    figure, caches empty), then `passes` over `sample`, the same sentences for
    every base.  A Checker over the bundled base is built in the same process
    and timed on the same sample, alternating with the base under test, so
    that the ratio compares runs made side by side.
    """
    from abduction_facts.claims import load_claims
    from abduction_facts.engine import Checker

    def read(path: str) -> list[str]:
        with open(path, encoding="utf-8") as fh:
            return [line.rstrip("\n") for line in fh if line.strip()]

    def timed_pass(checker: Any, items: list[str]) -> tuple[float, float, dict[str, int]]:
        # why: CPU time of this process, so that other processes' load does
        # not count (wall time is kept beside it)
        verdicts: dict[str, int] = {}
        # why: the checker remembers recent judgements; a pass over sentences it
        # has judged before would time lookups, not judging
        checker.forget_judgements()
        t0, w0 = time.process_time(), time.perf_counter()
        for line in items:
            judgement = checker.judge(line)
            v = str(getattr(judgement.verdict, "value", judgement.verdict))
            verdicts[v] = verdicts.get(v, 0) + 1
        return time.process_time() - t0, time.perf_counter() - w0, verdicts

    warm_lines, lines = read(warmup), read(sample)
    start = time.perf_counter()
    base = load_claims(None if claims == "bundled" else claims)
    loaded = time.perf_counter()
    checker = Checker(base)
    built = time.perf_counter()
    cold, _, _ = timed_pass(checker, warm_lines)
    reference = checker if claims == "bundled" else Checker(load_claims())
    if reference is not checker:
        timed_pass(reference, warm_lines)
    times: list[float] = []
    walls: list[float] = []
    ratios: list[float] = []
    verdicts: dict[str, int] = {}
    for _ in range(passes):
        cpu, wall, verdicts = timed_pass(checker, lines)
        ref_cpu = cpu if reference is checker else timed_pass(reference, lines)[0]
        times.append(cpu)
        walls.append(wall)
        ratios.append(cpu / ref_cpu)
    print(
        json.dumps(
            {
                "claims": len(base.claims),
                "entities": len(base.entities),
                "load_s": loaded - start,
                "build_s": built - loaded,
                "cold_us": cold / len(warm_lines) * 1e6,
                "passes_s": times,
                "us": statistics.median(times) / len(lines) * 1e6,
                "wall_us": statistics.median(walls) / len(lines) * 1e6,
                "ratio_to_bundled": statistics.median(ratios),
                "sentences": len(lines),
                "verdicts": verdicts,
                "maxrss_mb": own_peak_rss_mb(),
            }
        )
    )


# -- the plain fuzzy matcher baseline (issues 3 and 6) --------------------------------


def source_texts() -> list[str]:
    """The two articles (the bundled copies of ../shared/sources)."""
    folder = PACKAGE_DATA / "sources"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def source_sentences() -> list[str]:
    return corpus.source_sentences(source_texts())


def baseline(path: Path, sources: list[str]) -> tuple[float, int, int, float]:
    """Best token_set_ratio of each sentence (line) against the articles' sentences,
    threshold 70.  Returns (wall seconds, sentences, matched, CPU seconds)."""
    from rapidfuzz import fuzz, process

    cpu = time.process_time()
    start = time.perf_counter()
    n = matched = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            sentence = line.strip()
            if not sentence:
                continue
            n += 1
            best = process.extractOne(sentence, sources, scorer=fuzz.token_set_ratio)
            if best is not None and best[1] >= 70:
                matched += 1
    return time.perf_counter() - start, n, matched, time.process_time() - cpu


# -- inputs ---------------------------------------------------------------------------


@dataclass
class Inputs:
    root: Path
    corpus: dict[int, Path] = field(default_factory=dict)  # sentences -> file
    lines: dict[int, int] = field(default_factory=dict)
    sample: Path | None = None
    warmup: Path | None = None
    bases: dict[int, Path] = field(default_factory=dict)  # claims -> claims.yaml
    drafted: Path | None = None  # a base drafted by `facts suggest` from real articles
    drafted_info: dict[str, int] = field(default_factory=dict)
    job_files: list[Path] = field(default_factory=list)


def make_inputs(root: Path, sizes: Sizes) -> Inputs:
    import yaml

    doc = yaml.safe_load((PACKAGE_DATA / "claims.yaml").read_text(encoding="utf-8"))
    texts = source_texts()
    inputs = Inputs(root)
    t0 = time.perf_counter()
    items = corpus.sentences(sizes.big, texts)
    for n in sorted({sizes.big, sizes.mid, sizes.small}):
        path = root / f"corpus-{k(n)}.txt"
        corpus.write_text(path, items[:n])
        inputs.corpus[n] = path
        inputs.lines[n] = n
    rng = random.Random(corpus.SEED + 2)
    drawn = rng.sample(items, min(2 * sizes.sample, len(items)))
    inputs.warmup = root / "warmup.txt"
    inputs.warmup.write_text("\n".join(drawn[: sizes.sample]) + "\n", encoding="utf-8")
    inputs.sample = root / "sample.txt"
    inputs.sample.write_text("\n".join(drawn[sizes.sample :]) + "\n", encoding="utf-8")
    mid = items[: sizes.mid]
    per = len(mid) // sizes.jobs_files
    for i in range(sizes.jobs_files):
        path = root / "jobs" / f"part-{i + 1}.txt"
        path.parent.mkdir(exist_ok=True)
        corpus.write_text(path, mid[i * per : (i + 1) * per])
        inputs.job_files.append(path)
    t1 = time.perf_counter()
    for total in sizes.bases:
        grown = corpus.claims_base(doc, total)
        inputs.bases[total] = corpus.write_claims(
            grown, root / f"claims-{k(total)}", PACKAGE_DATA / "sources"
        )
    inputs.drafted, inputs.drafted_info = drafted.drafted_base(
        max(sizes.bases), root / f"claims-{k(max(sizes.bases))}-drafted"
    )
    t2 = time.perf_counter()
    log(f"inputs: corpus {t1 - t0:.1f} s, claims bases {t2 - t1:.1f} s, in {root}")
    return inputs


# -- the run --------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    name: str
    value: str
    detail: str = ""


@dataclass
class Target:
    name: str
    measured: str
    goal: str
    ok: bool | None  # None: informational


def child_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")  # bytecode cached, outside the repo
    env["FACTS_CACHE_DIR"] = str(tmp / "facts-cache")
    env["XDG_CACHE_HOME"] = str(tmp / "xdg-cache")
    env.pop("FACTS_NO_CACHE", None)
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    return env


def files_under(*dirs: Path) -> list[Path]:
    return sorted(p for d in dirs if d.exists() for p in d.rglob("*") if p.is_file())


def facts_exe() -> str:
    exe = Path(sys.executable).parent / "facts"
    if exe.exists():
        return str(exe)
    found = shutil.which("facts")
    if not found:
        raise SystemExit("facts executable not found (run with the project's .venv/bin/python)")
    return found


def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "src"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if dirty:
            commit += " + uncommitted changes in src/"
    except OSError:
        commit = "?"
    return {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
        "loadavg_start": os.getloadavg(),
    }


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def run(sizes: Sizes, tmp: Path, quick: bool) -> dict[str, Any]:
    info = machine()
    log(
        f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"load average {info['loadavg_start'][0]:.2f}"
    )
    inputs = make_inputs(tmp, sizes)
    env = child_env(tmp)
    work = tmp / "cwd"
    work.mkdir(exist_ok=True)
    facts = facts_exe()
    rows: list[Row] = []
    targets: list[Target] = []
    figures: dict[str, Any] = {"sizes": sizes.__dict__, "machine": info}

    # 1. start-up -------------------------------------------------------------------
    def section_startup() -> None:
        log("start-up ...")
        cache_dirs = (tmp / "facts-cache", tmp / "xdg-cache")
        cmds: dict[str, list[str]] = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "facts --version": [facts, "--version"],
            "facts check <statement>": [facts, "check", STATEMENT],
        }
        # the very first run fills the bytecode and claims caches
        first_run = timed(cmds["facts check <statement>"], env, work)
        for cmd in cmds.values():  # warm the OS file cache
            timed(cmd, env, work)
        cache_files = files_under(*cache_dirs)
        samples: dict[str, list[float]] = {name: [] for name in cmds}
        no_cache_env = dict(env, FACTS_NO_CACHE="1")
        samples["facts check <statement> (FACTS_NO_CACHE=1)"] = []
        for _ in range(sizes.startup_runs):  # interleaved, so drift hits every command alike
            for name, cmd in cmds.items():
                samples[name].append(timed(cmd, env, work))
            samples["facts check <statement> (FACTS_NO_CACHE=1)"].append(
                timed(cmds["facts check <statement>"], no_cache_env, work)
            )
        base_s = median(samples["python -c pass"])
        fastest = min(samples["python -c pass"])
        startup = {name: median(xs) for name, xs in samples.items()}
        for name, xs in samples.items():
            m = median(xs)
            runs = ", ".join(f"{x * 1000:.0f}" for x in xs)
            rows.append(
                Row(
                    "start-up",
                    name,
                    f"{m * 1000:.0f} ms",
                    f"{m / base_s:.1f}x python -c pass (fastest runs: {min(xs) / fastest:.1f}x); "
                    f"runs {runs} ms",
                )
            )
        rows.append(
            Row(
                "start-up",
                "very first run (empty caches)",
                f"{first_run * 1000:.0f} ms",
                "compiles bytecode and builds the claims cache, if any",
            )
        )
        where = sorted({str(p.relative_to(tmp)).split("/")[0] for p in cache_files})
        cache_note = (
            f"claims cache present: {len(cache_files)} file(s), "
            f"{sum(p.stat().st_size for p in cache_files) / 1024:.0f} KiB in {', '.join(where)}"
            if cache_files
            else "no claims cache written"
        )
        rows.append(Row("start-up", "claims cache", "yes" if cache_files else "no", cache_note))
        ratio = startup["facts check <statement>"] / base_s
        check_ms = startup["facts check <statement>"] * 1000
        figures["startup"] = {
            "median_s": startup,
            "runs": samples,
            "first_run_s": first_run,
            "cache_files": [str(p) for p in cache_files],
        }
        targets.append(
            Target(
                'cold start `facts check "<statement>"`',
                f"{ratio:.1f}x python -c pass ({check_ms:.0f} ms)",
                "<= 12x (~0.2 s)",
                ratio <= 12,
            )
        )
        targets.append(
            Target(
                "cold start `facts --version`",
                f"{startup['facts --version'] / base_s:.1f}x python -c pass "
                f"({startup['facts --version'] * 1000:.0f} ms)",
                "(info)",
                None,
            )
        )

    # 2. throughput and peak RSS --------------------------------------------------------
    def section_throughput() -> None:
        sources = source_sentences()
        baselines: dict[int, list[tuple[float, int, int, float]]] = {sizes.mid: [], sizes.big: []}

        def check_file(n: int, fmt: str, runs: int, *options: str) -> dict[str, Any]:
            path = inputs.corpus[n]
            out = tmp / f"out-{k(n)}{''.join(options).replace('-', '')}.{fmt}"
            cmd = [facts, "check", "--format", fmt, *options, str(path)]
            results = []
            for i in range(runs):
                label = " ".join(["--format", fmt, *options])
                log(f"facts check {label} corpus-{k(n)} ({i + 1}/{runs}) ...")
                results.append(measured(cmd, out, env, work))
                if fmt == "json" and n in baselines and not options:
                    # why: alternate with the baseline so that load from other
                    # processes on the machine hits both alike
                    log(f"plain fuzzy matcher on corpus-{k(n)} ({i + 1}/{runs}) ...")
                    baselines[n].append(baseline(path, sources))
            sentences = None
            if fmt == "json":
                with out.open(encoding="utf-8") as fh:
                    sentences = json.load(fh)["summary"]
            walls = [r["wall"] for r in results]
            return {
                "wall_s": median(walls),
                "walls": walls,
                "cpu_s": median([r["cpu"] for r in results]),
                "maxrss_mb": median([r["maxrss_mb"] for r in results]),
                "summary": sentences,
                "output_bytes": out.stat().st_size,
            }

        runs_mid = sizes.throughput_runs
        json_mid = check_file(sizes.mid, "json", runs_mid)
        json_big = check_file(sizes.big, "json", 1)
        json_small = check_file(sizes.small, "json", max(1, runs_mid))
        # why: the default judges in one process per CPU; one process is shown beside it
        json_mid_one = check_file(sizes.mid, "json", runs_mid, "--jobs", "1")
        text_small = check_file(sizes.small, "text", 1)
        text_big = check_file(sizes.big, "text", 1)

        base_mid = baselines[sizes.mid]
        base_big = baselines[sizes.big][0]
        base_mid_s = median([b[0] for b in base_mid])
        base_mid_cpu = median([b[3] for b in base_mid])
        baseline_rate_mid = base_mid[0][1] / base_mid_s
        baseline_rate_big = base_big[1] / base_big[0]
        baseline_cpu = {sizes.mid: base_mid_cpu, sizes.big: base_big[3]}

        def rate(res: dict[str, Any], n: int) -> float:
            return n / res["wall_s"]

        engine_rate_mid = rate(json_mid, sizes.mid)
        engine_rate_big = rate(json_big, sizes.big)
        for n, res, brate in (
            (sizes.mid, json_mid, baseline_rate_mid),
            (sizes.big, json_big, baseline_rate_big),
        ):
            summ = res["summary"] or {}
            rows.append(
                Row(
                    "throughput",
                    f"facts check --format json, {k(n)} corpus",
                    f"{rate(res, n):,.0f} sentences/s",
                    f"wall {res['wall_s']:.2f} s (cpu {res['cpu_s']:.2f} s) for {n:,} lines; "
                    f"facts counted {summ.get('sentences', '?'):,} sentences: "
                    f"{summ.get('supported', '?')} supported, {summ.get('contradicted', '?')} "
                    f"contradicted; {rate(res, n) / brate:.2f}x the baseline "
                    f"({baseline_cpu[n] / res['cpu_s']:.2f}x by CPU time)",
                )
            )
        rows.append(
            Row(
                "throughput",
                f"facts check --format json --jobs 1, {k(sizes.mid)} corpus",
                f"{rate(json_mid_one, sizes.mid):,.0f} sentences/s",
                f"wall {json_mid_one['wall_s']:.2f} s (cpu {json_mid_one['cpu_s']:.2f} s); one "
                f"process; {rate(json_mid_one, sizes.mid) / baseline_rate_mid:.2f}x the baseline",
            )
        )
        rows.append(
            Row(
                "throughput",
                f"plain fuzzy matcher (in-process), {k(sizes.mid)} corpus",
                f"{baseline_rate_mid:,.0f} sentences/s",
                f"{base_mid_s:.2f} s (cpu {base_mid_cpu:.2f} s); extractOne token_set_ratio "
                f"over {len(sources)} "
                f"source sentences, >= 70: {base_mid[0][2]:,} matched",
            )
        )
        rows.append(
            Row(
                "throughput",
                f"plain fuzzy matcher (in-process), {k(sizes.big)} corpus",
                f"{baseline_rate_big:,.0f} sentences/s",
                f"{base_big[0]:.2f} s (cpu {base_big[3]:.2f} s)",
            )
        )
        ratio_mid = engine_rate_mid / baseline_rate_mid
        targets.append(
            Target(
                f"throughput on the {k(sizes.mid)} corpus vs plain fuzzy matcher",
                f"{ratio_mid:.2f}x ({engine_rate_mid:,.0f} vs {baseline_rate_mid:,.0f}/s)",
                ">= 3x",
                ratio_mid >= 3,
            )
        )
        targets.append(
            Target(
                f"throughput on the {k(sizes.mid)} corpus",
                f"{engine_rate_mid:,.0f} sentences/s",
                ">= 20,000 sentences/s",
                engine_rate_mid >= 20_000,
            )
        )
        one_rate = rate(json_mid_one, sizes.mid)
        targets.append(
            Target(
                f"same, --jobs 1 (one process), {k(sizes.mid)} corpus",
                f"{one_rate:,.0f} sentences/s, {one_rate / baseline_rate_mid:.2f}x the baseline",
                "(info)",
                None,
            )
        )
        targets.append(
            Target(
                f"throughput on the {k(sizes.big)} corpus",
                f"{engine_rate_big:,.0f} sentences/s",
                "(info)",
                None,
            )
        )

        for fmt, small, big in (("json", json_small, json_big), ("text", text_small, text_big)):
            r = big["maxrss_mb"] / small["maxrss_mb"]
            rows.append(
                Row(
                    "memory",
                    f"peak RSS, --format {fmt}",
                    f"{small['maxrss_mb']:.0f} MB at {k(sizes.small)} -> "
                    f"{big['maxrss_mb']:.0f} MB at {k(sizes.big)}",
                    f"ratio {r:.2f}; report {big['output_bytes'] / 1e6:.1f} MB",
                )
            )
            name = f"peak RSS {k(sizes.big)} / {k(sizes.small)} sentences (--format {fmt})"
            targets.append(
                Target(
                    name,
                    f"{r:.2f}x ({small['maxrss_mb']:.0f} -> {big['maxrss_mb']:.0f} MB)",
                    "<= 1.5x",
                    r <= 1.5,
                )
            )
        figures["throughput"] = {
            "json": {k(sizes.small): json_small, k(sizes.mid): json_mid, k(sizes.big): json_big},
            "json_jobs1": {k(sizes.mid): json_mid_one},
            "text": {k(sizes.small): text_small, k(sizes.big): text_big},
            "baseline": {
                k(sizes.mid): {"s": base_mid_s, "rate": baseline_rate_mid},
                k(sizes.big): {"s": base_big[0], "rate": baseline_rate_big},
            },
        }

    # 3. per-sentence cost by size of the claims base ------------------------------
    def section_claims_bases() -> None:
        probes: dict[str, dict[str, Any]] = {}
        drafted_label = f"{k(max(sizes.bases))} drafted"
        for label, path in (
            ("bundled", "bundled"),
            *((k(n), str(p)) for n, p in inputs.bases.items()),
            (drafted_label, str(inputs.drafted)),
        ):
            log(f"engine probe, {label} claims ...")
            proc = subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--_probe-engine",
                    path,
                    str(inputs.warmup),
                    str(inputs.sample),
                    str(sizes.passes),
                ],
                capture_output=True,
                text=True,
                env=env,
                cwd=work,
                check=False,
            )
            if proc.returncode != 0:
                raise RuntimeError(f"engine probe ({label}) failed: {proc.stderr[-3000:]}")
            probes[label] = json.loads(proc.stdout)
        bundled = probes["bundled"]

        b_us, b_cold = bundled["us"], bundled["cold_us"]
        for label, p in probes.items():
            v = p["verdicts"]
            rows.append(
                Row(
                    "claims base",
                    f"{p['claims']:,} claims ({label})",
                    f"{p['us']:,.0f} us/sentence",
                    f"{p['ratio_to_bundled']:.2f}x bundled side by side "
                    f"({p['us'] / b_us:.2f}x the bundled probe); CPU time, wall "
                    f"{p['wall_us']:,.0f} us; first pass {p['cold_us']:,.0f} us "
                    f"({p['cold_us'] / b_cold:.2f}x); load_claims {p['load_s']:.2f} s, "
                    f"Checker() {p['build_s']:.2f} s, RSS {p['maxrss_mb']:.0f} MB; "
                    f"{v.get('supported', 0)}/{v.get('contradicted', 0)}/{v.get('unverified', 0)} "
                    f"sup/con/unv of {p['sentences']:,}",
                )
            )
        big = probes[k(max(sizes.bases))]
        targets.append(
            Target(
                f"per-sentence cost, {big['claims']:,} claims vs bundled ({bundled['claims']})",
                f"{big['ratio_to_bundled']:.2f}x side by side ({big['us']:,.0f} vs "
                f"{big['us'] / big['ratio_to_bundled']:,.0f} us)",
                "<= 3x",
                big["ratio_to_bundled"] <= 3,
            )
        )
        real = probes[drafted_label]
        info = inputs.drafted_info
        targets.append(
            Target(
                f"per-sentence cost, {real['claims']:,} claims drafted by `facts suggest` from "
                f"{info['articles']} real articles ({info['drafted_claims']} drafted, repeated "
                f"under new ids) vs bundled",
                f"{real['ratio_to_bundled']:.2f}x side by side ({real['us']:,.0f} vs "
                f"{real['us'] / real['ratio_to_bundled']:,.0f} us)",
                "<= 3x",
                real["ratio_to_bundled"] <= 3,
            )
        )
        figures["claims_bases"] = probes
        figures["drafted_base"] = info

    # 4. --jobs ------------------------------------------------------------------------
    def section_jobs() -> None:
        jobs: dict[int, list[float]] = {1: [], 2: []}
        jobs_cpu: dict[int, list[float]] = {1: [], 2: []}
        for i in range(sizes.jobs_runs):
            for n in (1, 2):
                log(f"--jobs {n} on {len(inputs.job_files)} files ({i + 1}/{sizes.jobs_runs}) ...")
                res = measured(
                    [
                        facts,
                        "check",
                        "--format",
                        "json",
                        "--jobs",
                        str(n),
                        *map(str, inputs.job_files),
                    ],
                    tmp / f"out-jobs{n}.json",
                    env,
                    work,
                )
                jobs[n].append(res["wall"])
                jobs_cpu[n].append(res["cpu"])
        j1, j2 = median(jobs[1]), median(jobs[2])
        per_file = sizes.mid // sizes.jobs_files
        rows.append(
            Row(
                "parallel",
                f"--jobs 1, {sizes.jobs_files} files x {per_file:,} sentences",
                f"{j1:.2f} s",
                f"{sizes.jobs_files * per_file / j1:,.0f} sentences/s; "
                f"cpu {median(jobs_cpu[1]):.2f} s",
            )
        )
        rows.append(
            Row(
                "parallel",
                f"--jobs 2, {sizes.jobs_files} files x {per_file:,} sentences",
                f"{j2:.2f} s",
                f"{sizes.jobs_files * per_file / j2:,.0f} sentences/s; speed-up {j1 / j2:.2f}x; "
                f"cpu {median(jobs_cpu[2]):.2f} s (all processes)",
            )
        )
        targets.append(Target("--jobs 2 vs --jobs 1 speed-up", f"{j1 / j2:.2f}x", "(info)", None))
        figures["jobs"] = {"wall": jobs, "cpu": jobs_cpu}

    for title, section in (
        ("start-up", section_startup),
        ("throughput", section_throughput),
        ("claims base", section_claims_bases),
        ("parallel", section_jobs),
    ):
        try:
            section()
        except Exception as exc:  # why: report what was measured, and what broke
            log(f"{title}: FAILED: {exc}")
            rows.append(Row(title, "error", "n/a", str(exc).splitlines()[-1][:300]))
            targets.append(Target(f"{title}: could not be measured", "error", "", False))

    info["loadavg_end"] = os.getloadavg()
    figures["rows"] = [r.__dict__ for r in rows]
    figures["targets"] = [t.__dict__ for t in targets]
    report(rows, targets, info, sizes, quick)
    return figures


def report(
    rows: list[Row], targets: list[Target], info: dict[str, Any], sizes: Sizes, quick: bool
) -> None:
    print()
    print(f"facts benchmark ({'quick' if quick else 'full'}), {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(
        f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"{info['platform']}"
    )
    print(
        f"code: {info['commit']}; load average {info['loadavg_start'][0]:.2f} at start, "
        f"{info['loadavg_end'][0]:.2f} at end"
    )
    print()
    width = max(len(r.name) for r in rows)
    vwidth = max(len(r.value) for r in rows)
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            print(f"[{section}]")
        print(f"  {r.name:<{width}}  {r.value:>{vwidth}}  {r.detail}")
    print()
    tw = max(len(t.name) for t in targets)
    mw = max(len(t.measured) for t in targets)
    gw = max(len(t.goal) for t in targets)
    print(f"  {'speed target':<{tw}}  {'measured':<{mw}}  {'goal':<{gw}}  result")
    for t in targets:
        result = "info" if t.ok is None else ("PASS" if t.ok else "FAIL")
        print(f"  {t.name:<{tw}}  {t.measured:<{mw}}  {t.goal:<{gw}}  {result}")
    failed = sum(1 for t in targets if t.ok is False)
    print()
    print(f"{failed} of {sum(1 for t in targets if t.ok is not None)} targets failed")


# -- profile mode -------------------------------------------------------------------


def profile(sizes: Sizes, tmp: Path, seconds: float, claims: int | None) -> None:
    """cProfile the engine (segmentation + judging) on the mid corpus for `seconds`,
    against the bundled base or a synthetic one of `claims` claims."""
    texts = source_texts()
    path = tmp / f"corpus-{k(sizes.mid)}.txt"
    corpus.write_text(path, corpus.sentences(sizes.mid, texts))
    from abduction_facts.claims import load_claims
    from abduction_facts.engine import Checker
    from abduction_facts.segment import split_text

    claims_path = None
    if claims:
        import yaml

        doc = yaml.safe_load((PACKAGE_DATA / "claims.yaml").read_text(encoding="utf-8"))
        grown = corpus.claims_base(doc, claims)
        claims_path = corpus.write_claims(
            grown, tmp / f"claims-{k(claims)}", PACKAGE_DATA / "sources"
        )
    checker = Checker(load_claims(claims_path))
    print(f"claims: {len(checker.claims.claims):,}")
    n = 0
    prof = cProfile.Profile()
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    prof.enable()
    with path.open(encoding="utf-8") as fh:
        for _ in checker.check_sentences(split_text(fh), str(path)):
            n += 1
            if time.perf_counter() > deadline:
                break
    prof.disable()
    elapsed = time.perf_counter() - start
    print(
        f"{n:,} sentences in {elapsed:.1f} s under cProfile ({n / elapsed:,.0f}/s, "
        "profiled, so slower than real)"
    )
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(15)
    print(buf.getvalue())
    could_match = getattr(getattr(checker, "index", None), "could_match", None)
    if could_match is not None:
        with path.open(encoding="utf-8") as fh:
            texts = [sent.text for _, sent in zip(range(n), split_text(fh), strict=False)]
        passed = sum(1 for t in texts if could_match(t))
        print(
            f"prefilter: {passed:,} of {len(texts):,} sentences ({passed / len(texts):.0%}) pass "
            "checker.index.could_match and get full fact extraction"
        )


# -- main -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--_measure"]:
        measure_child(argv[1], argv[3:])
        return 0
    if argv[:1] == ["--_probe-engine"]:
        probe_engine(argv[1], argv[2], argv[3], int(argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (about a minute)")
    parser.add_argument("--keep", type=Path, help="generate inputs in this directory and keep it")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument(
        "--profile",
        type=float,
        metavar="SECONDS",
        help="only cProfile the engine on the mid-size corpus for SECONDS",
    )
    parser.add_argument(
        "--profile-claims",
        type=int,
        metavar="N",
        help="with --profile: use a synthetic base of N claims instead of the bundled one",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        tmp_ctx: Any = None
        tmp = args.keep
    else:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="facts-bench-")
        tmp = Path(tmp_ctx.name)
    try:
        if args.profile:
            profile(sizes, tmp, args.profile, args.profile_claims)
            return 0
        start = time.perf_counter()
        figures = run(sizes, tmp, args.quick)
        print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
