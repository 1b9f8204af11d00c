"""Tiny test clips made with PyAV itself: nothing downloaded, nothing copyrighted."""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw


def picture(i: int, width: int, height: int, black: bool = False) -> Image.Image:
    if black:
        return Image.new("RGB", (width, height), (0, 0, 0))
    image = Image.new("RGB", (width, height), (40 + (i * 7) % 160, 120, 200))
    draw = ImageDraw.Draw(image)
    # A white block in the top-left corner: tells rotation apart in the output.
    draw.rectangle((0, 0, width // 4, height // 4), fill=(255, 255, 255))
    return image


def make_clip(
    path: Path,
    *,
    width: int = 96,
    height: int = 64,
    seconds: float = 1.0,
    fps: int = 24,
    container: str = "mp4",
    codec: str = "libx264",
    audio: bool = True,
    metadata: dict[str, str] | None = None,
    black_frames: int = 0,
    faststart: bool = False,
) -> Path:
    """Write a clip: a coloured picture with a white top-left corner, and a silent track."""
    options = {"movflags": "+faststart"} if faststart else {}
    with av.open(str(path), "w", format=container, options=options) as out:
        if metadata:
            out.metadata.update(metadata)
        video = out.add_stream(codec, rate=fps)
        video.width, video.height = width, height
        video.pix_fmt = "yuv420p"
        sound = out.add_stream("aac", rate=48000, layout="stereo") if audio else None
        frames = int(seconds * fps)
        for i in range(frames):
            frame = av.VideoFrame.from_image(picture(i, width, height, i < black_frames))
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if sound is not None:
            for i in range(int(seconds * 48000 / 1024)):
                samples = av.AudioFrame(format="fltp", layout="stereo", samples=1024)
                for plane in samples.planes:
                    plane.update(bytes(1024 * 4))
                samples.sample_rate = 48000
                samples.pts = i * 1024
                for packet in sound.encode(samples):
                    out.mux(packet)
            for packet in sound.encode(None):
                out.mux(packet)
    return path


def make_sparse_clip(path: Path, *, width: int, height: int, seconds: int, fps: int = 1) -> Path:
    """Two frames `seconds` apart in Matroska (FFV1): a long clip that costs nothing to make."""
    with av.open(str(path), "w", format="matroska") as out:
        video = out.add_stream("ffv1", rate=fps)
        video.width, video.height = width, height
        video.pix_fmt = "yuv420p"
        for pts in (0, seconds * fps):
            frame = av.VideoFrame.from_image(picture(pts, width, height))
            frame.pts = pts
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
    return path


def rotate_mp4(path: Path, degrees: int) -> Path:
    """Set the video track's display matrix (tkhd) to a clockwise turn, as phones do."""
    data = bytearray(path.read_bytes())
    turns = {90: (0, 1, -1, 0), 180: (-1, 0, 0, -1), 270: (0, -1, 1, 0)}[degrees]
    start = 0
    while (at := data.find(b"tkhd", start)) != -1:
        start = at + 4
        version = data[at + 4]
        # version/flags, times, track id, reserved, duration, reserved, layer, group, volume…
        matrix = at + 4 + 4 + (16 if version else 8) + 8 + (8 if version else 4) + 8 + 8
        a, b, c, d = turns
        values = (a << 16, b << 16, 0, c << 16, d << 16, 0, 0, 0, 1 << 30)
        width = struct.unpack(">I", data[matrix + 36 : matrix + 40])[0]
        if width:  # the video track (audio tracks have no width)
            data[matrix : matrix + 36] = struct.pack(">9i", *values)
    path.write_bytes(bytes(data))
    return path
