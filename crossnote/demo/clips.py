"""Short demo videos, drawn by the project: a slow zoom over one of the demo's own pictures
(`demo.artwork`), encoded with PyAV. Nothing recorded, nothing copyrighted."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

from crossnote.demo import artwork

SIZE = (540, 960)  # vertical, as phones film
FPS = 24


@dataclass(frozen=True)
class ClipSpec:
    author: str
    motif: str
    title: str
    body: str
    topic: str
    seconds: int = 4


CLIPS = (
    ClipSpec(
        "lin_chen",
        "hotpot",
        "鸳鸯锅开煮 🌶️",
        "红汤滚起来的那一刻！新来成都的朋友先从微辣开始 #火锅 #成都美食",
        "food",
    ),
    ClipSpec(
        "sam",
        "dumplings",
        "First time folding jiaozi",
        "Ten tries in, they finally stand up on their own 🥟 #dumplings #TikTokRefugee",
        "food",
    ),
    ClipSpec(
        "mei",
        "metro",
        "Shanghai metro in 4 seconds",
        "Line 2 takes you from Pudong airport to the Bund. 地铁二号线直达外滩 #citywalk",
        "travel",
    ),
)


def clip(spec: ClipSpec) -> bytes:
    """MP4 bytes: the motif's picture, slowly zoomed, `spec.seconds` long, without sound."""
    picture = Image.open(io.BytesIO(artwork.photo(spec.motif, seed=spec.title, shape="portrait")))
    picture = picture.convert("RGB").resize(SIZE, Image.Resampling.LANCZOS)
    frames = spec.seconds * FPS
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.mp4"
        with av.open(str(path), "w", format="mp4") as out:
            stream = out.add_stream("libx264", rate=FPS, options={"preset": "veryfast"})
            stream.width, stream.height = SIZE
            stream.pix_fmt = "yuv420p"
            for i in range(frames):
                zoom = 1 + 0.15 * i / frames
                w, h = SIZE[0] / zoom, SIZE[1] / zoom
                left, top = (SIZE[0] - w) / 2, (SIZE[1] - h) / 3
                box = (round(left), round(top), round(left + w), round(top + h))
                shown = picture.resize(SIZE, Image.Resampling.BILINEAR, box=box)
                frame = av.VideoFrame.from_image(shown)
                frame.pts, frame.time_base = i, Fraction(1, FPS)
                for packet in stream.encode(frame):
                    out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)
        return path.read_bytes()
