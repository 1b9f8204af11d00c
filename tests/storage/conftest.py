"""An S3-compatible server for the storage tests: moto in server mode on loopback, one per
test process, with a fresh bucket for each test. The media settings then point at it exactly
as CROSSNOTE_MEDIA_STORAGE_URL would in production."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from crossnote.media.s3config import s3_options
from crossnote.media.storage import originals_storage


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """The address of a moto S3 server on 127.0.0.1 (a thread of this test process)."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop()


def storage_url(server: str, bucket: str, query: str = "") -> str:
    return f"s3://test-key:test-secret@{server}/{bucket}?tls=0&region=us-east-1{query}"


@pytest.fixture
def s3(settings: Any, s3_server: str) -> Iterator[dict]:
    """Media in a new, empty bucket of the test S3 server; returns the storage options."""
    bucket = f"cn-{uuid.uuid4().hex[:16]}"
    options = s3_options({"CROSSNOTE_MEDIA_STORAGE_URL": storage_url(s3_server, bucket)})
    assert options is not None
    client(options).create_bucket(Bucket=bucket)
    use_s3(settings, options)
    yield options
    originals_storage.cache_clear()


def use_s3(settings: Any, options: dict) -> None:
    settings.CROSSNOTE_S3 = options
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "crossnote.media.s3.MediaS3Storage", "OPTIONS": options},
    }
    originals_storage.cache_clear()


def client(options: dict) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )


def keys(options: dict, prefix: str = "") -> set[str]:
    """Every object's key in the bucket under `prefix`."""
    pages = client(options).get_paginator("list_objects_v2")
    found = set()
    for page in pages.paginate(Bucket=options["bucket_name"], Prefix=prefix):
        found.update(entry["Key"] for entry in page.get("Contents", []))
    return found
