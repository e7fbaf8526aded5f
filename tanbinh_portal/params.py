"""Reading free-text query parameters safely (PostgreSQL refuses NUL bytes in text)."""

from django.http import HttpRequest

from tanbinh_portal.text import one_line


def query_text(request: HttpRequest, name: str, limit: int = 100) -> str:
    return one_line(request.GET.get(name, ""))[:limit]


def query_int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None
