"""Checking an uploaded video before anything is kept, with PyAV (FFmpeg's libraries).

The container is sniffed from the first bytes and FFmpeg is then told which demuxer to use,
so it never guesses: a playlist (HLS, ffconcat) or any text disguised as `.mp4` is refused
before FFmpeg reads it, and nothing can make it open another file or a URL (the MOV
demuxer's external data references stay off, and only the `file` protocol is allowed).
Then: a video stream with a frame rate and a picture size within limits, a known duration
within the limit, one real decoded frame at the start and the last keyframe's packets
present at the end (a cut-off upload fails there).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput, PayloadTooLarge, UnsupportedMedia

MATROSKA_MAGIC = b"\x1a\x45\xdf\xa3"  # EBML header: Matroska and WebM
MP4_FIRST_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"}  # MP4 and QuickTime
# Our container name → FFmpeg demuxer, and the options that keep it to this one file.
DEMUXERS = {
    "mp4": ("mov", {"enable_drefs": "0", "protocol_whitelist": "file"}),
    "mkv": ("matroska", {"protocol_whitelist": "file"}),
}
MAX_LONG_SIDE, MAX_SHORT_SIDE = 3840, 2160
MAX_FPS = 120
# Packets read looking for the first picture, and the shortfall at the end that means "cut".
FIRST_FRAME_PACKETS = 300
END_TOLERANCE_SECONDS = 1.0


@dataclass(frozen=True)
class ProbedVideo:
    container: str  # "mp4" or "mkv"
    width: int  # as coded (before rotation)
    height: int
    duration: float  # seconds
    fps: float
    has_audio: bool


def sniff(path: Path) -> str | None:
    """ "mp4" or "mkv" from the file's first bytes, else None."""
    with open(path, "rb") as handle:
        head = handle.read(12)
    if head.startswith(MATROSKA_MAGIC):
        return "mkv"
    if len(head) >= 8 and head[4:8] in MP4_FIRST_BOXES:
        return "mp4"
    return None


def open_video(path: Path, container: str) -> av.container.InputContainer:
    demuxer, options = DEMUXERS[container]
    return av.open(str(path), format=demuxer, options=options)


def _refuse(code: str, message: str) -> InvalidInput:
    return InvalidInput(message, code=code)


def _corrupt() -> InvalidInput:
    return _refuse(
        "video_corrupt",
        _("That video seems damaged or incomplete. Try exporting or uploading it again."),
    )


def probe_video(path: Path, size: int) -> ProbedVideo:
    """Validate the video at `path`. Raises PayloadTooLarge, UnsupportedMedia (`not_a_video`)
    or InvalidInput with a stable code: `video_corrupt`, `video_no_picture`,
    `video_frame_size`, `video_frame_rate`, `video_duration_unknown`, `video_too_long`."""
    if size > settings.CROSSNOTE_VIDEO_MAX_BYTES:
        raise PayloadTooLarge(
            _("A video can be at most %(mb)d MB.")
            % {"mb": settings.CROSSNOTE_VIDEO_MAX_BYTES // (1024 * 1024)},
            code="video_too_large",
        )
    container = sniff(path) if size else None
    if container is None:
        raise UnsupportedMedia(
            _("That file is not a video we can read (MP4, MOV, WebM or MKV)."), code="not_a_video"
        )
    try:
        with open_video(path, container) as source:
            return _check(source, container)
    except av.FFmpegError:
        raise _corrupt() from None


def _check(source: av.container.InputContainer, container: str) -> ProbedVideo:
    if not source.streams.video:
        raise _refuse("video_no_picture", _("That file has no picture, only sound."))
    stream = source.streams.video[0]
    width, height = stream.codec_context.width, stream.codec_context.height
    if not width or not height:
        raise _corrupt()
    if max(width, height) > MAX_LONG_SIDE or min(width, height) > MAX_SHORT_SIDE:
        raise _refuse(
            "video_frame_size",
            _("That video is %(w)d×%(h)d; the most we take is 3840×2160 (4K).")
            % {"w": width, "h": height},
        )
    rate = stream.average_rate or stream.guessed_rate
    if not rate or rate <= 0 or rate > MAX_FPS:
        raise _refuse(
            "video_frame_rate",
            _("That video's frame rate is missing or above 120 frames a second."),
        )
    duration = _duration(source, stream)
    if duration is None:
        raise _refuse("video_duration_unknown", _("We could not tell how long that video is."))
    limit = settings.CROSSNOTE_VIDEO_MAX_SECONDS
    if duration > limit:
        raise _refuse(
            "video_too_long",
            _("A video can be at most %(minutes)d minutes long.") % {"minutes": limit // 60},
        )
    _check_first_frame(source, stream)
    _check_end(source, stream, duration)
    audio = source.streams.audio
    if audio and audio[0].codec_context is None:
        raise _corrupt()
    return ProbedVideo(container, width, height, duration, float(rate), bool(audio))


def _duration(source: av.container.InputContainer, stream: av.VideoStream) -> float | None:
    if stream.duration and stream.time_base:
        seconds = float(stream.duration * stream.time_base)
    elif source.duration:
        seconds = source.duration / av.time_base
    else:
        return None
    return seconds if seconds > 0 else None


def _check_first_frame(source: av.container.InputContainer, stream: av.VideoStream) -> None:
    for count, packet in enumerate(source.demux(stream)):
        if count >= FIRST_FRAME_PACKETS:
            break
        for _frame in packet.decode():
            return
    for _frame in stream.codec_context.decode(None):  # the decoder may hold frames back
        return
    raise _refuse("video_no_picture", _("We could not find a single picture in that video."))


def _check_end(
    source: av.container.InputContainer, stream: av.VideoStream, duration: float
) -> None:
    """The packets up to the stream's end are there: a file cut short ends early."""
    base = stream.time_base or Fraction(1, 1000)
    start = stream.start_time or 0
    source.seek(start + int(max(0.0, duration - 0.5) / base), stream=stream, backward=True)
    reached = None
    for packet in source.demux(stream):
        if packet.pts is None:
            continue
        end = float((packet.pts - start + (packet.duration or 0)) * base)
        reached = end if reached is None else max(reached, end)
    if reached is None or reached < duration - END_TOLERANCE_SECONDS:
        raise _corrupt()
