"""What the cluster must do, checked from outside as a client would (tests/cluster/netns.py).

1. A note with a photo posted on web node A is processed by the worker (another machine)
   and read, with its photo's bytes, from web node B; a follower's Following feed on B
   shows it.
2. Web node A is killed with SIGKILL (master and workers at once) while clients stream
   comments at it; afterwards every comment that was answered 2xx is in the database and
   readable from B. Writes that got no answer may or may not have happened (as with any
   server that dies mid-request); none that was acknowledged is lost.
"""

from __future__ import annotations

import io
import threading
import time
import uuid

import httpx
import psycopg
from PIL import Image

WAIT_SECONDS = 120.0  # upper bound for the worker to publish a note on a loaded machine
WRITERS = 4
ACKED_BEFORE_KILL = 40  # comments acknowledged by A (all writers together) before the kill
ACKED_AFTER_KILL = 5  # per writer, on B, after A is gone


class CheckFailed(AssertionError):
    pass


TIMEOUT = 60.0  # a web node's first request loads the app, slowly on a loaded machine


def post(url: str, **kwargs) -> httpx.Response:
    return httpx.post(url, timeout=TIMEOUT, **kwargs)


def get(url: str, **kwargs) -> httpx.Response:
    return httpx.get(url, timeout=TIMEOUT, **kwargs)


def jpeg() -> bytes:
    image = Image.new("RGB", (640, 480), (30, 120, 200))
    for x in range(0, 640, 40):
        image.paste((220, 80, 40), (x, 0, x + 20, 480))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def expect(response: httpx.Response, status: int) -> dict:
    if response.status_code != status:
        raise CheckFailed(
            f"{response.request.method} {response.request.url}: {response.status_code}"
            f" {response.text[:300]}"
        )
    return response.json() if response.content else {}


def signup(base: str, username: str) -> str:
    payload = {"username": username, "password": "cluster-pass-1234", "languages": ["en"]}
    body = expect(post(f"{base}/api/v1/auth/signup", json=payload), 201)
    return body["token"]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def until(what: str, probe, seconds: float = WAIT_SECONDS):
    """Poll `probe` until it returns something truthy: waiting for another machine's work,
    bounded so a broken worker fails the check instead of hanging it."""
    deadline = time.monotonic() + seconds
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise CheckFailed(f"{what}: not within {seconds:.0f} s")
        time.sleep(0.25)


def note_travels(c) -> None:
    a, b = c.web("web-a"), c.web("web-b")
    suffix = uuid.uuid4().hex[:6]
    author = signup(a, f"author{suffix}")
    follower = signup(b, f"follower{suffix}")
    expect(post(f"{b}/api/v1/users/author{suffix}/follow", headers=auth(follower)), 200)

    files = [("images", ("photo.jpg", jpeg(), "image/jpeg"))]
    data = {"title": "Across machines", "body": "Posted on A, read on B #cluster"}
    note = expect(
        post(f"{a}/api/v1/notes", data=data, files=files, headers=auth(author)),
        201,
    )
    note_id = note["id"]

    def published():  # asked by the author: until published, only the author sees the note
        got = get(f"{b}/api/v1/notes/{note_id}", headers=auth(author))
        body = expect(got, 200)
        if body["state"] == "failed":
            raise CheckFailed(f"the worker failed the note's photos: {body}")
        return body if body["state"] == "published" else None

    until("the worker publishes the note posted on A", published)
    seen = expect(get(f"{b}/api/v1/notes/{note_id}", headers=auth(follower)), 200)
    image = seen["images"][0]
    for key in ("grid_url", "full_url"):
        url = image[key]
        if not url:
            raise CheckFailed(f"published photo without {key}: {image}")
        # B checks who asks, then redirects to a short-lived address on the S3 server.
        got = get(url if "://" in url else b + url, headers=auth(follower), follow_redirects=True)
        expect_bytes(got, key)
    print(f"  note {note_id}: posted on A, published by the worker, photo read from B")

    def in_feed():
        page = expect(get(f"{b}/api/v1/feeds/following", headers=auth(follower)), 200)
        return note_id in [item["id"] for item in page["items"]]

    until("the follower's Following feed on B shows the note", in_feed)
    print("  the follower's Following feed on B shows it")


def expect_bytes(response: httpx.Response, what: str) -> None:
    if response.status_code != 200:
        raise CheckFailed(f"{what}: {response.status_code} from {response.request.url}")
    try:
        with Image.open(io.BytesIO(response.content)) as img:
            img.verify()
    except Exception as error:
        raise CheckFailed(f"{what} is not an image ({len(response.content)} bytes)") from error


class Writer(threading.Thread):
    """Posts comments one after another to `target`, recording those answered 2xx."""

    def __init__(self, c, n: int, note_id: int, token: str, acked: list, lock) -> None:
        super().__init__(daemon=True)
        self.c, self.n, self.note_id, self.token = c, n, note_id, token
        self.acked, self.lock = acked, lock
        self.target = "web-a"
        self.after_kill = 0
        self.failures = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with httpx.Client(timeout=15) as client:
                i = 0
                while not self.stop.is_set():
                    i += 1
                    body = f"w{self.n}-{i}-{uuid.uuid4().hex[:8]}"
                    target = self.target
                    url = f"{self.c.web(target)}/api/v1/notes/{self.note_id}/comments"
                    try:
                        r = client.post(url, json={"body": body}, headers=auth(self.token))
                    except httpx.TransportError:
                        self.failures += 1  # no answer: not acknowledged
                        continue
                    if 200 <= r.status_code < 300:
                        with self.lock:
                            self.acked.append((body, r.json()["id"], target))
                        if target == "web-b":
                            self.after_kill += 1
                            if self.after_kill >= ACKED_AFTER_KILL:
                                return
                    elif r.status_code >= 500 or r.status_code == 429:
                        self.failures += 1
                    else:
                        raise CheckFailed(f"comment answered {r.status_code}: {r.text[:200]}")
        except BaseException as error:  # reported by the main thread
            self.error = error


def kill_mid_load(c) -> None:
    a = c.web("web-a")
    token = signup(a, f"writer{uuid.uuid4().hex[:6]}")
    # A question without photos is published at once: the comments need no worker.
    data = {"title": "Comment stream", "body": "Comments while A dies", "kind": "question"}
    note_id = expect(post(f"{a}/api/v1/notes", data=data, headers=auth(token)), 201)["id"]
    acked: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    writers = [Writer(c, n, note_id, token, acked, lock) for n in range(WRITERS)]
    for w in writers:
        w.start()
    until("comments acknowledged by A", lambda: len(acked) >= ACKED_BEFORE_KILL or _dead(writers))
    _raise(writers)
    c.kill(c.web_a)  # SIGKILL to gunicorn's whole process group on A, mid-stream
    killed_at = len(acked)
    for w in writers:
        w.target = "web-b"  # what the proxy does when A stops answering
    for w in writers:
        w.join(WAIT_SECONDS)
    _raise(writers)
    if any(w.is_alive() for w in writers):
        raise CheckFailed("writers did not finish on B")

    by_a = [a for a in acked if a[2] == "web-a"]
    with psycopg.connect(c.database_url.replace("postgres://", "postgresql://")) as db:
        stored = {
            row[0]
            for row in db.execute(
                "SELECT body FROM engagement_comment WHERE note_id = %s", [note_id]
            )
        }
    lost = [a for a in acked if a[0] not in stored]
    if lost:
        raise CheckFailed(f"{len(lost)} acknowledged comments are not in the database: {lost[:5]}")
    page = expect(
        get(f"{c.web('web-b')}/api/v1/notes/{note_id}", headers=auth(token)),
        200,
    )
    if page["comment_count"] < len(acked):
        raise CheckFailed(f"B counts {page['comment_count']} comments, {len(acked)} acknowledged")
    unanswered = sum(w.failures for w in writers)
    print(
        f"  A killed after {killed_at} acknowledged comments; {len(by_a)} acknowledged by A,"
        f" {len(acked) - len(by_a)} by B after; {unanswered} requests got no answer;"
        f" all {len(acked)} acknowledged comments are stored ({len(stored)} rows)"
    )


def _dead(writers: list[Writer]) -> bool:
    return any(w.error for w in writers)


def _raise(writers: list[Writer]) -> None:
    for w in writers:
        if w.error:
            w.stop.set()
    for w in writers:
        if w.error:
            raise w.error


CHECKS = {"travel": note_travels, "kill": kill_mid_load}


def run_all(c, only: str = "") -> None:
    for name, check in CHECKS.items():
        if only and name != only:
            continue
        started = time.monotonic()
        print(f"{name}:")
        check(c)
        print(f"  ({time.monotonic() - started:.1f} s)")
