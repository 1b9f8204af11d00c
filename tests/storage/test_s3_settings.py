"""Object-storage settings: one URL or separate variables, and every setting that cannot
work refused at start with a message naming it."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured

from crossnote.media.s3config import origins, s3_options


def test_no_setting_means_the_local_file_system():
    assert s3_options({}) is None
    assert origins(None) == []


def test_one_url_names_everything():
    options = s3_options(
        {
            "CROSSNOTE_MEDIA_STORAGE_URL": "s3://AK%2F1:se%40cret@minio.internal:9000/crossnote"
            "?region=eu-central-1&tls=0&signed_url_seconds=60"
        }
    )
    assert options is not None
    assert options["bucket_name"] == "crossnote"
    assert options["endpoint_url"] == "http://minio.internal:9000"
    assert (options["access_key"], options["secret_key"]) == ("AK/1", "se@cret")
    assert options["region_name"] == "eu-central-1"
    assert options["querystring_expire"] == 60
    assert options["addressing_style"] == "path"  # what MinIO, Garage and SeaweedFS expect
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert origins(options) == ["http://minio.internal:9000"]


def test_separate_variables_win_over_the_url():
    options = s3_options(
        {
            "CROSSNOTE_MEDIA_STORAGE_URL": "s3://a:b@garage.internal:3900/one",
            "CROSSNOTE_S3_BUCKET": "two",
            "CROSSNOTE_S3_PUBLIC_URL": "https://cdn.example/media",
        }
    )
    assert options is not None
    assert options["bucket_name"] == "two"
    assert options["endpoint_url"] == "https://garage.internal:3900"
    assert options["public_url"] == "https://cdn.example/media/"
    assert origins(options) == ["https://garage.internal:3900", "https://cdn.example"]


def test_aws_without_an_endpoint_uses_its_own_addresses():
    options = s3_options({"CROSSNOTE_S3_BUCKET": "crossnote-media"})
    assert options is not None
    assert options["endpoint_url"] is None and options["addressing_style"] == "auto"
    assert options["access_key"] is None  # boto3's own chain: environment, instance role
    assert origins(options) == ["https://*.amazonaws.com"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CROSSNOTE_MEDIA_STORAGE_URL": "minio://h/b"}, "must start with s3://"),
        ({"CROSSNOTE_MEDIA_STORAGE_URL": "s3://k:s@host"}, "must name a host and one bucket"),
        ({"CROSSNOTE_MEDIA_STORAGE_URL": "s3://k:s@host/a/b"}, "must name a host and one bucket"),
        ({"CROSSNOTE_MEDIA_STORAGE_URL": "s3://k:s@h/b?colour=red"}, "unknown options: colour"),
        ({"CROSSNOTE_S3_REGION": "eu-west-1"}, "CROSSNOTE_S3_BUCKET is required"),
        (
            {"CROSSNOTE_S3_BUCKET": "b", "CROSSNOTE_S3_ENDPOINT_URL": "minio:9000"},
            "must be an http(s) address",
        ),
        (
            {"CROSSNOTE_S3_BUCKET": "b", "CROSSNOTE_S3_ADDRESSING_STYLE": "sideways"},
            "path, virtual or auto",
        ),
        ({"CROSSNOTE_S3_BUCKET": "b", "CROSSNOTE_S3_SIGNED_URL_SECONDS": "soon"}, "1 to 604800"),
        ({"CROSSNOTE_S3_BUCKET": "b", "CROSSNOTE_S3_SIGNED_URL_SECONDS": "0"}, "1 to 604800"),
        ({"CROSSNOTE_S3_BUCKET": "b", "CROSSNOTE_S3_SIGNED_URL_SECONDS": "604801"}, "1 to 604800"),
        (
            {"CROSSNOTE_S3_BUCKET": "b", "CROSSNOTE_S3_PUBLIC_URL": "cdn.example"},
            "must be an http(s) address",
        ),
    ],
)
def test_a_setting_that_cannot_work_is_refused_at_start(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        s3_options(environ)


def test_virtual_host_addresses_are_allowed_by_the_page_policy():
    options = s3_options(
        {
            "CROSSNOTE_S3_BUCKET": "b",
            "CROSSNOTE_S3_ENDPOINT_URL": "https://s3.example:443",
            "CROSSNOTE_S3_ADDRESSING_STYLE": "virtual",
        }
    )
    assert "https://b.s3.example:443" in origins(options)


def test_settings_point_media_at_the_store_and_let_pages_load_from_it(tmp_path):
    """The real settings module, read with the variable set, as a deployment starts."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps([s.STORAGES['default']['BACKEND'],"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'],"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['media-src']]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crossnote.settings",
        "CROSSNOTE_DATA_DIR": str(tmp_path),
        "CROSSNOTE_MEDIA_STORAGE_URL": "s3://k:s@minio.internal:9000/crossnote?tls=0",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    backend, images, media = json.loads(done.stdout)
    assert backend == "crossnote.media.s3.MediaS3Storage"
    assert "http://minio.internal:9000" in images
    assert media == ["'self'", "http://minio.internal:9000"]


def test_the_bucket_command_creates_and_checks_the_bucket(settings, s3_server, db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.storage.conftest import keys, storage_url, use_s3

    options = s3_options({"CROSSNOTE_MEDIA_STORAGE_URL": storage_url(s3_server, "made-by-cmd")})
    use_s3(settings, options)
    out = io.StringIO()
    call_command("media_bucket", stdout=out)
    assert "Created the bucket made-by-cmd." in out.getvalue()
    call_command("media_bucket", stdout=out)  # a second time: there already, still fine
    assert out.getvalue().count("is ready") == 2
    assert keys(options) == set()  # the check object is gone again
    settings.CROSSNOTE_S3 = None
    with pytest.raises(CommandError, match="local disk"):
        call_command("media_bucket")


def test_the_bucket_command_says_when_the_store_is_unreachable(settings, db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.storage.conftest import _free_port, storage_url, use_s3

    # Nothing listens there: the connection is refused, and the command says so.
    nobody = f"127.0.0.1:{_free_port()}"
    options = s3_options({"CROSSNOTE_MEDIA_STORAGE_URL": storage_url(nobody, "crossnote")})
    use_s3(settings, options)
    with pytest.raises(CommandError, match="cannot be used"):
        call_command("media_bucket")
