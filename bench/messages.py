"""Direct messages: send → delivered to the other person's open API client, under load.

    .venv/bin/python -m bench.messages                      # laptop profile (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cn_dms_bench \\
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python -m bench.messages   # scale-out
    .venv/bin/python -m bench.messages --conversations 20 --messages 5    # a quick look

A real gunicorn (`crossnote serve`'s command line and config; one process on SQLite, two
with Redis, as `crossnote serve` starts them) serves a fresh database holding
`--conversations` one-to-one conversations between people who follow each other. For each,
the receiver keeps the live channel's stream open (`GET /api/v1/live/events`, Bearer token,
as an API client or a browser's EventSource does) and the sender posts `--messages`
messages (`POST /api/v1/conversations/{id}/messages`) every `--interval` seconds on
average (jittered, all conversations at once). Send → delivered is timed from just before
the POST to the moment the receiver's stream yields that message's `message` event, both
clocks in this process. Reported: p50 / p99 of that, of the POST alone, and how many
messages never arrived. Rate limits are off (one address sends them all).

Each gunicorn process gets `--conversations` + 32 threads and as many live streams, since
every open stream holds a thread (docs/LIVE.md). The database is recreated each run (on
PostgreSQL only when its name contains "bench", see bench/database.py).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PORT = 8731


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _environment(data_dir: Path, conversations: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crossnote.settings",
        "CROSSNOTE_DATA_DIR": str(data_dir),
        "CROSSNOTE_RATE_LIMITS": "0",
        "CROSSNOTE_TASKS_IMMEDIATE": "1",
        "CROSSNOTE_LIVE_MAX_STREAMS": str(conversations + 16),
        "CROSSNOTE_DEBUG": "0",
    }


def _setup(conversations: int) -> list[tuple[int, str, str]]:
    """People, follows, tokens and conversations: [(conversation id, sender token,
    receiver token)]."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from crossnote.accounts.actions import do_create_token
    from crossnote.accounts.models import User
    from crossnote.messaging.actions import do_start
    from crossnote.messaging.models import Membership
    from crossnote.relations.models import Follow

    pairs = []
    for i in range(conversations):
        a = User.objects.create_user(username=f"mb_a{i}", password=None)
        b = User.objects.create_user(username=f"mb_b{i}", password=None)
        Follow.objects.bulk_create([Follow(follower=a, followee=b), Follow(follower=b, followee=a)])
        conversation = do_start(a, {b.pk: Membership.State.ACTIVE}, "")
        pairs.append(
            (conversation.pk, do_create_token(a, "bench")[1], do_create_token(b, "bench")[1])
        )
    from django.db import connections

    connections.close_all()
    return pairs


class Receiver(threading.Thread):
    """One API client holding the receiver's live stream open, reconnecting as EventSource
    does (after the last `retry:` the server sent, with Last-Event-ID); records when each
    message event arrives."""

    def __init__(self, token: str, arrivals: dict[int, float], ready: threading.Event) -> None:
        super().__init__(daemon=True)
        self.token, self.arrivals, self.ready = token, arrivals, ready
        self.stop = False
        self.last_id = ""
        self.retry = 1.0

    def run(self) -> None:
        while not self.stop:
            with contextlib.suppress(OSError):
                self._stream()
            time.sleep(self.retry)

    def _stream(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"}
        if self.last_id:
            headers["Last-Event-ID"] = self.last_id
        connection.request("GET", "/api/v1/live/events", headers=headers)
        response = connection.getresponse()
        event, data = "", ""
        while not self.stop:
            line = response.readline()  # chunked decoding: sees the stream end at once
            if not line:
                break
            text = line.decode().rstrip("\n")
            if text.startswith("retry:"):
                self.retry = int(text[6:]) / 1000
                self.ready.set()
            elif text.startswith("id: "):
                self.last_id = text[4:]
            elif text.startswith("event: "):
                event = text[7:]
            elif text.startswith("data: "):
                data = text[6:]
            elif text == "":
                if event == "message" and data:
                    self.arrivals.setdefault(json.loads(data)["message_id"], time.perf_counter())
                event, data = "", ""
        connection.close()


def _sender(
    cid: int,
    token: str,
    messages: int,
    interval: float,
    sent: dict[int, float],
    posts: list[float],
    failures: list[str],
) -> None:
    rng = random.Random(cid)
    time.sleep(rng.uniform(0, interval))
    for n in range(messages):
        body = json.dumps({"body": f"message {n} 你好 {cid}"})
        start = time.perf_counter()
        # A new connection each time, as a phone does after seconds idle (gunicorn closes
        # idle keep-alive connections after 2 s); on localhost it costs ~0.1 ms.
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        connection.request(
            "POST",
            f"/api/v1/conversations/{cid}/messages",
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        answer = response.read()
        took = time.perf_counter() - start
        connection.close()
        if response.status != 201:
            failures.append(f"{response.status} {answer[:200]!r}")
            continue
        sent[json.loads(answer)["id"]] = start
        posts.append(took)
        time.sleep(rng.uniform(0.5 * interval, 1.5 * interval))


def _wait_for_server(process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/api/v1/openapi.json")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def run(args: argparse.Namespace) -> dict:
    data_dir = Path(args.data_dir).resolve()
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = _environment(data_dir, args.conversations)
    os.environ.update(env)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import database

    database.prepare(data_dir, fresh=True)
    profile = "PostgreSQL + Redis" if os.environ.get("REDIS_URL") else "SQLite"
    pairs = _setup(args.conversations)
    from crossnote.core.management.commands.serve import gunicorn_command

    workers = 2 if os.environ.get("REDIS_URL") else 1
    command = gunicorn_command(f"127.0.0.1:{PORT}", workers, args.conversations + 32)
    command[command.index("--access-logfile") + 1] = "/dev/null"
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        _wait_for_server(server)
        arrivals: dict[int, float] = {}
        receivers = []
        for _cid, _sender_token, receiver_token in pairs:
            ready = threading.Event()
            receiver = Receiver(receiver_token, arrivals, ready)
            receiver.start()
            receivers.append((receiver, ready))
        for _receiver, ready in receivers:
            if not ready.wait(30):
                raise SystemExit("a live stream did not open")
        sent: dict[int, float] = {}
        posts: list[float] = []
        failures: list[str] = []
        senders = [
            threading.Thread(
                target=_sender,
                args=(cid, token, args.messages, args.interval, sent, posts, failures),
            )
            for cid, token, _receiver_token in pairs
        ]
        began = time.perf_counter()
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join()
        elapsed = time.perf_counter() - began
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and not set(sent) <= set(arrivals):
            time.sleep(0.1)
        for receiver, _ready in receivers:
            receiver.stop = True
    finally:
        server.terminate()
        server.wait(20)
    delivered = [(arrivals[m] - t) * 1000 for m, t in sent.items() if m in arrivals]
    return {
        "profile": profile,
        "conversations": args.conversations,
        "messages": len(sent),
        "rate": len(sent) / elapsed if elapsed else 0.0,
        "lost": len(set(sent) - set(arrivals)),
        "failed": len(failures),
        "failures": failures[:5],
        "delivered_p50": _percentile(delivered, 0.5),
        "delivered_p99": _percentile(delivered, 0.99),
        "post_p50": _percentile([p * 1000 for p in posts], 0.5),
        "post_p99": _percentile([p * 1000 for p in posts], 0.99),
        "mean": statistics.fmean(delivered) if delivered else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--messages", type=int, default=6, help="per conversation")
    parser.add_argument(
        "--interval", type=float, default=10.0, help="mean seconds between a chat's sends"
    )
    parser.add_argument("--data-dir", default=str(Path(__file__).parent / "data" / "messages"))
    args = parser.parse_args()
    r = run(args)
    print()
    print(
        "| profile | conversations | messages (per s) | lost | POST p50 / p99 |"
        " send → delivered p50 / p99 |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| {r['profile']} | {r['conversations']} | {r['messages']} ({r['rate']:.1f}/s)"
        f" | {r['lost']} | {r['post_p50']:.1f} / {r['post_p99']:.1f} ms"
        f" | {r['delivered_p50']:.1f} / {r['delivered_p99']:.1f} ms |"
    )
    if r["failed"]:
        print(f"{r['failed']} sends failed, e.g. {r['failures']}")
    (Path(args.data_dir) / "results.json").write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
