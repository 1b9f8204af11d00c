"""Making real image files for tests, in every format Crossnote accepts."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _image(size: tuple[int, int], color: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", size, color)
    # A distinct top-left corner lets tests see which way up the result is.
    image.paste((255, 255, 255), (0, 0, size[0] // 4, size[1] // 4))
    return image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def jpeg(
    size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 60, 90), **options: object
) -> bytes:
    return encode(_image(size, color), "JPEG", **options)


def png(size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    image = _image(size, color)
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret location: 31.2304N 121.4737E")
    return encode(image, "PNG", pnginfo=info)


def webp(size: tuple[int, int] = (64, 48)) -> bytes:
    return encode(_image(size, (20, 160, 80)), "WEBP")


def gif(size: tuple[int, int] = (64, 48)) -> bytes:
    frames = [_image(size, (250, 200, 0)), _image(size, (0, 0, 250))]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def heic(size: tuple[int, int] = (64, 48)) -> bytes:
    return encode(_image(size, (120, 20, 160)), "HEIF")


def jpeg_with_exif(size: tuple[int, int] = (80, 40), orientation: int = 6) -> bytes:
    """A JPEG whose EXIF says to rotate it, and which carries a GPS position."""
    image = _image(size, (10, 90, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "CameraMaker"
    gps = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    exif[0x8825] = gps
    return encode(image, "JPEG", exif=exif.tobytes())


def upload(
    data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
