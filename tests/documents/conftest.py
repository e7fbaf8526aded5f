"""Fixtures for document tests: a throw-away signing certificate configured through settings."""

from __future__ import annotations

import pytest

from tanbinh_portal.signing import create_self_signed_p12


@pytest.fixture(scope="session")
def p12_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signing")
    path = folder / "test.p12"
    secret = folder / "test.pass"
    secret.write_text("test-passphrase\n", encoding="utf-8")
    create_self_signed_p12(path, b"test-passphrase", common_name="Test signer")
    return path, secret


@pytest.fixture
def signing_certificate(settings, p12_files):
    path, secret = p12_files
    settings.SIGNING_P12_PATH = str(path)
    settings.SIGNING_P12_PASSPHRASE = None
    settings.SIGNING_P12_PASSPHRASE_FILE = str(secret)
    return path
