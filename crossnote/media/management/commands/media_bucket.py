"""`crossnote media_bucket`: create the configured S3 bucket if it is missing, and check that
Crossnote can write, read and delete an object in it (a deployment's first step)."""

from __future__ import annotations

import secrets
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from crossnote.media.storage import public_storage


class Command(BaseCommand):
    help = "Create the media bucket when missing and check it can be written, read and deleted."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CROSSNOTE_S3:
            raise CommandError("Media are on the local disk: set CROSSNOTE_MEDIA_STORAGE_URL.")
        store = public_storage()
        bucket = settings.CROSSNOTE_S3["bucket_name"]
        client = store.connection.meta.client  # type: ignore[attr-defined]
        try:
            try:
                client.head_bucket(Bucket=bucket)
            except ClientError:
                region = settings.CROSSNOTE_S3["region_name"]
                extra = (
                    {"CreateBucketConfiguration": {"LocationConstraint": region}}
                    if region and region != "us-east-1"
                    else {}
                )
                client.create_bucket(Bucket=bucket, **extra)
                self.stdout.write(f"Created the bucket {bucket}.")
            name = f".check-{secrets.token_hex(8)}"
            store.save(name, ContentFile(b"ok"))
            with store.open(name, "rb") as handle:
                assert handle.read() == b"ok"
            store.delete(name)
        except (BotoCoreError, ClientError) as exc:
            raise CommandError(f"The bucket {bucket} cannot be used: {exc}") from exc
        self.stdout.write(f"The bucket {bucket} is ready.")
