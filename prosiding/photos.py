"""Photos: resized, metadata-free copies of the raster images a site publishes.

A phone photo is 4000 pixels wide and carries where it was taken (EXIF GPS); a reader on a slow
connection needs 480 pixels and nobody needs the location. So every JPEG, PNG and WebP under
content/ is published without its metadata (the orientation is applied to the pixels first), and
gets copies at the widths the theme shows (`WIDTHS`, never larger than the original) for `srcset`.

`read_images` is the one place image files are opened (I/O, cached by content hash); everything
else here is pure: `make_picture` decides the copies from an image's size, `encode_copy` turns
bytes into bytes, the same input always into the same bytes (no timestamps, no metadata).
"""
from __future__ import annotations

import base64
import hashlib
import io
import posixpath
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .errors import ProsidingError, SourceRef
from .sources import printable_path
from .model import ImageCopy, Picture

# The widths the bundled theme lays images out at: a phone (480), the text column at 1x and
# high-density screens (960 covers the 46rem column), and a wide figure at 2x (1440).
WIDTHS = (480, 960, 1440)
RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
FORMATS = {"JPEG", "PNG", "WEBP"}
# What `sizes` says: the image is at most the width of the text column (style.css --measure).
SIZES = "(max-width: 46rem) 100vw, 46rem"
# Quality of the copies; the full-size file keeps more detail, it is the one people download.
QUALITY = {"copy": 82, "full": 90}
# Changing how copies are made must re-encode them: part of every copy's key.
ENCODER = "photos-1"


@dataclass(frozen=True)
class ImageFacts:
    """What the build knows of one raster file under content/: its hash and its size as shown
    (after EXIF orientation), or why it cannot be used as an image."""

    sha256: str
    width: int = 0
    height: int = 0
    format: str = ""  # JPEG | PNG | WEBP
    problem: str | None = None  # set when the file is not a readable JPEG/PNG/WebP


def is_raster(rel: str) -> bool:
    return posixpath.splitext(rel)[1].lower() in RASTER_SUFFIXES


def read_images(assets: Iterable, cache=None) -> dict[str, ImageFacts]:
    """Open every JPEG/PNG/WebP among `assets` (sources.AssetFile) and note its size or problem.

    Decoding a large photo takes a while; the result depends only on the bytes, so it is cached by
    their hash, and only a new or edited image is decoded again.
    """
    found: dict[str, ImageFacts] = {}
    for asset in assets:
        rel = asset.rel.as_posix()
        if not is_raster(rel):
            continue
        try:
            data = asset.path.read_bytes()
        except OSError as exc:
            found[rel] = ImageFacts("", problem=f"could not be read: {exc.strerror or exc}")
            continue
        sha = hashlib.sha256(data).hexdigest()
        key = f"{ENCODER}:{sha}"
        known = cache.get("image", key) if cache is not None else None
        facts = _facts_from_record(sha, known)
        if facts is None:
            facts = probe_image(data, sha)
            if cache is not None:
                cache.put("image", key, [facts.width, facts.height, facts.format, facts.problem])
        found[rel] = facts
    return found


def read_image_bytes(content_dir: Path, rel: str, sha256: str) -> bytes:
    """The bytes of an image read earlier in this build; an edit since then stops the build
    (its copies would not match the sizes the pages were given)."""
    path = content_dir.joinpath(*rel.split("/"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProsidingError(f"could not be read: {exc.strerror or exc}", SourceRef(printable_path(f"content/{rel}"))) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ProsidingError("changed while the site was being built; build again", SourceRef(printable_path(f"content/{rel}")))
    return data


def _facts_from_record(sha: str, record: object) -> ImageFacts | None:
    try:
        width, height, fmt, problem = record  # type: ignore[misc]
        return ImageFacts(sha, int(width), int(height), str(fmt), None if problem is None else str(problem))
    except (TypeError, ValueError):
        return None


def probe_image(data: bytes, sha: str = "") -> ImageFacts:
    """The shown size and format of an image file, or why it is not one (decoded whole, so a
    truncated file is found here and not half-way through writing the output)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format or ""
                if fmt not in FORMATS:
                    return ImageFacts(sha, problem=f"is a {fmt or 'unknown'} image; use JPEG, PNG or WebP")
                orientation = image.getexif().get(0x0112, 1)
                image.load()
                width, height = image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        if isinstance(exc, UnidentifiedImageError):
            return ImageFacts(sha, problem="is not a JPEG, PNG or WebP image (its content is something else, or it is damaged)")
        return ImageFacts(sha, problem="is too large to open safely (more pixels than Pillow's decompression-bomb limit)")
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt data
        return ImageFacts(sha, problem=f"cannot be decoded as an image ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")
    if orientation in (5, 6, 7, 8):  # stored sideways: shown with width and height swapped
        width, height = height, width
    return ImageFacts(sha, width, height, fmt)


def copy_widths(width: int) -> tuple[int, ...]:
    """The widths copies are made at: each theme width smaller than the image, and the image's own
    width when it is narrower than the widest (an image is never scaled up)."""
    return tuple(sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])}))


def scaled_height(facts: ImageFacts, width: int) -> int:
    return max(1, round(facts.height * width / facts.width))


def make_picture(rel: str, facts: ImageFacts, sizes: str = SIZES) -> Picture:
    """An image as pages show it: its copies (urls.py names them), the widest one its `src`."""
    copies = tuple(ImageCopy(urls.image_copy_path(rel, w), w, scaled_height(facts, w)) for w in copy_widths(facts.width))
    return Picture(original=urls.asset_path(rel), copies=copies, sizes=sizes)


def image_outputs(images: Mapping[str, ImageFacts]) -> list[tuple[str, dict]]:
    """(output path, context) of every file made from the site's images: the full-size file in the
    original's place and each copy. The context is all a file is made from (see `encode_copy`)."""
    files = []
    for rel, facts in images.items():
        if facts.problem is not None:
            continue  # published as it is; an error if a page shows it (see collect.py, body.py)
        common = {"source": rel, "sha256": facts.sha256, "format": facts.format}
        files.append((urls.asset_path(rel), {**common, "width": facts.width, "quality": QUALITY["full"]}))
        for width in copy_widths(facts.width):
            files.append((urls.image_copy_path(rel, width), {**common, "width": width, "quality": QUALITY["copy"]}))
    return files


def copy_key(context: Mapping) -> str:
    """What decides a copy's bytes: the source's hash, width, format, quality, and the encoder."""
    from PIL import __version__ as pillow_version

    from .cache import digest

    return digest(ENCODER, pillow_version, context["sha256"], str(context["width"]), context["format"], str(context["quality"]))


def encode_copy(data: bytes, width: int, fmt: str, quality: int) -> bytes:
    """`data` as an image `width` pixels wide, in `fmt`, with the EXIF orientation applied and no
    metadata at all (EXIF, GPS, XMP, comments, text chunks); only the colour profile is kept, as
    it changes how the pixels look. Deterministic: the same arguments give the same bytes."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        # A CMYK profile would misdescribe the RGB pixels the copy gets: dropped with the conversion.
        icc = opened.info.get("icc_profile") if opened.mode != "CMYK" else None
        image = ImageOps.exif_transpose(opened) or opened
        image.load()
        image = _usable_mode(image, fmt)
        if width != image.width:
            image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
        clean = Image.new(image.mode, image.size)  # pixels only: no info, no EXIF, no XMP to carry over
        clean.paste(image)
    options: dict = {"icc_profile": icc} if icc else {}
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=quality, optimize=True, progressive=True, **options)
    elif fmt == "PNG":
        clean.save(out, "PNG", optimize=True, **options)
    else:
        clean.save(out, "WEBP", quality=quality, method=4, **options)
    return out.getvalue()


def _usable_mode(image, fmt: str):
    """A mode `fmt` can store and resizing keeps smooth (a palette image is resized as RGBA)."""
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    return image.convert("RGBA" if "transparency" in image.info or image.mode in ("P", "PA") else "RGB")


def pack(data: bytes) -> str:
    """Bytes as a cache value (the cache holds JSON)."""
    return base64.b64encode(data).decode("ascii")


def unpack(value: object) -> bytes | None:
    try:
        return base64.b64decode(str(value), validate=True) if isinstance(value, str) else None
    except ValueError:
        return None
