"""The demo's commands: create_demo_certificate, demo_accounts, and none of them under production settings."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

BASE_DIR = Path(__file__).resolve().parents[2]
DEMO_COMMANDS = ("seed_demo", "demo_accounts", "create_demo_certificate")


def _settings_env(tmp_path, **env) -> dict:
    """A clean environment for the real settings (tanbinh_portal.settings, not the tests'), plus ``env``."""
    base = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DEMO_DATA", "DATABASE_URL"}}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    return {
        **base,
        "SECRET_KEY": "x" * 50,
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tanbinh_portal.settings",
        **env,
    }


@pytest.mark.parametrize(
    ("env", "loaded"),
    [
        ({"DEBUG": "false"}, False),
        ({"DEBUG": "true"}, True),
        ({"DEBUG": "false", "DEMO_DATA": "true"}, True),
        ({"DEBUG": "true", "DEMO_DATA": "off"}, False),
    ],
)
def test_the_demo_app_is_loaded_with_demo_data_which_defaults_to_debug(tmp_path, env, loaded):
    code = "from tanbinh_portal import settings as s; print('demo' in s.INSTALLED_APPS, s.DEMO_DATA)"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=BASE_DIR, env=_settings_env(tmp_path, **env), capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(loaded), str(loaded)]


def test_production_settings_have_no_demo_command(tmp_path):
    """DEBUG=false without DEMO_DATA: `manage.py help` lists none of the demo's commands, seed_demo is unknown."""
    env = _settings_env(tmp_path, DEBUG="false")
    listing = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "help", "--commands"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert listing.returncode == 0, listing.stderr
    commands = set(listing.stdout.split())
    assert "render_documents" in commands and not commands & set(DEMO_COMMANDS)
    seed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "seed_demo"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert seed.returncode != 0 and "Unknown command: 'seed_demo'" in seed.stderr


def test_demo_accounts_refuses_without_demo_data(settings):
    settings.DEBUG = False
    settings.DEMO_DATA = False
    with pytest.raises(CommandError, match="DEMO_DATA"):
        call_command("demo_accounts", stdout=io.StringIO())


def test_demo_accounts_prints_every_account_with_its_place_and_the_password(settings, world):
    from demo.communes import demo_usernames

    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    lines = out.getvalue().splitlines()
    assert f"  Mật khẩu chung: {settings.DEMO_PASSWORD}" in lines
    by_name = {line.split()[0]: line for line in lines if line.startswith("  ") and "Mật khẩu" not in line}
    assert set(demo_usernames()) | {"admin"} <= set(by_name)
    assert "Xã Tân Bình · Chủ tịch UBND xã, Thành viên Hội đồng Thi đua – Khen thưởng" in by_name["chutich"]
    assert "Huyện Tân Biên · Phòng Nội vụ huyện" in by_name["noivu"]
    # The factory world holds Tân Bình only: the other communes' accounts say how to get them.
    assert "chạy manage.py seed_demo" in by_name["thanhtay.chutich"]


def test_create_demo_certificate_makes_a_usable_certificate_once(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("SIGNING_P12_PATH", raising=False)
    settings.SIGNING_P12_PATH = str(tmp_path / "signing" / "demo.p12")
    settings.SIGNING_P12_PASSPHRASE = None
    settings.SIGNING_P12_PASSPHRASE_FILE = str(tmp_path / "signing" / "demo.pass")
    call_command("create_demo_certificate", stdout=io.StringIO())
    first = (tmp_path / "signing" / "demo.p12").read_bytes()
    call_command("create_demo_certificate", stdout=io.StringIO())
    assert (tmp_path / "signing" / "demo.p12").read_bytes() == first
    from documents.engine.signing import load_signer

    assert load_signer().signing_cert is not None


def test_create_demo_certificate_puts_the_demo_certificate_on_the_demo_trust_list(settings, tmp_path, monkeypatch):
    from documents.engine.signing import load_signer, load_trust_roots

    settings.DEBUG = True
    monkeypatch.delenv("SIGNING_P12_PATH", raising=False)
    settings.SIGNING_P12_PATH = str(tmp_path / "signing" / "demo.p12")
    settings.SIGNING_P12_PASSPHRASE = None
    settings.SIGNING_P12_PASSPHRASE_FILE = str(tmp_path / "signing" / "demo.pass")
    settings.SIGNING_TRUST_ROOTS = [str(tmp_path / "signing" / "trust")]
    out = io.StringIO()
    call_command("create_demo_certificate", stdout=out)
    assert "danh sách tin cậy của bản chạy thử" in out.getvalue()
    [root] = load_trust_roots()
    assert root.certificate.sha256 == load_signer().signing_cert.sha256


def test_create_demo_certificate_leaves_an_operator_trust_list_alone(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("SIGNING_P12_PATH", raising=False)
    settings.SIGNING_P12_PATH = str(tmp_path / "signing" / "demo.p12")
    settings.SIGNING_P12_PASSPHRASE = None
    settings.SIGNING_P12_PASSPHRASE_FILE = str(tmp_path / "signing" / "demo.pass")
    settings.SIGNING_TRUST_ROOTS = [str(tmp_path / "ca.pem")]
    call_command("create_demo_certificate", stdout=io.StringIO())
    assert not (tmp_path / "signing" / "trust").exists()


def test_create_demo_certificate_does_nothing_in_production(settings, tmp_path, monkeypatch):
    """Loaded by hand on a production server (DEMO_DATA off), it still creates nothing."""
    monkeypatch.delenv("SIGNING_P12_PATH", raising=False)
    settings.DEBUG = False
    settings.DEMO_DATA = False
    settings.SIGNING_P12_PATH = str(tmp_path / "demo.p12")
    settings.SIGNING_P12_PASSPHRASE_FILE = str(tmp_path / "demo.pass")
    out = io.StringIO()
    call_command("create_demo_certificate", stdout=out)
    assert not (tmp_path / "demo.p12").exists() and "SIGNING_P12_PATH" in out.getvalue()
