"""Turning an original upload into the variants Crossnote serves.

EXIF orientation is applied first, then every piece of metadata is left behind: variants are
re-encoded from pixels alone (no EXIF, GPS, XMP, ICC or PNG text chunks), in sRGB.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

GRID_WIDTH = 540
FULL_LONG_EDGE = 2048
QUALITY = 82


@dataclass(frozen=True)
class Rendered:
    grid: bytes
    full: bytes
    width: int
    height: int
    color: str


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, target, outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError):
            pass  # A broken profile is ignored rather than failing the photo.
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (WebP could keep alpha, but cards are opaque)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=QUALITY, method=4)
    return out.getvalue()


def render(data: bytes) -> Rendered:
    """Make the grid and full variants of an image. Raises OSError if it cannot be decoded."""
    with Image.open(io.BytesIO(data)) as source:
        source.seek(0)  # GIF and animated WebP: the first frame.
        oriented = ImageOps.exif_transpose(source)
        pixels = _flatten(_to_srgb(oriented))
    full = pixels.copy()
    full.thumbnail((FULL_LONG_EDGE, FULL_LONG_EDGE), Image.Resampling.LANCZOS)
    grid_height = max(1, round(pixels.height * GRID_WIDTH / pixels.width))
    grid = (
        pixels
        if pixels.width <= GRID_WIDTH
        else pixels.resize((GRID_WIDTH, grid_height), Image.Resampling.LANCZOS)
    )
    r, g, b = pixels.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return Rendered(
        grid=_encode(grid),
        full=_encode(full),
        width=full.width,
        height=full.height,
        color=f"#{r:02x}{g:02x}{b:02x}",
    )
