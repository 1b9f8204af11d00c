"""The load test's people (locust): a realistic mix of reads and writes on the JSON API.

Driven by `python -m bench.load` (see bench/LOAD.md), which writes the tokens and note ids
this file reads from the file named in CROSSNOTE_LOAD_PEOPLE. Each simulated person is
one bench viewer with their own bearer token; requests are grouped by route for the
per-route percentiles (`/api/v1/notes/[id]` and so on).

Mix (weights out of 100): Discover 25, Following 25, a note's page 20, search 10, like 8,
comment 6, more comments of a note 4, post a note with one photo 2.
"""

from __future__ import annotations

import io
import json
import os
import random
import uuid

from locust import FastHttpUser, constant_throughput, task

with open(os.environ["CROSSNOTE_LOAD_PEOPLE"]) as f:
    PEOPLE = json.load(f)

PER_USER_RPS = float(os.environ.get("CROSSNOTE_LOAD_USER_RPS", "0"))
QUERIES = PEOPLE["queries"]
NOTES = PEOPLE["notes"]
PHOTO = bytes.fromhex(PEOPLE["photo_hex"])
POST_TITLE = PEOPLE["post_title"]


def _multipart(fields: dict[str, str], photo: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    out.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="images"; filename="p.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
    )
    out.write(photo + f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Person(FastHttpUser):
    wait_time = constant_throughput(PER_USER_RPS) if PER_USER_RPS else (lambda self: 0)

    def on_start(self) -> None:
        self.token = PEOPLE["tokens"][random.randrange(len(PEOPLE["tokens"]))]
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def note(self) -> int:
        return random.choice(NOTES)

    @task(25)
    def discover(self) -> None:
        self.client.get("/api/v1/feeds/discover", headers=self.headers)

    @task(25)
    def following(self) -> None:
        self.client.get("/api/v1/feeds/following", headers=self.headers)

    @task(20)
    def note_page(self) -> None:
        self.client.get(
            f"/api/v1/notes/{self.note()}", headers=self.headers, name="/api/v1/notes/[id]"
        )

    @task(10)
    def search(self) -> None:
        q = random.choice(QUERIES)
        self.client.get(
            "/api/v1/search", params={"q": q}, headers=self.headers, name="/api/v1/search?q=[q]"
        )

    @task(8)
    def like(self) -> None:
        self.client.post(
            f"/api/v1/notes/{self.note()}/like",
            headers=self.headers,
            name="/api/v1/notes/[id]/like",
        )

    @task(6)
    def comment(self) -> None:
        self.client.post(
            f"/api/v1/notes/{self.note()}/comments",
            json={"body": f"looks great {uuid.uuid4().hex[:6]}"},
            headers=self.headers,
            name="/api/v1/notes/[id]/comments",
        )

    @task(4)
    def comments(self) -> None:
        self.client.get(
            f"/api/v1/notes/{self.note()}/comments",
            headers=self.headers,
            name="/api/v1/notes/[id]/comments",
        )

    @task(2)
    def post_note(self) -> None:
        body, kind = _multipart(
            {"title": POST_TITLE, "body": "load test #coffee 周末咖啡", "topic": "food"}, PHOTO
        )
        self.client.post(
            "/api/v1/notes",
            data=body,
            headers={**self.headers, "Content-Type": kind},
            name="/api/v1/notes (1 photo)",
        )
