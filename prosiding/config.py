"""Site settings from content/_site.yml: validated once, typed, frozen."""
from __future__ import annotations

from pathlib import PurePosixPath

from . import urls
from .budget import STRICT_LIMITS, BodyLimits, limits_from_settings
from .errors import Collector, ProsidingError, SourceRef
from .model import CrossrefSettings, HtmlAllowance, Identity, SiteConfig
from .parse import RawDoc, parse_yaml_mapping
from .schema import SiteSchema, validate
from .sources import SourceFile, SourceTree

SITE_FILE = PurePosixPath("_site.yml")


def make_config(tree: SourceTree) -> SiteConfig:
    """Read the settings file out of the discovered sources; it is required."""
    source = next((s for s in tree.texts if s.rel == SITE_FILE), None)
    if source is None:
        raise ProsidingError("content/_site.yml is missing; it needs at least `judul: <site title>`", SourceRef("content/_site.yml"))
    return parse_config(source, {a.rel.as_posix() for a in tree.assets})


def parse_config(source: SourceFile, assets: set[str] | None = None) -> SiteConfig:
    ref = SourceRef(source.display)
    meta, lines = parse_yaml_mapping(source.text, ref)
    doc = RawDoc(ref, meta, lines, "", 0)
    settings = validate(SiteSchema, doc)
    return SiteConfig(
        title=settings.judul,
        organiser=settings.penyelenggara,
        description=settings.deskripsi,
        language=settings.bahasa,
        base_url=settings.url_dasar,
        news_per_page=settings.berita_per_halaman,
        volume_pdf=settings.buku_pdf,
        extra=settings.extra,
        source=ref,
        allowed_html=HtmlAllowance(
            tags=frozenset(settings.html_diizinkan.tag),
            attributes={tag: frozenset(names) for tag, names in sorted(settings.html_diizinkan.atribut.items())},
        ),
        limits=limits_from_settings(settings.batas.model_dump(), BodyLimits()),
        untrusted_limits=limits_from_settings(settings.batas_teks_luar.model_dump(), STRICT_LIMITS),
        crossref=_crossref(settings, doc),
        identity=_identity(settings, doc, assets),
        comments_on=settings.komentar.aktif,
        comments_url=settings.komentar.isso_url,
    )


def _crossref(settings: SiteSchema, doc: RawDoc) -> CrossrefSettings | None:
    """The deposit settings; the registrant defaults to the site's organiser, and one is required."""
    block = settings.crossref
    if block is None:
        return None
    registrant = block.pendaftar or settings.penyelenggara
    if not registrant:
        raise ProsidingError("crossref: pendaftar (the registrant Crossref records the DOIs for) is missing; "
                             "add `pendaftar: <organisation>` under crossref: or set penyelenggara", doc.ref_of("crossref"))
    return CrossrefSettings(block.prefiks_doi, block.penyetor.nama, block.penyetor.email, registrant, doc.ref_of("crossref"))


# The bundled theme's backgrounds and the text on accent-coloured buttons (style.css :root).
LIGHT_BACKGROUNDS = {"the page background": "#ffffff", "the header background": "#f3f6f8"}
DARK_BACKGROUNDS = {"the dark page background": "#12171c", "the dark header background": "#1b232b"}
LIGHT_BUTTON_TEXT, DARK_BUTTON_TEXT = "#ffffff", "#0b1a22"
AA_TEXT = 4.5  # WCAG 2.1 AA contrast for normal text
LOGO_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}


def _identity(settings: SiteSchema, doc: RawDoc, assets: set[str] | None) -> Identity:
    """The publisher's identity; a missing logo, a logo without alt text, or an accent colour that
    readers could not read (WCAG AA) is an error naming the setting and its line."""
    block = settings.identitas
    errors = Collector()
    logo = None
    if block.logo:
        rel = block.logo.strip("/")
        if PurePosixPath(rel).suffix.lower() not in LOGO_SUFFIXES:
            errors.add(f"identitas.logo: {block.logo} is not an SVG, PNG, JPEG or WebP image", doc.ref_of("identitas.logo"))
        elif assets is not None and rel not in assets:
            errors.add(f"identitas.logo: file {block.logo!r} not found (looked for content/{rel})", doc.ref_of("identitas.logo"))
        else:
            logo = urls.asset_path(rel)
        if block.alt_logo is None:
            errors.add("identitas.alt_logo is missing; say what the logo shows (usually the organisation's name)", doc.ref_of("identitas.logo"))
    for key, colour, backgrounds, button_text in (("warna", block.warna, LIGHT_BACKGROUNDS, LIGHT_BUTTON_TEXT),
                                                  ("warna_gelap", block.warna_gelap, DARK_BACKGROUNDS, DARK_BUTTON_TEXT)):
        if colour is None:
            continue
        checks = [(f"against {name} {background}", contrast_ratio(colour, background)) for name, background in backgrounds.items()]
        checks.append((f"for the button text {button_text} on it", contrast_ratio(colour, button_text)))
        for what, ratio in checks:
            if ratio < AA_TEXT:
                errors.add(f"identitas.{key}: {colour} has a contrast of {ratio:.1f}:1 {what}; WCAG AA needs {AA_TEXT}:1 for text "
                           f"({'a darker' if key == 'warna' else 'a lighter'} shade will do)", doc.ref_of(f"identitas.{key}"))
                break
    errors.raise_if_any()
    return Identity(logo, block.alt_logo or "", block.warna, block.warna_gelap, block.kontak, block.alamat, block.lisensi)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours, 1 to 21."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
