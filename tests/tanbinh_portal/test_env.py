import pytest

from tanbinh_portal.env import EnvError, env_bool, env_int, env_list, parse_database_url


@pytest.mark.parametrize("raw,expected", [("true", True), ("1", True), ("YES", True), ("off", False), ("0", False)])
def test_env_bool_reads_clear_words(raw, expected):
    assert env_bool("X", not expected, environ={"X": raw}) is expected


def test_env_bool_uses_default_when_unset_or_blank():
    assert env_bool("X", True, environ={}) is True
    assert env_bool("X", False, environ={"X": "  "}) is False


@pytest.mark.parametrize("raw", ["ture", "2", "enabled", "y es"])
def test_env_bool_refuses_ambiguous_values(raw):
    with pytest.raises(EnvError):
        env_bool("DEBUG", False, environ={"DEBUG": raw})


def test_env_int_refuses_words_and_values_below_minimum():
    assert env_int("PORT", 8000, environ={"PORT": "8080"}) == 8080
    with pytest.raises(EnvError):
        env_int("PORT", 8000, environ={"PORT": "80a"})
    with pytest.raises(EnvError):
        env_int("PORT", 8000, minimum=1, environ={"PORT": "0"})


def test_env_list_refuses_empty_items():
    assert env_list("H", [], environ={"H": "a.vn, b.vn"}) == ["a.vn", "b.vn"]
    with pytest.raises(EnvError):
        env_list("H", [], environ={"H": "a.vn,,b.vn"})


def test_sqlite_url_with_absolute_path():
    config = parse_database_url("sqlite:////srv/portal/db.sqlite3").as_django()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/portal/db.sqlite3"


def test_postgres_url_with_user_port_and_options():
    config = parse_database_url("postgres://postgres:p%40ss@127.0.0.1:5432/tanbinh?sslmode=disable").as_django()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("tanbinh", "postgres", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("127.0.0.1", "5432")
    assert config["OPTIONS"] == {"sslmode": "disable"}


@pytest.mark.parametrize("url", ["mysql://x@h/db", "postgres://h:5432/", "sqlite://host/db", "sqlite://"])
def test_unusable_database_urls_are_refused(url):
    with pytest.raises(EnvError):
        parse_database_url(url)


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="false")
    result = subprocess.run(
        [sys.executable, "-c", "import tanbinh_portal.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_use_vietnamese_locale_and_timezone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


@pytest.mark.parametrize(("raw", "printed"), [("1", "true"), ("yes", "true"), ("true", "true"), ("0", "false")])
def test_the_makefile_reads_debug_through_the_same_rule_as_the_settings(raw, printed, monkeypatch, capsys):
    from tanbinh_portal.env import main

    monkeypatch.setenv("DEBUG", raw)
    assert main(["DEBUG"]) == 0
    assert capsys.readouterr().out.strip() == printed


def test_an_unreadable_debug_stops_make_instead_of_meaning_off(monkeypatch, capsys):
    from tanbinh_portal.env import main

    monkeypatch.setenv("DEBUG", "ture")
    assert main(["DEBUG"]) == 2
    assert "not a boolean" in capsys.readouterr().err


def test_the_makefile_asks_python_what_debug_means():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "python -m tanbinh_portal.env DEBUG" in makefile
    assert '"$(DEBUG)" =' not in makefile
