"""Block, mute, suspension and ban on every surface: what one person (`vi`, the viewer) is
shown of another (`xu`), and what they can do to each other, through the API and the web.

Columns: how vi stands with xu.
- none: no relationship (vi follows xu, as in every column, from before xu posted);
- blocked_by_me: vi blocked xu;            - blocking_me: xu blocked vi;
- muted_by_me: vi muted xu;                - muted_me: xu muted vi (vi must see no difference);
- suspended: a moderator suspended xu;     - banned: a moderator banned xu.

Before the relationship starts, xu posts a #gridtag note about a lantern, comments on ho's
note and replies to ho's comment there, likes ho's note, keeps it in a public board, likes
and comments on vi's note (vi's "old notices"); ho keeps xu's note in a public board. After
it starts, xu comments on vi's note and mentions @vi ("new notices"), and vi tries to like,
comment on, follow and mention xu. Cells: yes / no (is xu or xu's thing there for vi), an
HTTP status, or a number (the count vi is shown: ho's comment, xu's comment and reply, and
xu's "hello @vi" when xu could still post it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from crossnote.notifications.models import Notification

RELATIONS = (
    "none",
    "blocked_by_me",
    "blocking_me",
    "muted_by_me",
    "muted_me",
    "suspended",
    "banned",
)

TABLE = """
surface             none  blocked_by_me  blocking_me  muted_by_me  muted_me  suspended  banned
discover            yes   no             no           no           yes       yes        no
discover_topic      yes   no             no           no           yes       yes        no
web_discover        yes   no             no           no           yes       yes        no
following           yes   no             no           no           yes       yes        no
hashtag             yes   no             no           no           yes       yes        no
web_hashtag         yes   no             no           no           yes       yes        no
search_notes        yes   no             no           no           yes       yes        no
web_search          yes   no             no           no           yes       yes        no
search_people       yes   no             no           yes          yes       yes        no
profile             200   200            404          200          200       200        404
web_profile         200   200            404          200          200       200        404
profile_notes       yes   no             no           yes          yes       yes        no
note                200   404            404          200          200       200        404
web_note            200   404            404          200          200       200        404
comments            yes   no             no           no           yes       yes        no
replies             yes   no             no           no           yes       yes        no
web_comments        yes   no             no           no           yes       yes        no
comment_count       4     1              1            1            4         3          1
web_comment_count   4     1              1            1            4         3          1
reply_count         1     0              0            0            1         1          0
likers              yes   no             no           no           yes       yes        no
web_likers          yes   no             no           no           yes       yes        no
xu_board            200   404            404          200          200       200        404
in_others_board     yes   no             no           no           yes       yes        no
old_notices         yes   no             no           no           yes       yes        no
web_notices         yes   no             no           no           yes       yes        no
new_comment_notice  yes   no             no           no           yes       no         no
new_mention_notice  yes   no             no           no           yes       no         no
vi_likes_note       200   404            404          200          200       200        404
vi_comments         201   404            404          201          201       201        404
vi_follows          200   409            404          200          200       200        404
vi_mention_reaches  yes   no             no           yes          no        yes        no
"""


def _parse(table: str) -> dict[str, dict[str, str]]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert tuple(header[1:]) == RELATIONS
    return {relation: {row[0]: row[1 + i] for row in rows} for i, relation in enumerate(RELATIONS)}


EXPECTED = _parse(TABLE)


def _yes(found: bool) -> str:
    return "yes" if found else "no"


def _has_note(response: Any, note_id: int, key: str = "items") -> str:
    if response.status_code != 200:
        return "no"
    return _yes(note_id in {n["id"] for n in response.json()[key]})


class World:
    """vi, xu, ho and a moderator, with everything the table looks at."""

    def __init__(self, make_user: Callable, post_note: Callable) -> None:
        self.vi_user, self.vi = make_user("vi")
        self.xu_user, self.xu = make_user("xu")
        self.ho_user, self.ho = make_user("ho")
        mod_user, self.mod = make_user("mod")
        mod_user.user_permissions.add(Permission.objects.get(codename="moderate"))
        self.vi.post("/users/xu/follow")
        self.x_note = post_note(self.xu, "A lantern by the river #gridtag", topic="travel")["id"]
        self.h_note = post_note(self.ho, "Teahouse morning", topic="food")["id"]
        self.v_note = post_note(self.vi, "My balcony garden", topic="home")["id"]
        h_comment = self.ho.post(f"/notes/{self.h_note}/comments", {"body": "ho says hi"}).json()
        self.h_comment = h_comment["id"]
        self.xu.post(f"/notes/{self.h_note}/comments", {"body": "xu was here"})
        reply = {"body": "xu answers ho", "parent_id": self.h_comment}
        self.xu.post(f"/notes/{self.h_note}/comments", reply)
        self.xu.post(f"/notes/{self.h_note}/like")
        self.x_board = self.xu.post("/me/boards", {"name": "Tea", "is_private": False}).json()
        self.xu.post(f"/notes/{self.h_note}/collect", {"board_id": self.x_board["id"]})
        self.h_board = self.ho.post("/me/boards", {"name": "Lights", "is_private": False}).json()
        self.ho.post(f"/notes/{self.x_note}/collect", {"board_id": self.h_board["id"]})
        self.xu.post(f"/notes/{self.v_note}/like")
        self.xu.post(f"/notes/{self.v_note}/comments", {"body": "old words from xu"})
        self.web = Client()  # its own session: the API clients' tokens never mix with it
        self.web.force_login(self.vi_user)

    def start(self, relation: str) -> None:
        """Start the relationship, then let xu act (new notices) as they now can."""
        if relation == "blocked_by_me":
            self.vi.post("/users/xu/block")
        elif relation == "blocking_me":
            self.xu.post("/users/vi/block")
        elif relation == "muted_by_me":
            self.vi.post("/users/xu/mute")
        elif relation == "muted_me":
            self.xu.post("/users/vi/mute")
        elif relation in ("suspended", "banned"):
            report = self.ho.post(
                "/reports", {"about": "person", "username": "xu", "reason": "spam"}
            )
            action = {"kind": "suspend", "reason": "Spam.", "days": 7}
            if relation == "banned":
                action = {"kind": "ban", "reason": "Spam."}
            done = self.mod.post(f"/moderation/reports/{report.json()['id']}/actions", action)
            assert done.status_code == 201, done.content
        self.xu.post(f"/notes/{self.v_note}/comments", {"body": "fresh words from xu"})
        self.xu.post(f"/notes/{self.h_note}/comments", {"body": "hello @vi"})

    # What vi is shown: each returns one cell.

    def notices(self) -> list[dict]:
        return [
            n
            for n in self.vi.get("/notifications").json()["items"]
            if n["actor"]["username"] == "xu"
        ]

    def h_comments(self) -> list[dict]:
        return self.vi.get(f"/notes/{self.h_note}/comments").json()["items"]

    def web_page(self, path: str) -> tuple[int, str]:
        response = self.web.get(path)
        return response.status_code, response.content.decode()

    def web_has(self, path: str, text: str) -> str:
        status, html = self.web_page(path)
        return _yes(status == 200 and text in html)

    def web_comment_count(self) -> str:
        _status, html = self.web_page(f"/notes/{self.h_note}")
        return re.search(r'id="comments-title">(\d+) comments?<', html).group(1)  # type: ignore[union-attr]

    def mention_reaches_xu(self) -> str:
        self.vi.post(f"/notes/{self.h_note}/comments", {"body": "see you @xu"})
        mentions = Notification.objects.filter(recipient=self.xu_user, actor=self.vi_user)
        return _yes(mentions.filter(kind="mention").exists())


# In the table's order: Discover comes first, before opening a note takes it out of Discover.
OBSERVE: dict[str, Callable[[World], str]] = {
    "discover": lambda w: _has_note(w.vi.get("/feeds/discover", limit=50), w.x_note),
    "discover_topic": lambda w: _has_note(
        w.vi.get("/feeds/discover", topic="travel", limit=50), w.x_note
    ),
    "web_discover": lambda w: w.web_has("/", f'href="/notes/{w.x_note}"'),
    "following": lambda w: _has_note(w.vi.get("/feeds/following"), w.x_note),
    "hashtag": lambda w: _has_note(w.vi.get("/tags/gridtag/notes"), w.x_note),
    "web_hashtag": lambda w: w.web_has("/tags/gridtag", f'href="/notes/{w.x_note}"'),
    "search_notes": lambda w: _has_note(w.vi.get("/search", q="lantern"), w.x_note, "notes"),
    "web_search": lambda w: w.web_has("/search?q=lantern", f'href="/notes/{w.x_note}"'),
    "search_people": lambda w: _yes(
        "xu" in {u["username"] for u in w.vi.get("/search", q="xu", type="users").json()["users"]}
    ),
    "profile": lambda w: str(w.vi.get("/users/xu").status_code),
    "web_profile": lambda w: str(w.web.get("/@xu").status_code),
    "profile_notes": lambda w: _has_note(w.vi.get("/users/xu/notes"), w.x_note),
    "note": lambda w: str(w.vi.get(f"/notes/{w.x_note}").status_code),
    "web_note": lambda w: str(w.web.get(f"/notes/{w.x_note}").status_code),
    "comments": lambda w: _yes(any(c["body"] == "xu was here" for c in w.h_comments())),
    "replies": lambda w: _yes(
        any(r["body"] == "xu answers ho" for c in w.h_comments() for r in c["replies"])
    ),
    "web_comments": lambda w: w.web_has(f"/notes/{w.h_note}", "xu was here"),
    "comment_count": lambda w: str(w.vi.get(f"/notes/{w.h_note}").json()["comment_count"]),
    "web_comment_count": World.web_comment_count,
    "reply_count": lambda w: str(
        next(c["reply_count"] for c in w.h_comments() if c["id"] == w.h_comment)
    ),
    "likers": lambda w: _yes(
        "xu" in {u["username"] for u in w.vi.get(f"/notes/{w.h_note}/likes").json()["items"]}
    ),
    "web_likers": lambda w: w.web_has(f"/notes/{w.h_note}/likes", 'href="/@xu"'),
    "xu_board": lambda w: str(w.vi.get(f"/boards/{w.x_board['id']}/notes").status_code),
    "in_others_board": lambda w: _has_note(w.vi.get(f"/boards/{w.h_board['id']}/notes"), w.x_note),
    "old_notices": lambda w: _yes(any(n["excerpt"] == "old words from xu" for n in w.notices())),
    "web_notices": lambda w: w.web_has("/notifications", 'href="/@xu"'),
    "new_comment_notice": lambda w: _yes(
        any(n["excerpt"] == "fresh words from xu" for n in w.notices())
    ),
    "new_mention_notice": lambda w: _yes(any(n["kind"] == "mention" for n in w.notices())),
    # What vi can do to xu (last: these change what the rows above look at).
    "vi_likes_note": lambda w: str(w.vi.post(f"/notes/{w.x_note}/like").status_code),
    "vi_comments": lambda w: str(
        w.vi.post(f"/notes/{w.x_note}/comments", {"body": "nice"}).status_code
    ),
    "vi_follows": lambda w: str(w.vi.post("/users/xu/follow").status_code),
    "vi_mention_reaches": World.mention_reaches_xu,
}


def test_every_surface_has_a_row_and_an_observer():
    assert list(OBSERVE) == list(EXPECTED["none"])


@pytest.mark.parametrize("relation", RELATIONS)
def test_visibility_grid(make_user, post_note, relation):
    world = World(make_user, post_note)
    world.start(relation)
    seen = {surface: observe(world) for surface, observe in OBSERVE.items()}
    wrong = {
        s: f"expected {EXPECTED[relation][s]}, got {seen[s]}"
        for s in seen
        if seen[s] != EXPECTED[relation][s]
    }
    assert wrong == {}, f"{relation}: cells that differ from the table"
