"""One transcoding job, run as a child process of the worker: `python -m crossnote.media.video_job`.

Why a child process: its CPU time and address space are capped with `setrlimit` (limits on
the worker itself would cover every task it runs), a decoder crash on a hostile file takes
down this process rather than the worker, and the kernel ends it if the worker is killed
(PR_SET_DEATHSIG), so a killed worker never leaves a job running beside its retry. It
imports no Django: it reads one file and writes files next to the targets it is given, then
renames them into place, and prints a JSON line describing what it made.

The renditions are H.264 (libx264, `CROSSNOTE_VIDEO_PRESET`, CRF) + AAC in MP4 with the
index first (`movflags=faststart`), so playback and seeking start before the download ends.
Rotation metadata is applied to the pixels; no container or stream metadata is copied
(location, device make and model stay behind). The poster is the most detailed non-black
frame of the first three seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import signal
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageStat

from crossnote.media.video_probe import open_video, sniff

# name → (short side at most, CRF, video max bitrate, audio bitrate)
RENDITIONS = {"hd": (1080, 23, "5M", 128_000), "sd": (480, 26, "1200k", 96_000)}
POSTER_WINDOW = 3.0  # seconds at the start the poster is chosen from
POSTER_EVERY = 0.25  # seconds between candidate frames
POSTER_QUALITY = 80


def even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def rendition_sizes(width: int, height: int) -> dict[str, tuple[int, int]]:
    """Sizes per rendition, never upscaled: a source no bigger than 480 gets only `sd`."""
    short = min(width, height)
    sizes = {}
    for name, (target, *_rest) in RENDITIONS.items():
        if short > target:
            scale = target / short
            sizes[name] = (even(width * scale), even(height * scale))
        elif name == "sd" or short > RENDITIONS["sd"][0]:
            sizes[name] = (even(width), even(height))
    return sizes


def rotation_filters(rotation: float) -> list[tuple[str, str]]:
    """FFmpeg filters that turn the decoded picture upright (rotation counter-clockwise)."""
    turn = round(rotation / 90) % 4
    return {0: [], 1: [("transpose", "cclock")], 2: [("hflip", ""), ("vflip", "")]}.get(
        turn, [("transpose", "clock")]
    )


@dataclass
class Output:
    name: str
    path: Path
    size: tuple[int, int]
    container: av.container.OutputContainer
    video: av.VideoStream
    graph: av.filter.Graph
    audio: av.AudioStream | None = None
    resampler: av.AudioResampler | None = None


@dataclass
class Poster:
    image: Image.Image | None = None
    score: float = -1.0
    next_time: float = 0.0
    candidates: list[float] = field(default_factory=list)

    def consider(self, frame: av.VideoFrame, seconds: float) -> None:
        if seconds > POSTER_WINDOW and self.image is not None:
            return
        if seconds < self.next_time:
            return
        self.next_time = seconds + POSTER_EVERY
        image = frame.to_image()
        stat = ImageStat.Stat(image.convert("L"))
        mean, spread = stat.mean[0], stat.stddev[0]
        # A black or blank frame scores low; among the rest, the most detailed wins.
        score = spread + (100.0 if mean > 24 else 0.0)
        if score > self.score:
            self.image, self.score = image, score


def _part(path: Path) -> Path:
    # Fixed name: a retried job writes over what a killed one left instead of beside it.
    return path.with_name(f".{path.name}.part")


def _open_output(name, path, size, source_video, source_audio, rotation, preset) -> Output:
    _limit, crf, maxrate, audio_rate = RENDITIONS[name]
    container = av.open(str(_part(path)), "w", format="mp4", options={"movflags": "+faststart"})
    rate = source_video.average_rate or source_video.guessed_rate or Fraction(30)
    video = container.add_stream(
        "libx264",
        rate=rate,
        options={"preset": preset, "crf": str(crf), "maxrate": maxrate, "bufsize": "10M"},
    )
    video.width, video.height = size
    video.pix_fmt = "yuv420p"
    video.time_base = source_video.time_base
    video.codec_context.time_base = source_video.time_base
    graph = av.filter.Graph()
    nodes = [graph.add_buffer(template=source_video)]
    for filter_name, args in rotation_filters(rotation):
        nodes.append(graph.add(filter_name, args))
    nodes.append(graph.add("scale", f"{size[0]}:{size[1]}"))
    nodes.append(graph.add("format", "yuv420p"))
    nodes.append(graph.add("buffersink"))
    graph.link_nodes(*nodes).configure()
    output = Output(name, path, size, container, video, graph)
    if source_audio is not None:
        output.audio = container.add_stream("aac", rate=48000, layout="stereo")
        output.audio.bit_rate = audio_rate
        output.resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
    return output


def _encode_video(output: Output, frame: av.VideoFrame | None) -> list[av.VideoFrame]:
    made = []
    if frame is not None:
        output.graph.push(frame)
        while True:
            try:
                made.append(output.graph.pull())
            except (av.BlockingIOError, av.EOFError):
                break
    for picture in [*made, None] if frame is None else made:
        for packet in output.video.encode(picture):
            output.container.mux(packet)
    return made


def _encode_audio(output: Output, frame: av.AudioFrame | None) -> None:
    assert output.audio is not None and output.resampler is not None
    for resampled in output.resampler.resample(frame):
        for packet in output.audio.encode(resampled):
            output.container.mux(packet)
    if frame is None:
        for packet in output.audio.encode(None):
            output.container.mux(packet)


def transcode(source_path: Path, targets: dict[str, Path], poster_path: Path, preset: str) -> dict:
    """Make the renditions and the poster; returns their sizes, duration and colour."""
    container = sniff(source_path)
    if container is None:
        raise ValueError("not a video")
    with open_video(source_path, container) as source:
        video_in = source.streams.video[0]
        video_in.thread_type = "AUTO"
        audio_in = source.streams.audio[0] if source.streams.audio else None
        streams = [video_in] + ([audio_in] if audio_in is not None else [])
        outputs: list[Output] = []
        poster = Poster()
        last_seconds = 0.0
        for packet in source.demux(*streams):
            for frame in packet.decode():
                if isinstance(frame, av.VideoFrame):
                    if not outputs:
                        outputs = _start(frame, targets, video_in, audio_in, preset)
                    seconds = float(frame.time or 0.0)
                    last_seconds = max(last_seconds, seconds + _frame_seconds(frame))
                    for output in outputs:
                        made = _encode_video(output, frame)
                        if output is outputs[0]:
                            for shown in made:
                                poster.consider(shown, seconds)
                elif outputs:  # audio before the first picture is dropped: nothing to sync it to
                    for output in outputs:
                        _encode_audio(output, frame)
        if not outputs or poster.image is None:
            raise ValueError("no picture")
        for output in outputs:
            _encode_video(output, None)
            if output.audio is not None:
                _encode_audio(output, None)
            output.container.close()
    for output in outputs:
        os.replace(_part(output.path), output.path)
    color = _save_poster(poster.image, poster_path)
    width, height = outputs[0].size
    return {
        "renditions": [o.name for o in outputs],
        "width": width,
        "height": height,
        "duration": round(last_seconds, 3),
        "color": color,
    }


def _frame_seconds(frame: av.VideoFrame) -> float:
    if frame.duration and frame.time_base:
        return float(frame.duration * frame.time_base)
    return 0.0


def _start(frame, targets, video_in, audio_in, preset) -> list[Output]:
    rotation = getattr(frame, "rotation", 0) or 0
    width, height = frame.width, frame.height
    if round(rotation / 90) % 2:
        width, height = height, width
    sizes = rendition_sizes(width, height)
    return [
        _open_output(name, targets[name], size, video_in, audio_in, rotation, preset)
        for name, size in sizes.items()
    ]


def _save_poster(image: Image.Image, path: Path) -> str:
    part = _part(path)
    image.convert("RGB").save(part, format="WEBP", quality=POSTER_QUALITY, method=4)
    os.replace(part, path)
    r, g, b = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{r:02x}{g:02x}{b:02x}"


def limit_self(cpu_seconds: int, memory_mb: int) -> None:
    """Cap this process, and die with the parent (Linux), before touching the file."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("--hd", type=Path, required=True)
    parser.add_argument("--sd", type=Path, required=True)
    parser.add_argument("--poster", type=Path, required=True)
    parser.add_argument("--preset", default="veryfast")
    parser.add_argument("--cpu-seconds", type=int, default=3600)
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--parent", type=int, default=0)
    args = parser.parse_args(argv)
    limit_self(args.cpu_seconds, args.memory_mb)
    if args.parent and os.getppid() != args.parent:
        return 3  # the worker died before the death signal was armed
    try:
        result = transcode(args.source, {"hd": args.hd, "sd": args.sd}, args.poster, args.preset)
    except MemoryError:
        print(json.dumps({"error": "memory_limit"}))
        return 2
    except (av.FFmpegError, ValueError, OSError) as exc:
        print(json.dumps({"error": "transcode_failed", "detail": str(exc)[:150]}))
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
