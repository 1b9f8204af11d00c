"""Checking uploads before anything is stored.

The real type is sniffed from the bytes (the client's filename and content type are never
trusted), the pixel count is read from the header before any decoding, and the image is
then decoded once, at reduced scale where the format allows, to catch truncated files.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from crossnote.core.errors import InvalidInput, PayloadTooLarge, UnsupportedMedia

ACCEPTED_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heic", "GIF": "gif"}


def register_formats() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    # Pillow's own bomb check must not be looser than ours; ours runs first with a clear message.
    Image.MAX_IMAGE_PIXELS = settings.CROSSNOTE_MAX_PIXELS


@dataclass(frozen=True)
class Inspected:
    format: str
    width: int
    height: int


def _too_many_pixels(pixels: int | None) -> InvalidInput:
    limit = settings.CROSSNOTE_MAX_PIXELS // 1_000_000
    if pixels is None:
        message = _("That photo has more than %(max)d megapixels, the most we take.") % {
            "max": limit
        }
    else:
        message = _("That photo is %(mp).0f megapixels; the most we take is %(max)d.") % {
            "mp": pixels / 1e6,
            "max": limit,
        }
    return InvalidInput(message, code="image_too_many_pixels")


def inspect_upload(stream: BinaryIO, size: int) -> Inspected:
    """Validate one uploaded image. Raises PayloadTooLarge, UnsupportedMedia or InvalidInput."""
    if size > settings.CROSSNOTE_MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(
            _("Each photo can be at most %(mb)d MB.")
            % {"mb": settings.CROSSNOTE_MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="image_too_large",
        )
    if size == 0:
        raise UnsupportedMedia(_("That file is empty."), code="not_an_image")
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow read the size from the header and refused before decoding anything.
        raise _too_many_pixels(None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UnsupportedMedia(code="not_an_image") from None
    with image:
        if image.format not in ACCEPTED_FORMATS:
            raise UnsupportedMedia(code="not_an_image")
        width, height = image.size
        if width * height > settings.CROSSNOTE_MAX_PIXELS:
            raise _too_many_pixels(width * height)
        if width == 0 or height == 0:
            raise UnsupportedMedia(code="not_an_image")
        try:
            if image.format == "JPEG":
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise InvalidInput(
                _("That photo seems damaged or incomplete. Try exporting it again."),
                code="image_corrupt",
            ) from None
        return Inspected(ACCEPTED_FORMATS[image.format], width, height)
