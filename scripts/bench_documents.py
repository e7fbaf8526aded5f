#!/usr/bin/env python
"""Time the district bundle for N nominees in one process (one worker's work), from sample data.

    .venv/bin/python scripts/bench_documents.py [--nominees 50] [--out DIR]

Renders the tờ trình with its list, the council minutes, one báo cáo thành tích per nominee and the
summary report, then merges, lists, manifests, signs (throw-away certificate) and zips them, and
verifies the result. Prints the time of each step; exits 1 when the total exceeds the 20 s goal.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 20.0


def setup_django(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("VAR_DIR", str(workdir / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanbinh_portal.settings")
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nominees", type=int, default=50)
    parser.add_argument("--out", help="folder to write ho-so-trinh-huyen.zip into")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-documents-"))
    setup_django(workdir)

    from django.conf import settings

    from demo import samples
    from documents.engine import DocumentFile, render
    from documents.engine.bundle import build_bundle, verify_bundle
    from documents.engine.signing import create_self_signed_p12, export_certificate_pem

    p12 = workdir / "bench.p12"
    create_self_signed_p12(p12, b"bench", common_name="Benchmark signer")
    settings.SIGNING_P12_PATH, settings.SIGNING_P12_PASSPHRASE = str(p12), "bench"
    # Verification trusts only the trust list: put the throw-away certificate on it.
    settings.SIGNING_TRUST_ROOTS = [str(export_certificate_pem(p12, b"bench", workdir / "trust" / "bench.pem"))]

    lines = samples.nominees(args.nominees)
    timings: list[tuple[str, float]] = []
    start = time.perf_counter()

    def step(label: str, began: float) -> float:
        now = time.perf_counter()
        timings.append((label, now - began))
        return now

    t = time.perf_counter()
    files = [
        DocumentFile(
            "to-trinh-de-nghi-khen-thuong.pdf", "Tờ trình", render.render_submission(samples.submission(len(lines)))
        ),
    ]
    t = step("Tờ trình + danh sách", t)
    files.append(
        DocumentFile(
            "bien-ban-hop-hoi-dong.pdf", "Biên bản", render.render_council_minutes(samples.council_minutes(len(lines)))
        )
    )
    t = step("Biên bản họp Hội đồng", t)
    for line in lines:
        files.append(
            DocumentFile(
                f"bao-cao-thanh-tich/{line.number:02d}.pdf",
                f"Báo cáo thành tích – {line.name}",
                render.render_achievement_report(samples.achievement_report(line)),
            )
        )
    t = step(f"{len(lines)} báo cáo thành tích", t)
    files.append(
        DocumentFile("bao-cao-tong-ket.pdf", "Báo cáo tổng kết", render.render_summary_report(samples.summary_report()))
    )
    t = step("Báo cáo tổng kết", t)
    bundle = build_bundle(
        files, title="Benchmark", bundle_list=samples.bundle_list(lines), sign=True, location="Tân Bình"
    )
    t = step("Gộp, danh sách XLSX, manifest, ký số, ZIP", t)
    total = time.perf_counter() - start
    report = verify_bundle(bundle.zip)
    step("Kiểm tra (không tính vào tổng)", t)

    for label, seconds in timings:
        print(f"{label:<45} {seconds:6.2f} s")
    print(f"{'TỔNG (tạo hồ sơ)':<45} {total:6.2f} s  (mục tiêu < {GOAL_SECONDS:.0f} s)")
    print(
        f"Số tệp: {len(files)}; PDF gộp {len(bundle.pdf) / 1e6:.1f} MB; ZIP {len(bundle.zip) / 1e6:.1f} MB; "
        f"hợp lệ: {report.ok}"
    )
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "ho-so-trinh-huyen.zip").write_bytes(bundle.zip)
        (out / "ho-so-trinh-huyen.pdf").write_bytes(bundle.pdf)
    return 0 if report.ok and total < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
