"""What authors may write in front matter, per content kind, and friendly errors for the rest.

Keys are Indonesian, lower case with underscores. Every key is checked: an unknown key is an error
with a "did you mean" suggestion, so a mistyped `tangal` never silently drops a date. Free-form
values for custom layouts live under `extra:`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, Strict as PydanticStrict, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .body import ALLOWED_TAGS, NEVER_ALLOWED_ATTRIBUTES, NEVER_ALLOWED_TAGS
from .errors import ProsidingError
from .parse import RawDoc

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _text(value: Any) -> Any:
    """Numbers and dates written where text is expected are kept as the author wrote them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        impossible = _impossible_date(value.strip())
        if impossible:
            raise PydanticCustomError("not_a_date", "{found} does not exist ({why})", {"found": value.strip(), "why": impossible})
    raise PydanticCustomError("not_a_date", "{found} is not a date (expected YYYY-MM-DD)", {"found": _show(value)})


def _impossible_date(text: str) -> str | None:
    """Why a date written YYYY-MM-DD is not on the calendar ("November 2026 has 30 days")."""
    import calendar

    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}; months are 01 to 12"
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if day == 0:
        return "days start at 01"
    return f"{calendar.month_name[month]} {year} has {days} days"


def _slug(value: Any) -> Any:
    value = _text(value)
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        from .urls import slugify

        example = slugify(value) if isinstance(value, str) else ""  # the author's own value, made valid
        raise PydanticCustomError(
            "bad_slug", "{found} is not a valid slug (use lower-case letters a-z, digits and single hyphens, e.g. {example})",
            {"found": _show(value), "example": example if example not in {"", "x"} and SLUG_PATTERN.match(example) else "my-page"},
        )
    return value


def _list_of_text(value: Any) -> Any:
    """A single value where a list is expected is a one-item list (`tag: humas`)."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [value]
    return value


LAYOUT_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


def _layout(value: Any) -> Any:
    """A file inside layouts/ (or the theme): relative, no `..`, no drive or backslash."""
    value = _text(value)
    if not isinstance(value, str) or not LAYOUT_PATTERN.match(value) or ".." in value:
        raise PydanticCustomError(
            "bad_layout", "{found} is not a layout name (expected a file name inside layouts/, e.g. seminar-khusus.html)", {"found": _show(value)}
        )
    return value


def _show(value: Any) -> str:
    """A found value as the author wrote it, never as a Python repr."""
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dict):
        return "a mapping (`key: value` lines)"
    if isinstance(value, (list, tuple)):
        return "a list"
    return repr(value)


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def _doi(value: Any) -> Any:
    """A bare DOI (`10.1234/abc`); a resolver address in front of it is taken off."""
    value = _text(value)
    if isinstance(value, str):
        value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    if not isinstance(value, str) or not DOI_PATTERN.match(value):
        raise PydanticCustomError("bad_doi", "{found} is not a DOI (expected 10.<number>/<suffix>, e.g. 10.12345/prosiding.2014.1)", {"found": _show(value)})
    return value


def _isbn(value: Any) -> Any:
    """ISBN-10 or ISBN-13 with its check digit verified; hyphens and spaces are kept as written."""
    value = _text(value)
    digits = re.sub(r"[\s-]", "", value).upper() if isinstance(value, str) else ""
    valid = False
    if re.fullmatch(r"\d{13}", digits):
        valid = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    elif re.fullmatch(r"\d{9}[\dX]", digits):
        valid = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0
    if not valid:
        raise PydanticCustomError("bad_isbn", "{found} is not a valid ISBN (10 or 13 digits with a correct check digit)", {"found": _show(value)})
    return value


def _issn(value: Any) -> Any:
    value = _text(value)
    digits = re.sub(r"[\s-]", "", value).upper() if isinstance(value, str) else ""
    valid = bool(re.fullmatch(r"\d{7}[\dX]", digits)) and sum((8 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0
    if not valid:
        raise PydanticCustomError("bad_issn", "{found} is not a valid ISSN (NNNN-NNNC with a correct check digit)", {"found": _show(value)})
    return f"{digits[:4]}-{digits[4:]}"


def _pages(value: Any) -> Any:
    """Pages in the printed volume: `12` or `12-25` (an en dash is accepted)."""
    value = _text(value)
    found = re.fullmatch(r"(\d+)\s*(?:[-\u2013]\s*(\d+))?", value) if isinstance(value, str) else None
    if not found or (found.group(2) and int(found.group(2)) < int(found.group(1))):
        raise PydanticCustomError("bad_pages", "{found} is not a page range (expected e.g. 12-25)", {"found": _show(value)})
    return found.group(1) + (f"-{found.group(2)}" if found.group(2) else "")


Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Slug = Annotated[str, BeforeValidator(_slug)]
Layout = Annotated[str, BeforeValidator(_layout)]
TextList = Annotated[list[Text], BeforeValidator(_list_of_text)]


def _old_path(value: Any) -> Any:
    value = _text(value)
    if not isinstance(value, str) or not re.fullmatch(r"/(?:[^\s?#\\]+/?)?", value) or ".." in value.split("/"):
        raise PydanticCustomError("bad_path", "{found} is not an address path on the old site (e.g. /2014/10/02/seminar-digelar/)", {"found": _show(value)})
    return value


OldPaths = Annotated[list[Annotated[str, BeforeValidator(_old_path)]], BeforeValidator(_list_of_text)]
Doi = Annotated[str, BeforeValidator(_doi)]
Isbn = Annotated[str, BeforeValidator(_isbn)]
Issn = Annotated[str, BeforeValidator(_issn)]
Pages = Annotated[str, BeforeValidator(_pages)]
Extra = dict[str, Any]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, str_strip_whitespace=True)


class Common(Strict):
    """Keys every page kind accepts."""

    slug: Slug | None = None
    # Strict: only true/false. "yes", "on" or 1 would otherwise pass as true and a mistyped
    # value could publish a draft, or hide a page, without a word.
    draft: Annotated[bool, PydanticStrict()] = False
    layout: Layout | None = None
    extra: Extra = Field(default_factory=dict)


def _html_tag(value: Any) -> Any:
    value = _text(value)
    if value == "*":
        return value  # in `atribut:` only: attributes allowed on every tag
    if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", value):
        raise PydanticCustomError("bad_html", "{found} is not an HTML tag name (lower case, e.g. video)", {"found": _show(value)})
    if value in NEVER_ALLOWED_TAGS:
        raise PydanticCustomError("bad_html", "{found} can never be allowed: it could run code or load another page in a reader's browser", {"found": _show(value)})
    return value


def _html_attribute(value: Any) -> Any:
    value = _text(value)
    if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_.:-]*", value):
        raise PydanticCustomError("bad_html", "{found} is not an HTML attribute name (lower case, e.g. controls)", {"found": _show(value)})
    if value.startswith("on") or value in NEVER_ALLOWED_ATTRIBUTES:
        raise PydanticCustomError("bad_html", "{found} can never be allowed: it could run code in a reader's browser", {"found": _show(value)})
    return value


HtmlTag = Annotated[str, BeforeValidator(_html_tag)]
HtmlAttribute = Annotated[str, BeforeValidator(_html_attribute)]


class HtmlAllowanceSchema(Strict):
    """`html_diizinkan:` in _site.yml: HTML that survives sanitising on top of body.ALLOWED_*."""

    tag: list[HtmlTag] = Field(default_factory=list)
    atribut: dict[HtmlTag, list[HtmlAttribute]] = Field(default_factory=dict)

    @field_validator("tag")
    @classmethod
    def _no_star(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise PydanticCustomError("bad_html", "\"*\" is not an HTML tag name (name each tag to allow)", {})
        return value

    @field_validator("atribut")
    @classmethod
    def _known_tags(cls, value: dict[str, list[str]], info: Any) -> dict[str, list[str]]:
        allowed = ALLOWED_TAGS | set(info.data.get("tag", []))
        for tag in value:
            if tag != "*" and tag not in allowed:
                raise PydanticCustomError("bad_html", "{found} is not an allowed tag; list it under tag: as well", {"found": _show(tag)})
        return value


Count = Annotated[int, Field(ge=1, le=10_000_000)]
Seconds = Annotated[float, Field(gt=0, le=3600)]


class LimitsSchema(Strict):
    """`batas:` (and `batas_teks_luar:`) in _site.yml: how much work one body may cost (budget.py).

    A key left out keeps its default, which differs between the two mappings.
    """

    waktu_detik: Seconds | None = None
    waktu_layout_detik: Seconds | None = None
    blok: Count | None = None
    baris_per_blok: Count | None = None
    tautan_per_blok: Count | None = None
    tag_per_blok: Count | None = None
    tanda_per_blok: Count | None = None
    deret: Count | None = None
    kedalaman: Count | None = None
    kolom_tabel: Count | None = None
    judul_bagian: Count | None = None
    singkatan: Count | None = None
    catatan_kaki: Count | None = None


DOI_PREFIX_PATTERN = re.compile(r"^10\.\d{4,9}$")
EMAIL_PATTERN = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}$")


def _doi_prefix(value: Any) -> Any:
    """A DOI prefix as Crossref assigns it (`10.12345`); a trailing slash is forgiven."""
    value = _text(value)
    if isinstance(value, str):
        value = value.removesuffix("/")
    if not isinstance(value, str) or not DOI_PREFIX_PATTERN.match(value):
        raise PydanticCustomError("bad_doi_prefix", "{found} is not a DOI prefix (expected 10. and 4 to 9 digits, e.g. 10.12345)", {"found": _show(value)})
    return value


def _email(value: Any) -> Any:
    """Only the shape is checked (name@host.tld): Crossref mails deposit results there."""
    value = _text(value)
    if not isinstance(value, str) or not EMAIL_PATTERN.match(value):
        raise PydanticCustomError("bad_email", "{found} is not an e-mail address (expected e.g. humas@example.go.id)", {"found": _show(value)})
    return value


class DepositorSchema(Strict):
    """`crossref.penyetor`: who sends the deposit; Crossref reports its result to this address."""

    nama: RequiredText
    email: Annotated[str, BeforeValidator(_email)]


class CrossrefSchema(Strict):
    """`crossref:` in _site.yml: set by organisations that register DOIs with Crossref."""

    prefiks_doi: Annotated[str, BeforeValidator(_doi_prefix)]
    penyetor: DepositorSchema
    pendaftar: Text | None = None  # the registrant; defaults to the site's `penyelenggara`


def _colour(value: Any) -> Any:
    value = _text(value)
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise PydanticCustomError("bad_colour", "{found} is not a colour written as #rrggbb (e.g. #0b5a7a)", {"found": _show(value)})
    return value.lower()


Colour = Annotated[str, BeforeValidator(_colour)]


class IdentitySchema(Strict):
    """`identitas:` in _site.yml: the publisher's identity on every page, without a layout edit."""

    logo: Text | None = None  # an SVG, PNG, JPEG or WebP under content/, e.g. gambar/logo.png
    alt_logo: Text | None = None  # required with logo: what the logo says (usually the organisation's name)
    warna: Colour | None = None  # accent colour of links and buttons on the light background
    warna_gelap: Colour | None = None  # the accent in the dark colour scheme
    kontak: Text | None = None  # e-mail or telephone of the office
    alamat: Text | None = None  # postal address
    lisensi: Text | None = None  # licence of the site's content, e.g. CC BY 4.0


class CommentsSchema(Strict):
    """`komentar:` in _site.yml: comments under news and presentations, and where new ones go."""

    aktif: Annotated[bool, PydanticStrict()] = True  # false: no page shows comments unless its front matter says `komentar: true`
    isso_url: Text | None = None  # the Isso server that receives new comments; the form is shown only with it

    @field_validator("isso_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise PydanticCustomError("bad_url", "{found} is not a web address (expected https://…)", {"found": _show(value)})
        return value.rstrip("/") if value else value


class SiteSchema(Strict):
    """content/_site.yml"""

    judul: RequiredText
    penyelenggara: Text | None = None
    deskripsi: Text | None = None
    bahasa: Literal["id", "en"] = "id"
    url_dasar: Text | None = None
    berita_per_halaman: int = Field(default=10, ge=1, le=500)
    buku_pdf: Annotated[bool, PydanticStrict()] = True  # false: volumes as HTML only (printing is the slowest step)
    html_diizinkan: HtmlAllowanceSchema = Field(default_factory=HtmlAllowanceSchema)
    batas: LimitsSchema = Field(default_factory=LimitsSchema)
    batas_teks_luar: LimitsSchema = Field(default_factory=LimitsSchema)
    crossref: CrossrefSchema | None = None
    komentar: CommentsSchema = Field(default_factory=CommentsSchema)
    identitas: IdentitySchema = Field(default_factory=IdentitySchema)
    extra: Extra = Field(default_factory=dict)

    @field_validator("url_dasar")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise PydanticCustomError("bad_url", "{found} is not a web address (expected https://…)", {"found": _show(value)})
        return value.rstrip("/") + "/" if value else value


class PersonRole(Strict):
    """One person's part in a seminar: `orang:` items on a seminar page."""

    nama: RequiredText
    peran: Literal["narasumber", "pejabat", "moderator", "pembicara", "panitia", "peserta"]
    jabatan: Text | None = None
    instansi: Text | None = None
    keterangan: Text | None = None


class ProgrammeItem(Strict):
    """One session in a seminar's programme."""

    judul: RequiredText
    id: Slug | None = None
    tanggal: Date | None = None
    waktu: Text | None = None
    tempat: Text | None = None
    moderator: Text | None = None


class SeminarSchema(Common):
    judul: RequiredText
    tema: Text | None = None
    tanggal: Date
    tanggal_selesai: Date | None = None
    tempat: Text | None = None
    kota: Text | None = None
    penyelenggara: Text | None = None
    jumlah_peserta: int | None = Field(default=None, ge=0)
    jumlah_kelompok: int | None = Field(default=None, ge=0)
    ringkasan: Text | None = None
    program: list[ProgrammeItem] = Field(default_factory=list)
    orang: list[PersonRole] = Field(default_factory=list)
    tag: TextList = Field(default_factory=list)
    doi: Doi | None = None
    isbn: Isbn | None = None
    issn: Issn | None = None
    editor: TextList = Field(default_factory=list)
    penerbit: Text | None = None
    lisensi: Text | None = None

    @model_validator(mode="after")
    def _range(self) -> "SeminarSchema":
        if self.tanggal_selesai and self.tanggal_selesai < self.tanggal:
            raise PydanticCustomError(
                "date_range", "tanggal_selesai: {end} is before tanggal {start}", {"end": str(self.tanggal_selesai), "start": str(self.tanggal), "field": "tanggal_selesai"}
            )
        return self


class AttachmentSchema(Strict):
    berkas: RequiredText
    judul: Text | None = None


class PresentationSchema(Common):
    judul: RequiredText
    kelompok: Text | None = None
    ketua: Text | None = None
    anggota: TextList = Field(default_factory=list)
    pemapar: Text | None = None  # who presented, when it was not the leader
    instansi: Text | None = None
    kepala_instansi: Text | None = None
    jabatan_kepala: Text | None = None
    studi_mulai: Date | None = None
    studi_selesai: Date | None = None
    urutan: int | None = None
    sesi: Slug | None = None
    ringkasan: Text | None = None
    tag: TextList = Field(default_factory=list)
    lampiran: list[AttachmentSchema] = Field(default_factory=list)
    doi: Doi | None = None
    halaman: Pages | None = None
    lisensi: Text | None = None
    # Folder defaults often carry seminar-wide values; presentations accept and ignore none of them
    # silently, so these two are listed to make `_dir.yml` with venue/date meaningful.
    tanggal: Date | None = None
    tempat: Text | None = None
    komentar: Annotated[bool, PydanticStrict()] | None = None  # show this page's comments (true/false); unset: the site's rule

    @model_validator(mode="after")
    def _range(self) -> "PresentationSchema":
        if self.studi_mulai and self.studi_selesai and self.studi_selesai < self.studi_mulai:
            raise PydanticCustomError(
                "date_range", "studi_selesai: {end} is before studi_mulai {start}", {"end": str(self.studi_selesai), "start": str(self.studi_mulai), "field": "studi_selesai"}
            )
        return self


class NewsSchema(Common):
    judul: RequiredText
    tanggal: Date | None = None
    penulis: Text | None = None
    ringkasan: Text | None = None
    kategori: TextList = Field(default_factory=list)
    tag: TextList = Field(default_factory=list)
    gambar: Text | None = None
    alt_gambar: Text | None = None  # required with gambar; "" says the image is only decoration
    keterangan_gambar: Text | None = None
    seminar: Text | None = None
    alamat_lama: OldPaths = Field(default_factory=list)  # addresses on a previous site that now lead here
    komentar: Annotated[bool, PydanticStrict()] | None = None  # show this page's comments (true/false); unset: the site's rule


class PersonSchema(Common):
    nama: RequiredText
    alias: TextList = Field(default_factory=list)
    foto: Text | None = None
    alt_foto: Text | None = None  # required with foto; "" says the photo is only decoration
    ringkasan: Text | None = None


class InstitutionSchema(Common):
    nama: RequiredText
    singkatan: Text | None = None
    nama_lama: TextList = Field(default_factory=list)
    induk: Text | None = None
    situs: Text | None = None
    ringkasan: Text | None = None


class PageSchema(Common):
    judul: RequiredText
    ringkasan: Text | None = None
    urutan: int | None = None
    alamat_lama: OldPaths = Field(default_factory=list)  # addresses on a previous site that now lead here
    komentar: Annotated[bool, PydanticStrict()] | None = None  # show this page's comments (true/false); unset: the site's rule


class HomeSchema(Common):
    """content/index.md: its text goes on the home page; a title and lead are optional there."""

    judul: Text | None = None
    ringkasan: Text | None = None


M = TypeVar("M", bound=BaseModel)


def validate(schema: type[M], doc: RawDoc, meta: dict[str, Any] | None = None) -> M:
    """Check `doc.meta` against `schema`; raise all problems as errors naming field and line."""
    try:
        return schema.model_validate(doc.meta if meta is None else meta)
    except ValidationError as exc:
        raise _friendly(exc, schema, doc) from None


def _friendly(exc: ValidationError, schema: type[BaseModel], doc: RawDoc) -> ProsidingError:
    from .errors import ErrorList

    problems = []
    for error in exc.errors(include_url=False):
        path = ".".join(str(part) for part in error["loc"] if part != "[key]") or error.get("ctx", {}).get("field", "")
        problems.append(ProsidingError(_message(error, path, schema), doc.ref_of(path) if path else doc.ref_of("")))
    return ErrorList(problems)


def _message(error: dict[str, Any], path: str, schema: type[BaseModel]) -> str:
    kind = error["type"]
    found = error.get("input")
    field = path or "front matter"
    if kind == "missing":
        return f"{field}: required field is missing"
    if kind == "extra_forbidden":
        return _unknown_key(path, schema)
    if kind in {"not_a_date", "bad_slug", "bad_url", "bad_layout", "bad_html", "bad_doi_prefix", "bad_email"}:
        return f"{field}: {error['msg']}"
    if kind == "date_range":
        return error["msg"]
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"{field}: {_show(found)} is not one of {allowed}"
    if kind in {"int_parsing", "int_type", "int_from_float", "finite_number"}:
        return f"{field}: {_show(found)} is not a whole number"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{field}: {_show(found)} is not true or false"
    if kind in {"string_type"}:
        return f"{field}: expected text, found {_kind_of(found)}"
    if kind in {"list_type"}:
        return f"{field}: expected a list (lines starting with '- '), found {_kind_of(found)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"{field}: expected `key: value` lines, found {_kind_of(found)}"
    if kind in {"string_too_short", "too_short"}:  # pydantic reports an empty RequiredText as too_short
        return f"{field}: must not be empty"
    if kind == "greater_than_equal":
        return f"{field}: {_show(found)} is too small (the least allowed is {error['ctx']['ge']})"
    if kind == "less_than_equal":
        return f"{field}: {_show(found)} is too large (the most allowed is {error['ctx']['le']})"
    return f"{field}: {error['msg']}"


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    return _show(value)


#: English keys authors reach for, and the Indonesian key meant (first one the kind has wins).
#: Used only to suggest; the English key is never accepted.
ENGLISH_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("judul",), "name": ("nama", "judul"), "date": ("tanggal",), "start_date": ("tanggal", "studi_mulai"),
    "end_date": ("tanggal_selesai", "studi_selesai"), "description": ("deskripsi", "ringkasan"), "summary": ("ringkasan",),
    "abstract": ("ringkasan",), "tags": ("tag",), "author": ("ketua", "penulis"), "authors": ("anggota", "penulis"),
    "leader": ("ketua",), "members": ("anggota",), "group": ("kelompok",), "place": ("tempat",), "venue": ("tempat",),
    "location": ("tempat",), "city": ("kota",), "order": ("urutan",), "weight": ("urutan",), "theme": ("tema",),
    "organiser": ("penyelenggara",), "organizer": ("penyelenggara",), "language": ("bahasa",), "lang": ("bahasa",),
    "base_url": ("url_dasar",), "baseurl": ("url_dasar",), "url": ("url_dasar", "situs"), "website": ("situs",),
    "categories": ("kategori",), "category": ("kategori",), "image": ("gambar", "foto"), "photo": ("foto",),
    "caption": ("keterangan_gambar",), "alt": ("alt_gambar", "alt_foto"), "alt_text": ("alt_gambar", "alt_foto"),
    "image_alt": ("alt_gambar",), "photo_alt": ("alt_foto",), "attachments": ("lampiran",), "files": ("lampiran",), "file": ("berkas",),
    "session": ("sesi",), "sessions": ("program",), "programme": ("program",), "schedule": ("program",), "time": ("waktu",),
    "people": ("orang",), "role": ("peran",), "position": ("jabatan", "jabatan_kepala"), "institution": ("instansi",),
    "head": ("kepala_instansi",), "aliases": ("alias",), "abbreviation": ("singkatan",), "parent": ("induk",),
    "participants": ("jumlah_peserta",), "note": ("keterangan",), "drafts": ("draft",), "template": ("layout",),
    "per_page": ("berita_per_halaman",), "paginate": ("berita_per_halaman",), "allowed_html": ("html_diizinkan",),
}


def _unknown_key(path: str, schema: type[BaseModel]) -> str:
    *parents, key = path.split(".")
    model: Any = schema
    for part in parents:
        if part.isdigit() or model is None:
            continue
        info = model.model_fields.get(part)
        model = _inner_model(info.annotation) if info else None
    known = sorted(model.model_fields) if model is not None else []
    meant = next((k for k in ENGLISH_KEYS.get(key.lower(), ()) if k in known), None)
    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f" (keys are Indonesian: did you mean '{meant}'?)" if meant else f" (did you mean '{guess[0]}'?)" if guess else ""
    if parents:  # inside a programme item, a person's role, an attachment: no extra: there
        known_list = ", ".join(known)
        return f"{'.'.join(parents)}: '{key}' is not a known field{hint}; known fields here: {known_list}"
    return f"'{key}' is not a known field{hint}; put custom fields under extra:"


def _inner_model(annotation: Any) -> Any:
    for candidate in getattr(annotation, "__args__", ()) or (annotation,):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
