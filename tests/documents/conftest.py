"""Fixtures for document tests: a throw-away signing certificate configured through settings."""

from __future__ import annotations

import pytest

from documents.engine.signing import create_self_signed_p12, export_certificate_pem

# The award round's fixtures (tests/rewards) also set up the award documents tested here.
from tests.rewards.conftest import accepted, configured, form_xa, kpi_log, nominate  # noqa: F401


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
    from demo import samples
    from documents.engine import DocumentFile, render
    from documents.kinds import DocumentKind
    from tanbinh_portal.roles import CHAIRMAN, MANAGERS
    from tests.documents.helpers import install_kind

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
        install_kind(
            monkeypatch,
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


SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "tanbinh-test"
TOKEN_PIN = "246810"
TOKEN_KEY_LABEL = "chu-ky-ubnd"


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    """A SoftHSM2 token holding an RSA key and its certificate, as a USB token or HSM would.

    Returns the folder whose ``trust/`` holds the token's certificate."""
    import os
    import shutil
    import subprocess
    from pathlib import Path

    if not Path(SOFTHSM_MODULE).is_file() or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed (bash scripts/system-deps.sh --test)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    # Read by the library when it is first loaded in this process: set before any PKCS#11 call.
    os.environ["SOFTHSM2_CONF"] = str(config)
    subprocess.run(  # noqa: S603 - fixed arguments, test-only tool
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", TOKEN_PIN, "--so-pin", "13579111"],
        check=True,
        capture_output=True,
    )
    _load_key_onto_token(folder)
    return folder


def _load_key_onto_token(folder) -> None:
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pkcs11 import Attribute
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    p12 = folder / "token-source.p12"
    create_self_signed_p12(p12, b"x", common_name="Token signer")
    key, certificate, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), b"x")
    p12.unlink()  # the key now lives only on the token
    key_der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    cert_der = certificate.public_bytes(serialization.Encoding.DER)
    token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=TOKEN_LABEL)
    common = {Attribute.LABEL: TOKEN_KEY_LABEL, Attribute.ID: b"\x01", Attribute.TOKEN: True}
    with token.open(rw=True, user_pin=TOKEN_PIN) as session:
        session.create_object(
            {**decode_rsa_private_key(key_der), **common, Attribute.SIGN: True, Attribute.SENSITIVE: True}
        )
        session.create_object({**decode_x509_certificate(cert_der), **common})
    (folder / "trust").mkdir()
    (folder / "trust" / "token-signer.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


@pytest.fixture
def token_signing(settings, softhsm_token):
    """Signing through PKCS#11 with the SoftHSM2 token; its certificate on the trust list."""
    settings.SIGNING_KEY_STORE = "pkcs11"
    settings.SIGNING_PKCS11_MODULE = SOFTHSM_MODULE
    settings.SIGNING_PKCS11_TOKEN_LABEL = TOKEN_LABEL
    settings.SIGNING_PKCS11_KEY_LABEL = TOKEN_KEY_LABEL
    settings.SIGNING_TRUST_ROOTS = [str(softhsm_token / "trust")]
    return TOKEN_PIN
