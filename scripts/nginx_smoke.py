"""Checks of the portal through the nginx of deploy/ (started by scripts/nginx-smoke.sh, which says how).

Each check speaks HTTPS to nginx as a browser would, from a chosen loopback address (127.0.0.2, …: the
whole of 127.0.0.0/8 is this machine), so that the login throttle can be seen keyed on the address nginx
passes on rather than on nginx's own 127.0.0.1. Exits non-zero with the failed check's reason.
Standard library only, plus Django for the settings and the throttle's records.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import ssl
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HSTS = "max-age=31536000; includeSubDomains; preload"


class CheckFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """One client machine: its source address, its cookies (all cookies of the portal are host-only)."""

    args: argparse.Namespace
    source: str
    cookies: dict[str, str] = field(default_factory=dict)

    def _connection(self, *, tls: bool = True, server_name: str | None = None) -> http.client.HTTPConnection:
        args, source = self.args, self.source
        port = args.https_port if tls else args.http_port
        context = ssl.create_default_context(cafile=args.ca) if tls else None
        name = server_name or args.host

        class Connection(http.client.HTTPSConnection if tls else http.client.HTTPConnection):
            def connect(self):
                sock = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0))
                self.sock = context.wrap_socket(sock, server_hostname=name) if tls else sock

        if tls:
            return Connection(name, port, timeout=30, context=context)
        return Connection(name, port, timeout=30)

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None, tls=True):
        connection = self._connection(tls=tls)
        all_headers = {"Host": self.args.host, "Accept-Language": "vi", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            connection.close()
        for cookie in response.all("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def form_token(self, path: str) -> str:
        page = self.get(path)
        expect(page.status == 200, f"GET {path}: {page.status}")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        expect(match is not None, f"GET {path}: no CSRF token in the form")
        return match.group(1)

    def post_form(self, path: str, fields: dict, *, headers: dict | None = None) -> Response:
        token = self.form_token(path)
        body = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        origin = {"Origin": self.args.origin, "Referer": self.args.origin + path}
        content = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body=body, headers={**origin, **content, **(headers or {})})

    def login(self, username: str, password: str, *, headers: dict | None = None) -> Response:
        return self.post_form("/dang-nhap/", {"username": username, "password": password}, headers=headers)


def gunicorn_saw(args, needle: str) -> bool:
    """Whether gunicorn's access log has a request line containing ``needle``."""
    time.sleep(0.2)  # gunicorn writes its access line after the response
    return needle in Path(args.gunicorn_log).read_text(encoding="utf-8", errors="replace")


# --- The checks ----------------------------------------------------------------------------------


def check_redirect_to_https(args) -> None:
    response = Browser(args, "127.0.0.2").get("/dang-nhap/?next=/", tls=False)
    expect(response.status == 301, f"HTTP: {response.status}, not a redirect")
    location = response.header("Location")
    expect(location == f"https://{args.host}/dang-nhap/?next=/", f"HTTP redirects to {location}")


def check_login_page(args) -> None:
    browser = Browser(args, "127.0.0.2")
    # A client's own scheme headers neither redirect it in a loop nor make gunicorn refuse the request.
    page = browser.get("/dang-nhap/", headers={"X-Forwarded-Proto": "http", "X-Forwarded-Ssl": "off"})
    expect(page.status == 200, f"login page over HTTPS: {page.status}")
    expect("Đăng nhập" in page.text, "the login page is not the portal's")
    expect(page.all("Strict-Transport-Security") == [HSTS], f"HSTS: {page.all('Strict-Transport-Security')}")
    expect(page.header("Content-Security-Policy") is not None, "the portal's own headers are missing")
    args.login_page = page.text


def check_unknown_host_is_refused(args) -> None:
    connection = Browser(args, "127.0.0.2")._connection(server_name="khac.test")
    try:
        connection.request("GET", "/")
        connection.getresponse()
    except ssl.SSLError:
        return
    finally:
        connection.close()
    raise CheckFailed("a TLS client naming another host got an answer")


def check_static(args) -> None:
    match = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', args.login_page)
    expect(match is not None, "the login page links no hashed /static/css/portal.<hash>.css")
    hashed = match.group(1)
    browser = Browser(args, "127.0.0.2")
    response = browser.get(hashed, headers={"Accept-Encoding": "gzip"})
    expect(response.status == 200, f"{hashed}: {response.status}")
    cache = response.header("Cache-Control") or ""
    expect("max-age=31536000" in cache and "immutable" in cache, f"{hashed}: Cache-Control {cache!r}")
    expect(response.header("Content-Encoding") == "gzip", f"{hashed}: not the precompressed .gz copy")
    hsts = response.all("Strict-Transport-Security")
    expect(hsts == [HSTS], f"{hashed}: HSTS {hsts}")
    expect(response.header("X-Content-Type-Options") == "nosniff", f"{hashed}: no nosniff")
    plain = browser.get("/static/css/portal.css")
    expect(plain.status == 200, f"/static/css/portal.css: {plain.status}")
    expect(plain.header("Cache-Control") == "public, max-age=3600", f"unhashed: {plain.header('Cache-Control')!r}")
    expect(not gunicorn_saw(args, "/static/css/portal"), "a static file went to gunicorn instead of nginx")


def check_private_files_are_not_served(args) -> None:
    marker = Path(args.private_file).read_text(encoding="utf-8")
    expect(marker.strip() != "", "the private marker file is empty")
    relative = Path(args.private_file).relative_to(Path(args.var_dir) / "private").as_posix()
    media = Path(args.media_file).relative_to(Path(args.var_dir) / "media").as_posix()
    paths = [
        f"/private/{relative}",
        f"/media/{media}",
        f"/static/../private/{relative}",
        f"/static/..%2fprivate/{relative}",
        f"/static%2f..%2fprivate/{relative}",
        f"/static../private/{relative}",
        f"/static/%2e%2e/private/{relative}",
        f"/_tanbinh_errors/../private/{relative}",
        f"/_tanbinh_errors/..%2fprivate/{relative}",
        "/_tanbinh_errors/413.html",
    ]
    browser = Browser(args, "127.0.0.2")
    for path in paths:
        response = browser.get(path)
        expect(response.status in {400, 404}, f"{path}: {response.status}")
        expect(marker not in response.text, f"{path}: the private file's content was sent")


def check_upload_limit(args) -> None:
    """The portal's limit and nginx's meet: one byte over UPLOAD_MAX_BYTES reaches the portal's form and
    its message; one byte over UPLOAD_MAX_BYTES + the form's room is refused by nginx alone."""
    browser = Browser(args, "127.0.0.4")
    expect(browser.login("vanphong", args.password).status == 302, "vanphong could not log in")
    path = "/chi-so/nhap-ho-so/"

    def upload(size: int) -> Response:
        token = browser.form_token(path)
        commune = re.search(r'name="commune"[^>]*>\s*<option value="(\d+)"', browser.get(path).text)
        expect(commune is not None, "the import form offers no commune")
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n',
            f'--{boundary}\r\nContent-Disposition: form-data; name="commune"\r\n\r\n{commune.group(1)}\r\n',
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="so-mot-cua.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n",
        ]
        body = "".join(parts).encode() + b"a" * size + f"\r\n--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": args.origin,
            "Referer": args.origin + path,
        }
        return browser.request("POST", path, body=body, headers=headers)

    limit = args.upload_max_bytes
    within = upload(limit + 1)
    expect(within.status == 200, f"an upload one byte over UPLOAD_MAX_BYTES: {within.status}, not the form")
    expected = f"Tệp lớn hơn {limit // 1024**2} MB" if limit >= 1024**2 else f"Tệp lớn hơn {limit // 1024} KB"
    expect(expected in within.text, f"the portal's own message ({expected!r}) is missing")
    before = Path(args.gunicorn_log).read_text(encoding="utf-8", errors="replace").count(f"POST {path}")
    refused = upload(limit + args.form_overhead + 1)
    expect(refused.status == 413, f"an upload over nginx's client_max_body_size: {refused.status}")
    expect("Tệp tải lên quá lớn" in refused.text, "nginx's 413 is not the portal's Vietnamese page")
    expect(refused.all("Strict-Transport-Security") == [HSTS], "the 413 page has no HSTS")
    time.sleep(0.2)
    after = Path(args.gunicorn_log).read_text(encoding="utf-8", errors="replace").count(f"POST {path}")
    expect(after == before, "the oversized upload reached gunicorn")


def check_login_throttle(args) -> None:
    """Wrong passwords from one machine hold that machine back, not the chairman at another one, however
    the first machine fills in X-Forwarded-For itself."""
    from axes.models import AccessAttempt
    from django.conf import settings

    AccessAttempt.objects.all().delete()
    attacker = Browser(args, "127.0.0.2")
    for number in range(1, settings.AXES_FAILURE_LIMIT + 1):
        spoofed = {"X-Forwarded-For": f"203.0.113.{number}", "X-Real-IP": f"198.51.100.{number}"}
        response = attacker.login("chutich", "sai-mat-khau", headers=spoofed)
        # The form again after each wrong password; the last one may already answer with the pause.
        allowed = {200, 429} if number == settings.AXES_FAILURE_LIMIT else {200}
        expect(response.status in allowed, f"wrong password {number}: {response.status}")
    throttled = attacker.login("chutich", args.password, headers={"X-Forwarded-For": "203.0.113.99"})
    limit = settings.AXES_FAILURE_LIMIT
    expect(throttled.status == 429, f"the right password after {limit} failures: {throttled.status}")
    expect("Tạm dừng đăng nhập" in throttled.text, "the throttled page is not the portal's")
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    expect(addresses == {"127.0.0.2"}, f"the portal recorded the failures under {sorted(addresses)}, not 127.0.0.2")

    chairman = Browser(args, "127.0.0.3")
    response = chairman.login("chutich", args.password)
    expect(response.status == 302 and response.header("Location") == "/", f"chairman elsewhere: {response.status}")
    home = chairman.get("/")
    expect(home.status == 200, f"the chairman's home page: {home.status}")
    expect("Đăng xuất" in home.text, "the chairman is not logged in on the home page")


def check_gunicorn_down(args) -> None:
    os.kill(args.gunicorn_pid, 15)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        response = Browser(args, "127.0.0.2").get("/dang-nhap/")
        if response.status == 502:
            expect("Cổng tạm thời gián đoạn" in response.text, "nginx's 502 is not the portal's Vietnamese page")
            return
        time.sleep(0.5)
    raise CheckFailed("nginx did not answer 502 once gunicorn stopped")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("host", "ca", "gunicorn-log", "var-dir", "private-file", "media-file", "password"):
        parser.add_argument(f"--{name}", required=True)
    for name in ("https-port", "http-port", "gunicorn-pid", "upload-max-bytes", "form-overhead"):
        parser.add_argument(f"--{name}", type=int, required=True)
    args = parser.parse_args()
    args.origin = f"https://{args.host}:{args.https_port}"

    import django

    django.setup()
    checks = [
        ("HTTP → HTTPS", check_redirect_to_https),
        ("TLS refused for another host name", check_unknown_host_is_refused),
        ("login page over HTTPS, one HSTS header", check_login_page),
        ("static file from nginx, cached, precompressed", check_static),
        ("private and media files not served", check_private_files_are_not_served),
        ("upload limit: the portal's below, nginx's 413 above", check_upload_limit),
        ("login throttle keyed on the forwarded client address", check_login_throttle),
        ("Vietnamese 502 page when gunicorn is down", check_gunicorn_down),
    ]
    started = time.monotonic()
    try:
        for label, check in checks:
            check(args)
            print(f"nginx-smoke: ok   {label}")
    except (CheckFailed, OSError, http.client.HTTPException) as error:
        print(f"nginx-smoke: FAIL {label}: {error}", file=sys.stderr)
        return 1
    print(f"nginx-smoke: all {len(checks)} checks passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
