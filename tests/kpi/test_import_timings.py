"""The import logs how long each phase took (scripts/bench_kpi.py breaks the benchmark down by it)."""

import logging
import re

from tests.kpi.conftest import row


def test_an_applied_import_logs_every_phase(import_rows, caplog):
    with caplog.at_level(logging.INFO, logger="kpi.import"):
        record = import_rows([row("HS1"), row("HS2")])
    lines = [r.getMessage() for r in caplog.records if r.name == "kpi.import"]
    assert len(lines) == 1
    phases = re.findall(r"(\w+) (\d+\.\d\d) s", lines[0])
    assert lines[0].startswith(f"import {record.pk}: 2 rows, ")
    assert [name for name, _ in phases] == ["read", "parse", "load", "check", "upsert", "recompute"]


def test_a_rejected_import_logs_the_phases_it_ran(import_rows, caplog):
    with caplog.at_level(logging.INFO, logger="kpi.import"):
        import_rows([row("HS1", **{"Kênh nộp": "Zalo"})])
    (line,) = [r.getMessage() for r in caplog.records if r.name == "kpi.import"]
    assert re.findall(r"(\w+) \d+\.\d\d s", line) == ["read", "parse", "load", "check"]
