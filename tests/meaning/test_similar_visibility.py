"""Who sees a note in another note's "more like this": every viewer × every visibility.

In the style of tests/test_authorization_grid.py (its own file, so the grid's table keeps
its columns): one row per (viewer, visibility of the similar note), checked against the
rules stated as code. The note whose page is open is public and by a third person; the
similar note is by "author". Viewers, relative to that author:
- anonymous, stranger, follower, blocked, author: as in the grid;
- muted: follows the author, then muted them (lists leave muted people out);
- banned: a stranger, and the author is banned (deactivated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from crossnote.accounts.models import User

VIEWERS = ("anonymous", "stranger", "follower", "blocked", "author", "muted", "banned")
VISIBILITIES = ("public", "followers", "private")

TABLE = """
viewer     visibility  similar
anonymous  public      yes
anonymous  followers   no
anonymous  private     no
stranger   public      yes
stranger   followers   no
stranger   private     no
follower   public      yes
follower   followers   yes
follower   private     no
blocked    public      no
blocked    followers   no
blocked    private     no
author     public      yes
author     followers   yes
author     private     yes
muted      public      no
muted      followers   no
muted      private     no
banned     public      no
banned     followers   no
banned     private     no
"""


def _parse(table: str) -> dict[tuple[str, str], str]:
    _header, *rows = [line.split() for line in table.strip().splitlines()]
    return {(viewer, visibility): outcome for viewer, visibility, outcome in rows}


EXPECTED = _parse(TABLE)


def _rule(viewer: str, visibility: str) -> str:
    """The visibility rules of crossnote/notes/queries.py, as lists apply them."""
    if viewer in ("blocked", "muted", "banned"):
        return "no"
    if viewer == "author" or visibility == "public":
        return "yes"
    return "yes" if visibility == "followers" and viewer == "follower" else "no"


def test_the_table_follows_the_rules():
    assert set(EXPECTED) == {(v, s) for v in VIEWERS for s in VISIBILITIES}
    wrong = {k: (v, _rule(*k)) for k, v in EXPECTED.items() if v != _rule(*k)}
    assert not wrong, wrong


@dataclass
class Scene:
    open_note: int  # the page the viewer is on
    similar_note: int
    viewer: Any


@pytest.fixture
def scene(request, api, make_user, post_note) -> Scene:
    viewer_kind, visibility = request.param
    _poster, poster_api = make_user("poster", languages=["zh-hans"])
    _author, author_api = make_user("author", languages=["en"])
    viewer_api = {"anonymous": api, "author": author_api}.get(viewer_kind)
    if viewer_api is None:
        _viewer, viewer_api = make_user(viewer_kind)
    if viewer_kind in ("follower", "blocked", "muted"):
        assert viewer_api.post("/users/author/follow").json() == {"status": "following"}
    opened = post_note(poster_api, "外滩旁边有一家很好喝的咖啡店，拿铁特别香", title="外滩咖啡")
    similar = post_note(
        author_api, "The best latte I had this week", title="Coffee", visibility=visibility
    )
    if viewer_kind == "blocked":
        assert author_api.post(f"/users/{viewer_kind}/block").status_code == 200
    if viewer_kind == "muted":
        assert viewer_api.post("/users/author/mute").status_code == 200
    if viewer_kind == "banned":
        User.objects.filter(username="author").update(is_active=False)
    return Scene(opened["id"], similar["id"], viewer_api)


@pytest.mark.parametrize(
    ("scene", "expected"),
    [((v, s), EXPECTED[v, s]) for v in VIEWERS for s in VISIBILITIES],
    ids=[f"{v}-{s}" for v in VIEWERS for s in VISIBILITIES],
    indirect=["scene"],
)
def test_similar(scene: Scene, expected: str):
    response = scene.viewer.get(f"/notes/{scene.open_note}/similar")
    assert response.status_code == 200, response.content
    found = [n["id"] for n in response.json()["items"]]
    assert (scene.similar_note in found) == (expected == "yes"), found
