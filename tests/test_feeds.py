"""Following and Discover feeds, hashtag and profile lists: order, paging, and the rules."""

import pytest

from crossnote.engagement.actions import do_record_view
from crossnote.notes.models import Note


def _ids(page):
    return [n["id"] for n in page["items"]]


def _walk(client, path, **query):
    """Every item of a cursor-paged list, following next_cursor to the end."""
    seen, cursor = [], None
    for _ in range(50):
        page = client.get(path, cursor=cursor, **query).json()
        seen += _ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            return seen
    raise AssertionError("the cursor never ended")


def test_following_is_newest_first_and_pages_without_gaps(make_user, post_note):
    _anna, anna = make_user("anna")
    _mei, mei = make_user("mei")
    _sam, sam = make_user("sam")
    sam.post("/users/anna/follow")
    sam.post("/users/mei/follow")
    posted = [post_note(anna if i % 2 else mei, f"note {i}")["id"] for i in range(7)]
    post_note(sam, "my own note")  # your own notes are not in your Following feed
    assert _walk(sam, "/feeds/following", limit=3) == list(reversed(posted))


def test_follow_backfills_and_unfollow_removes(make_user, post_note):
    _anna, anna = make_user("anna")
    _sam, sam = make_user("sam")
    older = [post_note(anna, f"old {i}")["id"] for i in range(3)]
    sam.post("/users/anna/follow")
    assert _ids(sam.get("/feeds/following").json()) == list(reversed(older))
    sam.delete("/users/anna/follow")
    assert sam.get("/feeds/following").json()["items"] == []


def test_popular_authors_are_pulled_at_read_time(make_user, post_note, settings):
    from crossnote.accounts.models import User

    settings.CROSSNOTE_FANOUT_LIMIT = 1
    _star, star = make_user("star")
    _anna, anna = make_user("anna")
    _sam, sam = make_user("sam")
    sam.post("/users/star/follow")
    anna.post("/users/star/follow")
    sam.post("/users/anna/follow")
    assert User.objects.get(username="star").follower_count == 2  # above the limit: pulled
    a = post_note(anna, "from anna")["id"]
    s = post_note(star, "from the star")["id"]
    b = post_note(anna, "anna again")["id"]
    from crossnote.feeds.stores import timeline_store

    assert s not in timeline_store().page(User.objects.get(username="sam").pk, None, 10)
    assert _walk(sam, "/feeds/following", limit=2) == [b, s, a]


def test_blocked_and_muted_authors_leave_the_following_feed(make_user, post_note):
    _anna, anna = make_user("anna")
    _mei, mei = make_user("mei")
    _sam, sam = make_user("sam")
    sam.post("/users/anna/follow")
    sam.post("/users/mei/follow")
    a = post_note(anna, "anna")["id"]
    m = post_note(mei, "mei")["id"]
    sam.post("/users/anna/mute")
    assert _ids(sam.get("/feeds/following").json()) == [m]
    mei.post("/users/sam/block")
    assert sam.get("/feeds/following").json()["items"] == []
    sam.delete("/users/anna/mute")
    assert _ids(sam.get("/feeds/following").json()) == [a]


def _engage(note_id, likes):
    from crossnote.accounts.models import User
    from crossnote.engagement.actions import do_like

    note = Note.objects.get(pk=note_id)
    for user in User.objects.exclude(pk=note.author_id)[:likes]:
        do_like(user, note)


def test_discover_ranks_by_engagement_and_shows_each_author_once_per_page(make_user, post_note):
    authors = [make_user(f"author{i}") for i in range(4)]
    _viewer, viewer = make_user("viewer")
    notes = {}
    for i, (_u, client) in enumerate(authors):
        notes[i] = [post_note(client, f"n{i}{j}")["id"] for j in range(3)]
    _engage(notes[2][0], likes=4)  # the most engaging note leads
    page = viewer.get("/feeds/discover", limit=4).json()
    assert _ids(page)[0] == notes[2][0]
    authors_on_page = [n["author"]["username"] for n in page["items"]]
    assert len(authors_on_page) == len(set(authors_on_page)) == 4
    everything = _walk(viewer, "/feeds/discover", limit=4)
    assert sorted(everything) == sorted(i for ids in notes.values() for i in ids)  # nothing lost


def test_discover_puts_opened_notes_last_and_skips_own_notes(make_user, post_note):
    _anna, anna = make_user("anna")
    viewer_user, viewer = make_user("viewer")
    seen, unseen = post_note(anna, "seen")["id"], post_note(anna, "unseen")["id"]
    mine = post_note(viewer, "mine")["id"]
    do_record_view(Note.objects.get(pk=seen), f"u:{viewer_user.pk}")
    assert _walk(viewer, "/feeds/discover") == [unseen, seen]
    assert set(_walk(anna, "/feeds/discover")) == {mine}


def test_discover_tilts_toward_the_viewers_topics(make_user, post_note):
    from django.core.cache import cache

    _a, a = make_user("amy")
    _b, b = make_user("ben")
    _c, c = make_user("cai")
    viewer_user, viewer = make_user("viewer")
    food = post_note(a, "noodles", topic="food")["id"]
    travel = post_note(b, "mountains", topic="travel")["id"]
    liked = post_note(c, "dumplings", topic="food")["id"]
    viewer.post(f"/notes/{liked}/like")
    do_record_view(Note.objects.get(pk=liked), f"u:{viewer_user.pk}")
    cache.clear()
    assert _ids(viewer.get("/feeds/discover").json()) == [food, travel, liked]  # opened: last
    assert _ids(viewer.get("/feeds/discover", topic="travel").json()) == [travel]


def test_discover_for_anonymous_visitors(client, make_user, post_note):
    _anna, anna = make_user("anna")
    public = post_note(anna, "hello")["id"]
    post_note(anna, "friends only", visibility="followers")
    response = client.get("/api/v1/feeds/discover")
    assert [n["id"] for n in response.json()["items"]] == [public]


def test_profile_and_tag_lists_page_newest_first(make_user, post_note):
    _anna, anna = make_user("anna")
    ids = [post_note(anna, f"#citywalk walk {i}")["id"] for i in range(5)]
    assert _walk(anna, "/users/anna/notes", limit=2) == list(reversed(ids))
    assert _walk(anna, "/tags/CityWalk/notes", limit=2) == list(reversed(ids))
    tag = anna.get("/tags/citywalk").json()
    expected = {"name": "citywalk", "note_count": 5, "view_count": 0, "aliases": [], "pinyin": ""}
    assert tag == expected
    assert anna.get("/tags/nope").status_code == 404


def test_trending_tags_by_recent_views(make_user, post_note):
    _anna, anna = make_user("anna")
    viewers = [make_user(f"v{i}")[1] for i in range(3)]
    hot = post_note(anna, "#hot #both")["id"]
    cool = post_note(anna, "#cool #both")["id"]
    for v in viewers:
        v.get(f"/notes/{hot}")
    viewers[0].get(f"/notes/{cool}")
    trending = anna.get("/tags/trending").json()
    assert [(t["name"], t["recent_views"]) for t in trending] == [
        ("both", 4),
        ("hot", 3),
        ("cool", 1),
    ]


def test_trending_goes_on_with_the_week_after_a_quiet_day(make_user, post_note):
    from datetime import timedelta

    from crossnote.tags.models import TagViewBucket

    _anna, anna = make_user("anna")
    viewer = make_user("viewer")[1]
    note = post_note(anna, "#lastweek")["id"]
    viewer.get(f"/notes/{note}")
    TagViewBucket.objects.update(hour=TagViewBucket.objects.get().hour - timedelta(days=3))
    assert [t["name"] for t in anna.get("/tags/trending").json()] == ["lastweek"]


def test_discover_leaves_out_private_accounts_even_for_their_followers(make_user, post_note):
    _mei, mei = make_user("mei", is_private=True)
    _sam, sam = make_user("sam")
    sam.post("/users/mei/follow")
    mei.post("/me/follow-requests/sam/approve")
    note = post_note(mei, "for friends", visibility="public")["id"]
    assert sam.get(f"/notes/{note}").status_code == 200
    assert _walk(sam, "/feeds/discover") == []
    assert _ids(sam.get("/feeds/following").json()) == [note]


def test_database_timelines_are_trimmed_to_their_newest_entries(make_user, post_note, settings):
    from crossnote.feeds.stores import timeline_store

    settings.CROSSNOTE_TIMELINE_STORE = "database"  # on PostgreSQL too, whatever the profile
    timeline_store.cache_clear()
    _anna, anna = make_user("anna")
    sam_user, sam = make_user("sam")
    sam.post("/users/anna/follow")
    ids = [post_note(anna, f"n{i}")["id"] for i in range(5)]
    assert timeline_store().trim(keep=2) == 3
    assert timeline_store().page(sam_user.pk, None, 10) == ids[:-3:-1]


@pytest.mark.parametrize("scan_limit", [500, 2])
def test_following_marks_the_viewers_likes_by_scan_or_by_probe(
    make_user, post_note, monkeypatch, scan_limit
):
    """The liked flags come from one scan of the viewer's likes in the page's id range, or,
    past LIKED_SCAN_LIMIT likes in that range (2 here), from a probe per card: the same
    flags either way."""
    from crossnote.notes import card_rows

    monkeypatch.setattr(card_rows, "LIKED_SCAN_LIMIT", scan_limit)
    _anna, anna = make_user("anna")
    _sam, sam = make_user("sam")
    older = post_note(anna, "before sam followed")["id"]
    sam.post("/users/anna/follow")
    ids = [post_note(anna, f"note {i}")["id"] for i in range(5)]
    for note_id in (older, ids[0], ids[2], ids[4]):
        assert sam.post(f"/notes/{note_id}/like").status_code == 200
    page = sam.get("/feeds/following", limit=3).json()
    assert [card["id"] for card in page["items"]] == ids[:1:-1]
    assert [card["liked"] for card in page["items"]] == [True, False, True]
    rest = sam.get("/feeds/following", limit=3, cursor=page["next_cursor"]).json()["items"]
    # Following someone brings their earlier notes into the feed too.
    assert {card["id"]: card["liked"] for card in rest} == {
        ids[1]: False,
        ids[0]: True,
        older: True,
    }


def test_following_cards_badge_newcomers_as_other_lists_do(make_user, post_note):
    """The Following query decides the newcomer badge in SQL (notes.card_rows); a person who
    joined 40 days ago has lost it there as on their own list of notes."""
    from datetime import timedelta

    from django.utils import timezone

    from crossnote.accounts.models import NEWCOMER_PERIOD, User

    _kim, kim = make_user("kim")
    veteran, vera = make_user("vera")
    User.objects.filter(pk=veteran.pk).update(
        date_joined=timezone.now() - NEWCOMER_PERIOD - timedelta(days=10)
    )
    _sam, sam = make_user("sam")
    for who, client in (("kim", kim), ("vera", vera)):
        sam.post(f"/users/{who}/follow")
        post_note(client, f"hello from {who}")
    following = sam.get("/feeds/following").json()["items"]
    badges = {card["author"]["username"]: card["author"]["newcomer"] for card in following}
    assert badges == {"kim": True, "vera": False}
    for who in ("kim", "vera"):
        mine = [card for card in following if card["author"]["username"] == who]
        assert mine == sam.get(f"/users/{who}/notes").json()["items"]


def test_following_cards_equal_the_cards_of_other_lists(make_user, post_note):
    """Following builds its cards from raw rows (notes.card_rows, present.note_card_row) and
    sends them unvalidated: they must equal the cards other lists build from Note instances,
    avatar, pinyin, cover, liked and keyword-filter warnings included."""
    from tests import images

    _anna, anna = make_user("anna", display_name="小红薯")
    avatar = images.upload(images.png(), "me.png")
    assert anna.call("POST", "/me/avatar", data={"image": avatar}).status_code == 202
    _sam, sam = make_user("sam")
    sam.post("/users/anna/follow")
    liked = post_note(anna, "a spoiler ahead", title="Hotpot")["id"]
    post_note(anna, "plain")
    question = anna.call(
        "POST", "/notes", data={"title": "Where?", "body": "?", "kind": "question"}
    )
    assert question.status_code == 201, question.content
    sam.post(f"/notes/{liked}/like")
    assert sam.post("/me/filters", {"phrase": "spoiler", "action": "warn"}).status_code == 201

    following = sam.get("/feeds/following").json()["items"]
    assert following == sam.get("/users/anna/notes").json()["items"]
    assert len(following) == 3 and following[2]["liked"] and following[2]["filtered"] == "spoiler"
    assert following[0]["cover"] is None and following[2]["cover"]["grid_url"]
    assert following[0]["author"]["avatar_url"] and following[0]["author"]["display_name_pinyin"]
