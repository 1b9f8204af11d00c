"""Every feed and list costs a fixed number of queries, however many items it returns.

The numbers are exact, Zulip style: a change that adds a query to a hot path has to say so
here. When one fails, pytest prints the SQL that ran.
"""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def world(make_user, post_note):
    """Six authors with tagged notes, a viewer who follows them, likes, and comments."""
    _viewer_user, viewer = make_user("viewer")
    authors = [make_user(f"author{i}") for i in range(6)]
    for user, client in authors:
        viewer.post(f"/users/{user.username}/follow")
        client.post("/users/viewer/follow")
        for j in range(3):
            note = post_note(client, f"hotpot #food #night{j} @viewer", title=f"N{j}")
            viewer.post(f"/notes/{note['id']}/like")
            comment = viewer.post(f"/notes/{note['id']}/comments", {"body": "looks good"}).json()
            reply = client.post(
                f"/notes/{note['id']}/comments", {"body": "thanks!", "parent_id": comment["id"]}
            ).json()
            viewer.post(f"/notes/{note['id']}/comments/{reply['id']}/like")
    viewer.post("/me/boards", {"name": "Saved", "is_private": False})
    return viewer, authors


def _count(client, path, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **query)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def _first_note_id(client):
    return client.get("/users/author0/notes").json()["items"][0]["id"]


ENDPOINTS = {
    # path: exact queries, counted with a bearer token (the first query resolves it).
    # Cards carry the viewer's "liked" in the same query (notes.queries.as_cards).
    # Following: timeline entries and cards together (with Redis: ids from Redis, then the
    # cards); the popular authors to pull are cached between requests.
    "/feeds/following": 2,
    # Discover: token, candidate window (opened notes left out in it), cards (affinity is
    # cached); a later page adds its deferred notes, the last unopened page the opened ones.
    "/feeds/discover": 3,
    "/users/author0/notes": 4,  # token, person, blocked-by check, cards
    "/tags/food/notes": 4,  # token, tag, its aliases, cards
    # Search: token, full-text match, the meaning index catching up (newest seq, rows after
    # it), the nearest candidates' vectors, cards (the query's vector and gloss are cached).
    "/search": 6,
    "/notifications": 4,  # token, the page's groups, their newest rows, unread count
    "/me/boards": 3,  # token, default board, boards
}


@pytest.mark.parametrize(("path", "expected"), list(ENDPOINTS.items()))
def test_list_endpoints_cost_a_fixed_number_of_queries(world, path, expected):
    viewer, _authors = world
    query = {"q": "hotpot"} if path == "/search" else {}
    viewer.get(path, **query)  # warm what is cached between requests (topic affinity)
    small, small_page = _count(viewer, path, limit=2, **query)
    large, large_page = _count(viewer, path, limit=15, **query)
    if "items" in large_page:
        assert len(large_page["items"]) > len(small_page["items"])
    assert small == large, "the query count grows with the page size (N+1)"
    assert large == expected


def test_note_detail_and_comments_cost_a_fixed_number_of_queries(world):
    viewer, _authors = world
    note_id = _first_note_id(viewer)
    detail, _ = _count(viewer, f"/notes/{note_id}")
    comments, page = _count(viewer, f"/notes/{note_id}/comments")
    assert page["items"][0]["replies"]
    # Detail: token, access, view upsert, note counters, tag ids, tag totals, tag buckets,
    # note, images, tags (2), liked, collected, and the view's transaction (2 savepoints here).
    # Comments: token, access, top-level comments, their replies, liked comments. The count
    # of comments the viewer is shown (blocks, mutes, bans) is a subquery of the note's query.
    assert (detail, comments) == (15, 5)


def test_likers_cost_a_fixed_number_of_queries(world, make_user):
    viewer, _authors = world
    note_id = _first_note_id(viewer)
    for i in range(4):
        make_user(f"fan{i}")[1].post(f"/notes/{note_id}/like")
    small, small_page = _count(viewer, f"/notes/{note_id}/likes", limit=2)
    large, large_page = _count(viewer, f"/notes/{note_id}/likes", limit=15)
    assert len(large_page["items"]) == 5 > len(small_page["items"])
    assert small == large == 3  # token, access, likers with their avatars


def test_the_newcomer_hub_and_questions_cost_a_fixed_number_of_queries(make_user, post_note):
    _sam_user, sam = make_user("sam", languages=["en"])
    for i in range(4):
        _user, guide = make_user(f"guide{i}", languages=["zh-hans"])
        guide.put("/me/guide-pairs", {"pairs": ["en-zh"]})
        for j in range(4):
            post_note(guide, f"Metro tip {j}", title=f"G{j}", kind="guide")
            sam.call(
                "POST", "/notes", data={"kind": "question", "title": f"Q{i}{j}", "body": "How?"}
            )
        guide.post(f"/notes/{post_note(sam, 'x')['id']}/comments", {"body": "hi"})
    sam.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    _bo_user, bo = make_user("bo", languages=["en"])
    bo.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    for path, client, expected in (
        # token, guide notes of the pair, the pair's guides
        ("/guides/hub", sam, 3),
        # token, the viewer's guide pairs, questions with "answered"
        ("/guides/questions", bo, 3),
    ):
        client.get(path)  # warm what is cached between requests (keyword filters)
        small, small_page = _count(client, path, limit=2)
        large, large_page = _count(client, path, limit=15)
        assert len(large_page["items"]) > len(small_page["items"]) == 2
        assert small == large == expected, path


def test_the_welcome_page_costs_a_fixed_number_of_queries(make_user, client):
    sam_user, _sam = make_user("sam", languages=["en"])
    for i in range(6):
        _user, guide = make_user(f"guide{i}", languages=["en"])
        guide.put("/me/guide-pairs", {"pairs": ["en-zh"]})
        guide.post("/users/sam/follow")
    client.force_login(sam_user)
    client.get("/welcome")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/welcome").content.decode()
    assert html.count("Follow back") == 6
    # session, user, the two suggestion queries (guides, authors), who follows sam, the
    # guide pairs shown as checked; every page's unread counts (notifications, messages)
    # and moderator check (3); and where its live event stream starts, a query on the laptop
    # profile (Redis at scale)
    live_cursor = 1 if django_settings.CROSSNOTE_LIVE_BACKEND == "database" else 0
    assert len(queries) == 10 + live_cursor, "\n".join(q["sql"][:150] for q in queries)
