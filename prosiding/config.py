"""Site settings from content/_site.yml: validated once, typed, frozen."""
from __future__ import annotations

from pathlib import PurePosixPath

from .budget import STRICT_LIMITS, BodyLimits, limits_from_settings
from .errors import ProsidingError, SourceRef
from .model import CrossrefSettings, HtmlAllowance, SiteConfig
from .parse import RawDoc, parse_yaml_mapping
from .schema import SiteSchema, validate
from .sources import SourceFile, SourceTree

SITE_FILE = PurePosixPath("_site.yml")


def make_config(tree: SourceTree) -> SiteConfig:
    """Read the settings file out of the discovered sources; it is required."""
    source = next((s for s in tree.texts if s.rel == SITE_FILE), None)
    if source is None:
        raise ProsidingError("content/_site.yml is missing; it needs at least `judul: <site title>`", SourceRef("content/_site.yml"))
    return parse_config(source)


def parse_config(source: SourceFile) -> SiteConfig:
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
