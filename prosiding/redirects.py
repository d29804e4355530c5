"""Forwarding pages at the addresses of a previous site (`alamat_lama`), so links to an imported
WordPress site's old addresses still arrive. A meta refresh with a relative address works on a
web server and from file:// alike; the canonical link tells search engines where the page lives."""
from __future__ import annotations

from html import escape

_MOVED = {"id": "Halaman ini telah pindah ke", "en": "This page has moved to"}


def render_redirect(kind: str, context: dict) -> bytes:
    """The bytes of a forwarding page from its plan context (see plan._redirect_files)."""
    target = escape(context["target"])
    title = escape(context["title"])
    canonical = escape(context["canonical"] or context["target"])
    language = context["language"]
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n<link rel="canonical" href="{canonical}">\n'
        f'<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f'<p>{_MOVED.get(language, _MOVED["en"])} <a href="{target}">{title}</a>.</p>\n</body>\n</html>\n'
    ).encode("utf-8")
