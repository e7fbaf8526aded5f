"""Fixtures for document tests: a throw-away signing certificate configured through settings."""

from __future__ import annotations

import pytest

from tanbinh_portal.signing import create_self_signed_p12, export_certificate_pem


@pytest.fixture(scope="session")
def p12_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signing")
    path = folder / "test.p12"
    secret = folder / "test.pass"
    secret.write_text("test-passphrase\n", encoding="utf-8")
    create_self_signed_p12(path, b"test-passphrase", common_name="Test signer")
    export_certificate_pem(path, b"test-passphrase", folder / "trust" / "test-signer.pem")
    return path, secret


@pytest.fixture
def signing_certificate(settings, p12_files):
    """The test certificate signs, and the operator's trust list (a directory) holds it."""
    path, secret = p12_files
    settings.SIGNING_P12_PATH = str(path)
    settings.SIGNING_P12_PASSPHRASE = None
    settings.SIGNING_P12_PASSPHRASE_FILE = str(secret)
    settings.SIGNING_TRUST_ROOTS = [str(path.parent / "trust")]
    return path


_RENDERED: dict[str, bytes] = {}


@pytest.fixture
def sample_bundle_kinds(monkeypatch):
    """Registers sample tờ trình, biên bản, báo cáo thành tích and summary report kinds in the bundle,
    standing in for the ones the rewards and kpi apps will register."""
    from tanbinh_portal import documents
    from tanbinh_portal.documents import DocumentFile, DocumentKind, render, samples
    from tanbinh_portal.roles import CHAIRMAN, MANAGERS

    lines = samples.nominees(3)

    def one(path, title, renderer, data):
        def build(campaign, progress=None, sign=False):
            if path not in _RENDERED:  # the same sample bytes serve every test of the session
                _RENDERED[path] = renderer(data)
            return [DocumentFile(path, title, _RENDERED[path])]

        return build

    def reports(campaign, progress=None, sign=False):
        files = []
        for n in lines:
            path = f"bao-cao-thanh-tich/{n.number:02d}.pdf"
            if path not in _RENDERED:
                _RENDERED[path] = render.render_achievement_report(samples.achievement_report(n))
            files.append(DocumentFile(path, f"Báo cáo thành tích – {n.name}", _RENDERED[path]))
        return files

    kinds = [
        (
            "to-trinh-de-nghi-khen-thuong",
            1,
            one("to-trinh-de-nghi-khen-thuong.pdf", "Tờ trình", render.render_submission, samples.submission(3)),
        ),
        (
            "bien-ban-hop-hoi-dong",
            2,
            one(
                "bien-ban-hop-hoi-dong.pdf",
                "Biên bản họp Hội đồng",
                render.render_council_minutes,
                samples.council_minutes(3),
            ),
        ),
        ("bao-cao-thanh-tich", 3, reports),
        (
            "bao-cao-tong-ket",
            4,
            one("bao-cao-tong-ket.pdf", "Báo cáo tổng kết", render.render_summary_report, samples.summary_report()),
        ),
    ]
    for code, position, build in kinds:
        monkeypatch.setitem(
            documents._REGISTRY,
            code,
            DocumentKind(
                code=code,
                title=code,
                order=100 + position,
                build=build,
                view_roles=MANAGERS,
                generate_roles=(CHAIRMAN,),
                bundle_order=position,
                bundle_list=(lambda campaign: samples.bundle_list(lines)) if position == 1 else None,
                multi_file=code == "bao-cao-thanh-tich",
            ),
        )
    return [code for code, _, _ in kinds]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Generated files go to a temporary folder, not the project's var/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
