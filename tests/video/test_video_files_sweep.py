"""The hourly orphan sweep knows videos: it keeps a waiting video's original and the files a
video job is writing, keeps a ready video's renditions, and deletes video files no row
names. (Before, it treated every file in the originals folder as a photo's, so a video
waiting longer than the grace period for its retry lost its original.)"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from crossnote.media import storage
from crossnote.media.actions import sweep_orphan_files
from crossnote.media.models import Photo, Video
from crossnote.media.video_actions import video_names
from tests.stored_files import stored_names


def test_the_sweep_keeps_what_videos_need_and_deletes_what_none_names(make_user):
    owner, _client = make_user("anna")
    originals, public = storage.originals_storage(), storage.public_storage()
    waiting = Video.objects.create(owner=owner, source_format="mp4", original="2020/01/w.mp4")
    storage.save_exact(originals, waiting.original, b"x")
    hd, _sd, _poster = video_names(waiting.original)
    folder, _, name = hd.rpartition("/")
    half_written = f"{folder}/.{name}.part"
    storage.save_exact(public, half_written, b"x")  # a killed job's: the retry writes over it
    ready = Video.objects.create(
        owner=owner,
        source_format="mp4",
        state=Video.State.READY,
        sd="videos/2020/01/r_sd.mp4",
        poster="videos/2020/01/r_p.webp",
    )
    storage.save_exact(public, ready.sd, b"x")
    storage.save_exact(public, ready.poster, b"x")
    storage.save_exact(originals, "2020/01/gone.mp4", b"x")  # its row was deleted
    storage.save_exact(public, "videos/2020/01/gone_sd.mp4", b"x")
    storage.save_exact(public, "videos/2020/01/.gone_hd.mp4.part", b"x")

    assert sweep_orphan_files() == 0  # all younger than the grace period
    later = timezone.now() + Photo.ORPHAN_GRACE + timedelta(seconds=1)
    assert sweep_orphan_files(now=later) == 3
    assert stored_names(originals) == {waiting.original}
    assert stored_names(public) == {half_written, ready.sd, ready.poster}
