"""What operators install from (deploy/) agrees with what the portal expects of its proxy and processes.

These read the shipped files; scripts/nginx-smoke.sh (CI) runs them: Debian's nginx with the site in
front of gunicorn with its config.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml  # PyYAML, pinned in requirements-dev.txt
from django.conf import settings

from tanbinh_portal.upload_limits import FORM_OVERHEAD

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SITE = (DEPLOY / "nginx" / "tanbinh-portal.conf").read_text(encoding="utf-8")
UNITS = ("tanbinh-web.service", "tanbinh-worker.service", "tanbinh-beat.service")


def directives(name: str) -> list[str]:
    """The arguments of every ``name …;`` directive of the site, comments left out."""
    lines = [line.split("#", 1)[0] for line in SITE.splitlines()]
    return re.findall(rf"(?m)^\s*{re.escape(name)}\s+([^;]+);", "\n".join(lines))


def test_nginx_takes_exactly_the_largest_upload_the_portal_takes():
    assert settings.UPLOAD_MAX_BYTES == 512 * 1024**2  # the default the shipped file is written for
    assert directives("client_max_body_size") == [f"{(settings.UPLOAD_MAX_BYTES + FORM_OVERHEAD) // 1024}k"]
    for smaller in (settings.EVIDENCE_FILE_MAX_BYTES, settings.BUNDLE_VERIFY_MAX_BYTES):
        assert smaller < settings.UPLOAD_MAX_BYTES  # refused by the portal itself, with its own message


def test_nginx_sets_the_forwarded_headers_the_portal_reads_and_replaces_the_clients():
    headers = dict(value.split(None, 1) for value in directives("proxy_set_header"))
    # tanbinh_portal/client_ip.py reads X-Forwarded-For from TRUSTED_PROXIES; nginx replaces it.
    assert headers["X-Forwarded-For"] == "$remote_addr"
    # settings.SECURE_PROXY_SSL_HEADER (production) is HTTP_X_FORWARDED_PROTO = "https".
    assert headers["X-Forwarded-Proto"] == "$scheme"
    assert headers["Host"] == "$host"
    for cleared in ("X-Forwarded-Ssl", "X-Forwarded-Protocol", "X-Forwarded-Host", "Forwarded"):
        assert headers[cleared] == '""'


def test_nginx_serves_static_files_only_and_never_media_or_private_files():
    served = directives("alias") + directives("root")
    assert served and all(
        path.startswith("/srv/tanbinh/var/staticfiles/") or path == "/var/www/letsencrypt" for path in served
    ), served
    locations = re.findall(r"(?m)^\s*location\s+([^{]+)\{", SITE)
    assert locations and not [where for where in locations if re.search("media|private", where, re.I)]
    # "location /static" without the slash would let /static../private/… walk out of the folder.
    assert re.findall(r"location\s+\^~\s+/static\S*", SITE) == ["location ^~ /static/"]


def test_gunicorn_listens_where_the_trusted_proxy_connects_from():
    tree = ast.parse((DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8"))
    values = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    # TCP on the loopback: through a unix socket REMOTE_ADDR is empty and no proxy is ever trusted.
    assert values["bind"] == ["127.0.0.1:8000"] and directives("server")[0].startswith("127.0.0.1:8000")
    assert values["forwarded_allow_ips"] == "127.0.0.1"
    assert values["control_socket_disable"] is True


def test_the_environment_example_names_only_settings_the_portal_reads():
    source = (Path(settings.BASE_DIR) / "tanbinh_portal" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|int|bool|list)\(\s*"([A-Z0-9_]+)"', source))
    process_only = {"GUNICORN_CMD_ARGS", "CELERY_CONCURRENCY"}  # gunicorn's, the worker unit's
    example = (DEPLOY / "portal.env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"(?m)^#?([A-Z][A-Z0-9_]+)=", example))
    assert names and names - process_only <= read, names - process_only - read
    assert re.search(r"(?m)^UPLOAD_MAX_BYTES=(\d+)$", example).group(1) == str(settings.UPLOAD_MAX_BYTES)
    assert re.search(r"(?m)^DEBUG=false$", example) and re.search(r"(?m)^TRUSTED_PROXIES=127\.0\.0\.1$", example)


@pytest.mark.parametrize("unit", UNITS)
def test_each_systemd_unit_reads_the_environment_file_and_is_confined(unit):
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    values = dict(re.findall(r"(?m)^([A-Za-z]+)=(.*)$", text))
    assert values["EnvironmentFile"] == "/etc/tanbinh/portal.env"
    assert values["User"] == "tanbinh" and values["NoNewPrivileges"] == "yes"
    assert values["ProtectSystem"] == "strict" and values["ReadWritePaths"] == "/srv/tanbinh/var"
    assert values["PrivateTmp"] == "yes" and values["CapabilityBoundingSet"] == ""


def test_compose_gives_nginx_the_static_files_alone_and_gunicorn_its_network():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat", "nginx"}
    nginx = services["nginx"]
    # Sharing web's network: gunicorn's 127.0.0.1:8000 and TRUSTED_PROXIES=127.0.0.1 hold as on a host.
    assert nginx["network_mode"] == "service:web"
    mounts = {volume.split(":")[0]: volume for volume in nginx["volumes"]}
    assert mounts["static"] == "static:/srv/tanbinh/var/staticfiles:ro"
    assert "media" not in mounts and "private" not in mounts
    assert mounts["./nginx/tanbinh-portal.conf"].startswith("./nginx/tanbinh-portal.conf:/etc/nginx/conf.d/")
    web = services["web"]
    assert "deploy/gunicorn.conf.py" in web["command"]
    assert [service for service in services.values() if "beat" in service.get("command", [])] == [services["beat"]]
