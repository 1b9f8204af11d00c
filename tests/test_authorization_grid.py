"""Who may do what to a note: every viewer × every visibility × every action, through the API.

The expected outcome of each cell is written out in `TABLE` below, one row per (viewer,
visibility). It follows the rules in crossnote/notes/queries.py; `test_the_table_follows_the_rules`
checks the table against those rules stated as code, so a typo in the table cannot hide.

Viewers, relative to the note's author:
- anonymous: not signed in;
- stranger: signed in, no relationship;
- follower: follows the author (since before the note was posted);
- blocked: followed the author, the note was posted, then the author blocked them;
- author: the note's own author.

Cells: an HTTP status for read / edit / delete / like / comment, `yes` / `no` for whether the
note appears in a list, `401` for the Following feed of an anonymous viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from crossnote.engagement.models import Comment, Like
from crossnote.notes.models import Note

VIEWERS = ("anonymous", "stranger", "follower", "blocked", "author")
VISIBILITIES = ("public", "followers", "private")
ACTIONS = (
    "read",
    "edit",
    "delete",
    "like",
    "comment",
    "following",
    "discover",
    "search",
    "hashtag",
)

TABLE = """
viewer     visibility  read  edit  delete  like  comment  following  discover  search  hashtag
anonymous  public      200   401   401     401   401      401        yes       yes     yes
anonymous  followers   404   401   401     401   401      401        no        no      no
anonymous  private     404   401   401     401   401      401        no        no      no
stranger   public      200   403   403     200   201      no         yes       yes     yes
stranger   followers   404   404   404     404   404      no         no        no      no
stranger   private     404   404   404     404   404      no         no        no      no
follower   public      200   403   403     200   201      yes        yes       yes     yes
follower   followers   200   403   403     200   201      yes        no        yes     yes
follower   private     404   404   404     404   404      no         no        no      no
blocked    public      404   404   404     404   404      no         no        no      no
blocked    followers   404   404   404     404   404      no         no        no      no
blocked    private     404   404   404     404   404      no         no        no      no
author     public      200   200   200     200   201      no         no        yes     yes
author     followers   200   200   200     200   201      no         no        yes     yes
author     private     200   200   200     200   201      no         no        yes     yes
"""


def _parse(table: str) -> dict[tuple[str, str, str], str]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert header[2:] == list(ACTIONS)
    cells = {}
    for viewer, visibility, *outcomes in rows:
        for action, outcome in zip(ACTIONS, outcomes, strict=True):
            cells[viewer, visibility, action] = outcome
    return cells


EXPECTED = _parse(TABLE)

# The error code that goes with each refusal.
ERROR_CODES = {"401": "not_authenticated", "403": "not_your_note", "404": "not_found"}


def _sees(viewer: str, visibility: str) -> bool:
    """The visibility rules of crossnote/notes/queries.py, for one note of the author's."""
    if viewer == "author":
        return True
    if viewer == "blocked":
        return False
    if visibility == "public":
        return True
    if visibility == "followers":
        return viewer == "follower"
    return False


def _rule(viewer: str, visibility: str, action: str) -> str:
    sees = _sees(viewer, visibility)
    if action == "read":
        return "200" if sees else "404"
    if action in ("edit", "delete", "like", "comment"):
        if viewer == "anonymous":
            return "401"
        if not sees:
            return "404"
        if action in ("edit", "delete"):
            return "200" if viewer == "author" else "403"
        return "201" if action == "comment" else "200"
    if action == "following":
        if viewer == "anonymous":
            return "401"
        return "yes" if viewer == "follower" and sees else "no"
    if action == "discover":
        return "yes" if sees and visibility == "public" and viewer != "author" else "no"
    # search and the hashtag page show exactly what the viewer may see.
    return "yes" if sees else "no"


def test_the_table_follows_the_rules():
    assert set(EXPECTED) == {(v, s, a) for v in VIEWERS for s in VISIBILITIES for a in ACTIONS}
    wrong = {k: (v, _rule(*k)) for k, v in EXPECTED.items() if v != _rule(*k)}
    assert not wrong, wrong


WORD = "quokkazanzibar"  # in the note's body and nowhere else
TAG = "gridtag"
TITLE = "Grid note"


@dataclass
class Scene:
    note_id: int
    viewer: Any  # an ApiClient, anonymous or signed in
    author: Any


@pytest.fixture
def scene(request, api, make_user, post_note) -> Scene:
    """One author, one viewer standing in the relationship asked for, and one note."""
    viewer_kind, visibility = request.param
    _author, author_api = make_user("author")
    viewer_api = {"anonymous": api, "author": author_api}.get(viewer_kind)
    if viewer_api is None:
        _viewer, viewer_api = make_user(viewer_kind)
    if viewer_kind in ("follower", "blocked"):
        assert viewer_api.post("/users/author/follow").json() == {"status": "following"}
    note = post_note(
        author_api, f"Spotted a {WORD} by the river #{TAG}", title=TITLE, visibility=visibility
    )
    assert note["state"] == "published"
    if viewer_kind == "blocked":
        assert author_api.post(f"/users/{viewer_kind}/block").status_code == 200
    return Scene(note["id"], viewer_api, author_api)


def _assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error", "message"}, body
    assert body["error"] == code, body
    assert isinstance(body["message"], str) and body["message"].strip(), body


def _check_status(response: Any, expected: str) -> None:
    status = int(expected)
    if status >= 400:
        _assert_error(response, status, ERROR_CODES[expected])
    else:
        assert response.status_code == status, response.content


def _listed(response: Any, note_id: int, key: str = "items") -> bool:
    assert response.status_code == 200, response.content
    return note_id in [n["id"] for n in response.json()[key]]


def _run(action: str, s: Scene, expected: str) -> None:
    url = f"/notes/{s.note_id}"
    note = Note.objects.get(pk=s.note_id)
    if action == "read":
        response = s.viewer.get(url)
        _check_status(response, expected)
        if expected == "200":
            assert response.json()["id"] == s.note_id
            assert response.json()["body"].startswith("Spotted")
    elif action == "edit":
        response = s.viewer.patch(url, {"title": "Changed", "body": "Overwritten"})
        _check_status(response, expected)
        after = Note.objects.get(pk=s.note_id)
        if expected == "200":
            assert response.json()["title"] == after.title == "Changed"
        else:
            assert (after.title, after.body, after.revision) == (
                note.title,
                note.body,
                note.revision,
            )
    elif action == "delete":
        response = s.viewer.delete(url)
        _check_status(response, expected)
        if expected == "200":
            assert response.json() == {"ok": True}
            assert not Note.objects.filter(pk=s.note_id).exists()
            _assert_error(s.author.get(url), 404, "not_found")
        else:
            assert Note.objects.filter(pk=s.note_id).exists()
            assert s.author.get(url).status_code == 200
    elif action == "like":
        response = s.viewer.post(f"{url}/like")
        _check_status(response, expected)
        if expected == "200":
            assert response.json() == {"liked": True, "like_count": 1}
        else:
            assert not Like.objects.filter(note_id=s.note_id).exists()
            assert Note.objects.get(pk=s.note_id).like_count == 0
    elif action == "comment":
        response = s.viewer.post(f"{url}/comments", {"body": "Lovely"})
        _check_status(response, expected)
        if expected == "201":
            assert response.json()["body"] == "Lovely"
            assert Note.objects.get(pk=s.note_id).comment_count == 1
        else:
            assert not Comment.objects.filter(note_id=s.note_id).exists()
            assert Note.objects.get(pk=s.note_id).comment_count == 0
    elif action == "following":
        response = s.viewer.get("/feeds/following")
        if expected == "401":
            _assert_error(response, 401, "not_authenticated")
        else:
            assert _listed(response, s.note_id) == (expected == "yes")
    elif action == "discover":
        assert _listed(s.viewer.get("/feeds/discover"), s.note_id) == (expected == "yes")
    elif action == "search":
        response = s.viewer.get("/search", q=WORD)
        assert _listed(response, s.note_id, key="notes") == (expected == "yes")
    elif action == "hashtag":
        response = s.viewer.get(f"/tags/{TAG}/notes")
        if expected == "yes":
            assert _listed(response, s.note_id)
        elif response.status_code == 404:
            # Saying the tag is not there at all also keeps the note hidden.
            _assert_error(response, 404, "not_found")
        else:
            assert not _listed(response, s.note_id)
    else:  # pragma: no cover
        raise AssertionError(action)


GRID = [
    pytest.param((viewer, visibility), action, id=f"{viewer}-{visibility}-{action}")
    for viewer in VIEWERS
    for visibility in VISIBILITIES
    for action in ACTIONS
]


@pytest.mark.parametrize(("scene", "action"), GRID, indirect=["scene"])
def test_grid(scene: Scene, action: str, request):
    viewer, visibility = request.node.callspec.params["scene"]
    _run(action, scene, EXPECTED[viewer, visibility, action])
