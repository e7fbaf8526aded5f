"""Reading free-text query parameters safely (PostgreSQL refuses NUL bytes in text)."""

from django.http import HttpRequest


def query_text(request: HttpRequest, name: str, limit: int = 100) -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:limit]


def query_int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None
