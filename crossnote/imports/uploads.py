"""Receiving an archive: a plain multipart upload streamed to a temporary file (Django's
TemporaryFileUploadHandler), counted as it arrives and refused past
CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES, never held in memory."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput
from crossnote.imports.actions import too_large
from crossnote.imports.storage import imports_root

FIELD = "archive"


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Every file goes to disk; the request fails with 413 once its files pass the cap."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES + 65536:
            raise too_large()  # said so up front: nothing is read

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES:
            self.file.close()  # the temporary file is deleted
            raise too_large()
        return super().receive_data_chunk(raw_data, start)


def prepare(request: HttpRequest) -> None:
    """Call before anything reads the body (the request's POST or FILES). If something did
    already (the API's session CSRF check reads POST), the file is on disk all the same,
    and `check_start_import` refuses it by its size."""
    if not hasattr(request, "_files"):
        request.upload_handlers = [CappedUploadHandler(request)]


class _Written:
    """A small upload Django kept in memory, written to a file of ours (deleted on close)."""

    def __init__(self, upload: UploadedFile) -> None:
        with tempfile.NamedTemporaryFile(dir=imports_root(), delete=False) as sink:
            for chunk in upload.chunks():
                sink.write(chunk)
        self.path = Path(sink.name)

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


def received_archive(request: HttpRequest) -> tuple[Path, str, object]:
    """(the file's path, the name it was sent with, the object to close afterwards)."""
    upload = request.FILES.get(FIELD)
    if upload is None:
        raise InvalidInput(_("Choose the archive to upload."), code="archive_missing")
    if hasattr(upload, "temporary_file_path"):
        return Path(upload.temporary_file_path()), upload.name or "", upload
    written = _Written(upload)  # read before our handler was in place (≤ 4 MB)
    upload.close()
    return written.path, upload.name or "", written
