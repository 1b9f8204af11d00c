"""Runs INSIDE Takahē's virtualenv, with Takahē's settings (bench/takahe.py starts it).

Reads the export bench/takahe.py wrote (people, follows, notes, each viewer's timeline)
and writes the same graph into Takahē's tables with its own models: a local Domain, a
User and a local Identity per person, accepted Follows, local public Posts, and for each
viewer the `post` TimelineEvents Takahē's fan-out (FanOut → TimelineEvent.add_post) writes
for a follower, with `created` set to the post's time (the home timeline is ordered by it).
Then an Application and a read token per viewer. Prints the tokens as JSON on stdout.

Not part of Crossnote: it imports Takahē's code, which is never committed here.
"""

from __future__ import annotations

import datetime
import json
import secrets
import sys

import django

django.setup()

from activities.models import Post, TimelineEvent  # noqa: E402  (Takahē's, after setup)
from api.models import Application, Token  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from users.models import Domain, Follow, Identity, User  # noqa: E402

DOMAIN = "bench.example"
EPOCH = 1641020400  # Takahē's Snowflake epoch


def snowflake(when: datetime.datetime, seq: int, kind: int) -> int:
    """Takahē's id layout (ms time, 19 bits, 3 bits of type) with a sequence instead of
    random bits: its random default collides when thousands are made in one millisecond."""
    ms = max(int((when.timestamp() - EPOCH) * 1000), 0)
    return (ms << 22) | ((seq % (1 << 19)) << 3) | kind


def main(path: str) -> None:
    with open(path) as f:
        data = json.load(f)
    now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        domain = Domain.objects.create(domain=DOMAIN, local=True, default=True, public=True)
        people = data["people"]  # [id, username]
        users = User.objects.bulk_create(
            [User(email=f"{name}@{DOMAIN}") for _pid, name in people], batch_size=2000
        )
        identities = Identity.objects.bulk_create(
            [
                Identity(
                    id=snowflake(now, pid, 0b010),
                    local=True,
                    username=name,
                    name=name,
                    domain=domain,
                    actor_uri=f"https://{DOMAIN}/@{name}@{DOMAIN}/",
                    state="updated",
                )
                for pid, name in people
            ],
            batch_size=2000,
        )
        ident = {pid: i for (pid, _n), i in zip(people, identities, strict=True)}
        user = {pid: u for (pid, _n), u in zip(people, users, strict=True)}
        through = Identity.users.through
        through.objects.bulk_create(
            [through(identity=ident[p], user=user[p]) for p, _n in people], batch_size=2000
        )
        Follow.objects.bulk_create(
            [
                Follow(
                    id=snowflake(now, i, 0b100), source=ident[a], target=ident[b], state="accepted"
                )
                for i, (a, b) in enumerate(data["follows"])
            ],
            batch_size=5000,
        )
        notes = data["notes"]  # [id, author id, title, body, published iso]
        posts = Post.objects.bulk_create(
            [
                Post(
                    id=snowflake(datetime.datetime.fromisoformat(published), nid, 0b000),
                    author=ident[author],
                    local=True,
                    content=f"<p>{title}</p><p>{body}</p>",
                    visibility=Post.Visibilities.public,
                    published=datetime.datetime.fromisoformat(published),
                    object_uri=f"https://{DOMAIN}/@{ident[author].username}/posts/{nid}/",
                    url=f"https://{DOMAIN}/@{ident[author].username}/posts/{nid}/",
                    state="fanned_out",
                    stats={},
                )
                for nid, author, title, body, published in notes
            ],
            batch_size=2000,
        )
        post = {n[0]: p for n, p in zip(notes, posts, strict=True)}
        events = [
            TimelineEvent(
                identity=ident[int(viewer)],
                type=TimelineEvent.Types.post,
                subject_post=post[nid],
                subject_identity=post[nid].author,
                published=post[nid].published,
            )
            for viewer, ids in data["timelines"].items()
            for nid in ids
        ]
        TimelineEvent.objects.bulk_create(events, batch_size=5000)
        # auto_now_add ignored the given time; the home timeline orders by `created`.
        TimelineEvent.objects.update(created=F("published"))
        Post.objects.update(created=F("published"))
        app = Application.objects.create(
            client_id="bench",
            client_secret=secrets.token_urlsafe(16),
            redirect_uris="urn:ietf:wg:oauth:2.0:oob",
            scopes="read write",
            name="bench",
        )
        tokens = []
        for viewer in data["timelines"]:
            raw = secrets.token_urlsafe(32)
            Token.objects.create(
                application=app,
                user=user[int(viewer)],
                identity=ident[int(viewer)],
                token=raw,
                scopes=["read", "write"],
            )
            tokens.append(raw)
    print(json.dumps({"tokens": tokens, "events": len(events), "posts": len(posts)}))


if __name__ == "__main__":
    main(sys.argv[1])
