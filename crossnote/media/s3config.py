"""Reading the object-storage settings (imported by settings.py, so plain Python only).

Media can live in any S3-compatible store (MinIO, Garage, SeaweedFS, Ceph RGW, AWS S3), given
as one URL or as separate variables, the separate ones winning:

    CROSSNOTE_MEDIA_STORAGE_URL=s3://KEY:SECRET@minio.internal:9000/crossnote?region=us-east-1&tls=0
    CROSSNOTE_S3_BUCKET, CROSSNOTE_S3_ENDPOINT_URL, CROSSNOTE_S3_ACCESS_KEY_ID,
    CROSSNOTE_S3_SECRET_ACCESS_KEY, CROSSNOTE_S3_REGION, CROSSNOTE_S3_ADDRESSING_STYLE,
    CROSSNOTE_S3_PUBLIC_URL, CROSSNOTE_S3_SIGNED_URL_SECONDS

Everything goes into one bucket: served files under `media/`, private originals under
`originals/`. The bucket itself stays private; see docs/STORAGE.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

MEDIA_PREFIX = "media"
ORIGINALS_PREFIX = "originals"
DEFAULT_SIGNED_SECONDS = 300
ADDRESSING_STYLES = {"path", "virtual", "auto"}


def _from_url(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured("CROSSNOTE_MEDIA_STORAGE_URL must start with s3://")
    bucket = parts.path.strip("/")
    if not parts.hostname or not bucket or "/" in bucket:
        raise ImproperlyConfigured(
            "CROSSNOTE_MEDIA_STORAGE_URL must name a host and one bucket: s3://KEY:SECRET@HOST/BUCKET"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    tls = query.pop("tls", "1").lower() not in {"0", "false", "no", "off"}
    port = f":{parts.port}" if parts.port else ""
    found = {
        "BUCKET": bucket,
        "ENDPOINT_URL": f"{'https' if tls else 'http'}://{parts.hostname}{port}",
        "ACCESS_KEY_ID": unquote(parts.username or ""),
        "SECRET_ACCESS_KEY": unquote(parts.password or ""),
    }
    for name in ("region", "addressing_style", "public_url", "signed_url_seconds"):
        if name in query:
            found[name.upper()] = query.pop(name)
    if query:
        raise ImproperlyConfigured(
            f"CROSSNOTE_MEDIA_STORAGE_URL has unknown options: {', '.join(sorted(query))}"
        )
    return found


def s3_options(environ: Mapping[str, str]) -> dict | None:
    """The S3 storage's options from the environment, or None for the local file system.
    Raises ImproperlyConfigured for a setting that cannot work."""
    url = environ.get("CROSSNOTE_MEDIA_STORAGE_URL", "")
    found = _from_url(url) if url else {}
    for key, value in environ.items():
        if key.startswith("CROSSNOTE_S3_") and value:
            found[key.removeprefix("CROSSNOTE_S3_")] = value
    if not found:
        return None
    if not found.get("BUCKET"):
        raise ImproperlyConfigured("CROSSNOTE_S3_BUCKET is required when media live in S3.")
    endpoint = found.get("ENDPOINT_URL", "")
    if endpoint and urlsplit(endpoint).scheme not in {"http", "https"}:
        raise ImproperlyConfigured("CROSSNOTE_S3_ENDPOINT_URL must be an http(s) address.")
    style = found.get("ADDRESSING_STYLE") or ("path" if endpoint else "auto")
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured("CROSSNOTE_S3_ADDRESSING_STYLE must be path, virtual or auto.")
    try:
        seconds = int(found.get("SIGNED_URL_SECONDS") or DEFAULT_SIGNED_SECONDS)
    except ValueError:
        seconds = 0
    if not 1 <= seconds <= 7 * 24 * 3600:  # SigV4 presigned URLs live at most a week
        raise ImproperlyConfigured("CROSSNOTE_S3_SIGNED_URL_SECONDS must be 1 to 604800.")
    public_url = found.get("PUBLIC_URL", "")
    if public_url and urlsplit(public_url).scheme not in {"http", "https"}:
        raise ImproperlyConfigured("CROSSNOTE_S3_PUBLIC_URL must be an http(s) address.")
    return {
        "bucket_name": found["BUCKET"],
        "endpoint_url": endpoint or None,
        "access_key": found.get("ACCESS_KEY_ID") or None,
        "secret_key": found.get("SECRET_ACCESS_KEY") or None,
        "region_name": found.get("REGION") or None,
        "addressing_style": style,
        "signature_version": "s3v4",
        "location": MEDIA_PREFIX,
        "default_acl": None,  # objects stay private: the bucket is never listed or read openly
        "querystring_auth": True,
        "querystring_expire": seconds,
        "file_overwrite": True,  # our names are random; a retried step rewrites its own file
        "public_url": public_url.rstrip("/") + "/" if public_url else "",
    }


def origins(options: dict | None) -> list[str]:
    """The origins browsers fetch media from (for the Content-Security-Policy)."""
    if not options:
        return []
    found = []
    for url in (options["endpoint_url"], options["public_url"]):
        if url:
            parts = urlsplit(url)
            found.append(f"{parts.scheme}://{parts.netloc}")
    endpoint = urlsplit(options["endpoint_url"] or "")
    if endpoint.netloc and options["addressing_style"] != "path":  # bucket.host addresses
        found.append(f"{endpoint.scheme}://{options['bucket_name']}.{endpoint.netloc}")
    if not options["endpoint_url"]:
        found.append("https://*.amazonaws.com")
    return found
