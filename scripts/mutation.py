"""Mutation testing, one target at a time: ``make mutation TARGET=compute`` (or several, or all).

The targets, their modules and the tests that cover them are configured in ONE place, pyproject.toml
``[tool.mutation.targets.<name>]`` (``modules``, ``tests``, and ``equivalent``: mutant name -> why it
cannot be told apart from the original). Shared mutmut settings are in ``[tool.mutmut]``. For each
target this script starts mutmut 3 on a fresh ``mutants/`` copy with only that target's modules
mutated and only its tests run, then prints mutants, killed, survived, equivalent and the score
(killed / (mutants - equivalent)). The method and the last scores: docs/benchmarks.md, "Mutation testing".
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLED = {1, 3}  # pytest: tests failed / internal error
TIMEOUT = {36, -24, 24, 152, 255}


def load_targets() -> dict[str, dict]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return data["tool"]["mutation"]["targets"]


def run_mutmut(target: dict, args: list[str]) -> int:
    """Run mutmut in this process with the target's modules and tests in place of the config's."""
    import mutmut.configuration as configuration
    from mutmut.__main__ import cli

    overrides = {"only_mutate": list(target["modules"]), "pytest_add_cli_args_test_selection": list(target["tests"])}
    base_reader = configuration._config_reader

    def reader():
        read = base_reader()
        return lambda key, default: overrides[key] if key in overrides else read(key, default)

    configuration._config_reader = reader
    configuration.reset_config()
    try:
        cli.main(args=args, prog_name="mutmut", standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def exit_codes(target: dict) -> dict[str, int | None]:
    """mutmut's result per mutant of the target's functions, from its files (mutants/<module>.meta)."""
    codes: dict[str, int | None] = {}
    for module in target["modules"]:
        meta = ROOT / "mutants" / f"{module}.meta"
        found = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        codes.update({mutant: code for mutant, code in found.items() if selected(target, mutant)})
    return codes


def not_killed(target: dict) -> list[str]:
    """Survivors, timeouts and mutants not yet tested; not those listed as equivalent."""
    equivalent = target.get("equivalent", {})
    return sorted(m for m, code in exit_codes(target).items() if code not in KILLED and m not in equivalent)


def selected(target: dict, mutant: str) -> bool:
    return any(fnmatch.fnmatchcase(mutant, pattern) for pattern in target.get("functions", ["*"]))


def summary(name: str, target: dict) -> dict:
    """Counts from mutmut's result files, for the target's functions only."""
    codes = exit_codes(target)
    equivalent = target.get("equivalent", {})
    killed = sorted(m for m, c in codes.items() if c in KILLED)
    timeouts = sorted(m for m, c in codes.items() if c in TIMEOUT)
    untested = sorted(m for m, c in codes.items() if c is None)
    survived = sorted(
        m for m, c in codes.items() if c is not None and c not in KILLED | TIMEOUT and m not in equivalent
    )
    listed = sorted(m for m in equivalent if m in codes and codes[m] is not None and codes[m] not in KILLED)
    stale = sorted(m for m in equivalent if m not in codes or codes[m] in KILLED)
    countable = len(codes) - len(listed) - len(untested)
    # A timeout is a kill: the mutant made the tests hang (an endless loop), which a run would notice.
    score = 100.0 * (len(killed) + len(timeouts)) / countable if countable else 100.0
    return {
        "target": name,
        "mutants": len(codes),
        "killed": len(killed),
        "timeout": len(timeouts),
        "survived": survived,
        "not_tested": untested,
        "equivalent": listed,
        "stale_equivalent": stale,
        "score": round(score, 1),
    }


def report(result: dict) -> None:
    print(
        f"\n== {result['target']}: {result['mutants']} mutants, {result['killed']} killed, "
        f"{result['timeout']} timed out, {len(result['survived'])} survived, "
        f"{len(result['equivalent'])} equivalent, {len(result['not_tested'])} not tested (run stopped); "
        f"score {result['score']}%"
    )
    for mutant in result["survived"]:
        print(f"   survived: {mutant}   (see: {sys.executable} -m mutmut show {mutant}, from the project root)")
    for mutant in result["stale_equivalent"]:
        print(f"   listed as equivalent but killed or gone (remove it from pyproject.toml): {mutant}")


def main() -> int:
    targets = load_targets()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help=f"any of {', '.join(targets)}; none = all, one after another")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATION_JOBS", "1")))
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ (mutmut's cache) instead of a fresh copy")
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="keep mutants/ and test again only the mutants the last run did not kill (after adding tests)",
    )
    parser.add_argument(
        "--mutant", action="append", default=[], help="keep mutants/ and test only this mutant (repeatable)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--_inner", help=argparse.SUPPRESS)
    options = parser.parse_args()
    os.chdir(ROOT)
    if options._inner:
        target = targets[options._inner]
        chosen = options.mutant or (not_killed(target) if options.survivors else target.get("functions", []))
        if options.survivors and not chosen:
            return 0
        return run_mutmut(target, ["run", "--max-children", str(options.jobs), *chosen])
    unknown = [name for name in options.targets if name not in targets]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(targets)}")
    results, failed = [], False
    for name in options.targets or list(targets):
        database = ROOT / "var" / "mutation-tests.sqlite3"
        if not (options.keep or options.survivors or options.mutant):
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
            database.unlink(missing_ok=True)
        database.parent.mkdir(exist_ok=True)
        # mutmut forks workers from its own process: one fresh process per target keeps targets apart.
        # The test database is a file kept between the per-mutant sessions (tests/settings.py): with
        # jobs > 1 the sessions would share it, so use jobs > 1 only for targets whose tests need no database.
        inner = [sys.executable, __file__, "--_inner", name, "--jobs", str(options.jobs)]
        inner += ["--survivors"] if options.survivors else []
        inner += [f"--mutant={mutant}" for mutant in options.mutant]
        env = {**os.environ, "DEBUG": "true", "MUTATION_TEST_DB": str(database)}
        code = subprocess.call(inner, env=env)  # noqa: S603  # nosec B603
        if code != 0:
            print(f"mutmut failed on {name} (exit code {code})", file=sys.stderr)
            failed = True
            continue
        results.append(summary(name, targets[name]))
        report(results[-1])
    if options.json:
        options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
