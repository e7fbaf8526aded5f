"""Known-vulnerability audit of our pinned dependencies (pip-audit, PyPI's vulnerability data).

Runs pip-audit twice: over requirements.txt + requirements-dev.txt (our exact pins) and over the
installed virtualenv (which adds the transitive dependencies). Exit status:

* 1 when a vulnerability is found that is not ignored in ``IGNORED`` (each ignore is explained in
  docs/decisions.md);
* 0 otherwise, including when no vulnerability data could be reached at all: then it says so loudly,
  because "nothing found" and "nothing checked" must never look alike.

Usage: ``python scripts/audit_deps.py`` (``.ci/run`` calls it).
"""

from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Vulnerability ids we accept knowingly, each with its reason in docs/decisions.md ("pip-audit").
IGNORED: dict[str, str] = {}


def run_audit(extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--vulnerability-service", "pypi", "--progress-spinner", "off"]
        command += [arg for vuln in IGNORED for arg in ("--ignore-vuln", vuln)]
        command += ["--format", "json", "--output", str(report), *extra]
        # A fixed argument list built from constants, no shell.
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
        if not report.exists():
            print(done.stdout + done.stderr, file=sys.stderr)
            return {"error": f"pip-audit exited {done.returncode} without a report"}
        return json.loads(report.read_text())


def summarise(label: str, data: dict) -> tuple[int, int, int]:
    """Print the findings of one run; return (audited, skipped, vulnerable)."""
    if "error" in data:
        print(f"pip-audit [{label}]: {data['error']}")
        return 0, 0, 0
    audited = skipped = vulnerable = 0
    for dep in data.get("dependencies", []):
        if dep.get("skip_reason"):
            skipped += 1
            continue
        audited += 1
        for vuln in dep.get("vulns", []):
            vulnerable += 1
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"pip-audit [{label}]: {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
    print(f"pip-audit [{label}]: {audited} audited, {skipped} not audited, {vulnerable} vulnerabilities")
    return audited, skipped, vulnerable


def main() -> int:
    pins = ["-r", "requirements.txt", "-r", "requirements-dev.txt", "--no-deps", "--disable-pip"]
    totals = [summarise("requirements", run_audit(pins)), summarise("virtualenv", run_audit([]))]
    audited = sum(t[0] for t in totals)
    vulnerable = sum(t[2] for t in totals)
    if vulnerable:
        print("pip-audit: known vulnerabilities: upgrade the pin, or explain and ignore (docs/decisions.md).")
        return 1
    if not audited:
        print(
            "pip-audit: NO VULNERABILITY DATA REACHED - not one package was audited (PyPI's per-version JSON "
            "API, which carries the vulnerabilities, is not served to this machine). This is NOT a clean result."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
