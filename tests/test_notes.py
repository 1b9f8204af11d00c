"""Notes: text rules, hashtags and mentions in any script, editing and deleting."""

import pytest

from crossnote.core.text import rednote_length
from crossnote.notes.models import Mention, Note
from crossnote.tags.models import Hashtag, NoteTag
from crossnote.tags.parsing import parse_hashtags, parse_mentions


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Coffee #上海Coffee is great", ["上海Coffee"]),
        ("全角 ＃旅行 也可以", ["旅行"]),
        ("今天吃了 #美食，很好吃", ["美食"]),
        ("#穿搭#OOTD", ["穿搭", "OOTD"]),
        ("#TikTokRefugee #tiktokrefugee #TikTok难民", ["TikTokRefugee", "TikTok难民"]),
        ("email me a#b or #2024 or ## or #_", []),
        ("#café and #東京", ["café", "東京"]),
        ("inv\u200bisible #ta\u200bg", ["tag"]),
    ],
)
def test_hashtags_are_found_in_any_script(text, tags):
    assert parse_hashtags(text) == tags


def test_mentions_skip_emails():
    assert parse_mentions("hi @mei and @小红薯, mail sam@example.com @lin.chen.") == [
        "mei",
        "小红薯",
        "lin.chen",
    ]


@pytest.mark.parametrize(
    ("title", "length"), [("上海咖啡", 4), ("Coffee", 3), ("上海 Coffee", 5.5)]
)
def test_titles_count_the_rednote_way(title, length):
    assert rednote_length(title) == length


def test_title_limits(make_user, post_note):
    _anna, anna = make_user("anna")
    post_note(anna, title="二" * 20)
    post_note(anna, title="a" * 40)
    from tests import images

    for title in ("二" * 21, "a" * 41, "二" * 19 + "ab" + "c"):
        response = anna.call(
            "POST", "/notes", data={"title": title, "images": [images.upload(images.jpeg())]}
        )
        assert response.status_code == 400 and response.json()["error"] == "title_too_long"


def test_note_detail_shows_everything(make_user, post_note):
    _anna, anna = make_user("anna")
    make_user("mei")
    note = post_note(
        anna,
        "Morning walk #citywalk #上海 with @mei",
        title="Bund at 6am",
        images_count=3,
        topic="travel",
        place="外滩 The Bund",
        alt_text=["The river", "A bridge"],
    )
    assert note["title"] == "Bund at 6am"
    assert note["topic"] == "travel" and note["place"] == "外滩 The Bund"
    assert note["tags"] == ["citywalk", "上海"]
    assert [i["alt_text"] for i in note["images"]] == ["The river", "A bridge", ""]
    assert note["cover"]["grid_url"] == note["images"][0]["grid_url"]
    assert Mention.objects.filter(note_id=note["id"], user__username="mei").exists()
    assert Hashtag.objects.get(key="上海").note_count == 1


def test_edit_reparses_tags_and_keeps_counts(make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, "#咖啡 #coffee")
    response = anna.patch(f"/notes/{note['id']}", {"body": "#coffee #latte", "title": "New"})
    assert response.status_code == 200
    edited = response.json()
    assert edited["tags"] == ["coffee", "latte"] and edited["revision"] == 2
    counts = dict(Hashtag.objects.values_list("key", "note_count"))
    assert counts == {"咖啡": 0, "coffee": 1, "latte": 1}


def test_making_a_note_private_takes_it_out_of_tag_counts_and_feeds(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    bo.post("/users/anna/follow")
    note = post_note(anna, "#secret")
    assert [n["id"] for n in bo.get("/feeds/following").json()["items"]] == [note["id"]]
    anna.patch(f"/notes/{note['id']}", {"visibility": "private"})
    assert Hashtag.objects.get(key="secret").note_count == 0
    assert bo.get("/feeds/following").json()["items"] == []
    anna.patch(f"/notes/{note['id']}", {"visibility": "followers"})
    assert [n["id"] for n in bo.get("/feeds/following").json()["items"]] == [note["id"]]


def test_delete_removes_everything_and_fixes_counts(make_user, post_note):
    from django.conf import settings

    anna_user, anna = make_user("anna")
    _bo, bo = make_user("bo")
    bo.post("/users/anna/follow")
    note = post_note(anna, "#gone", images_count=2)
    bo.post(f"/notes/{note['id']}/like")
    bo.post(f"/notes/{note['id']}/collect")
    bo.post(f"/notes/{note['id']}/comments", {"body": "nice"})
    files_before = [p for p in settings.MEDIA_ROOT.rglob("*.webp")]
    assert len(files_before) == 4
    assert anna.delete(f"/notes/{note['id']}").status_code == 200
    assert anna.get(f"/notes/{note['id']}").status_code == 404
    assert not Note.objects.exists() and not NoteTag.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*.webp")]
    anna_user.refresh_from_db()
    assert anna_user.note_count == 0
    assert Hashtag.objects.get(key="gone").note_count == 0
    assert bo.get("/me/boards").json()[0]["note_count"] == 0
    assert bo.get("/feeds/following").json()["items"] == []
    assert bo.get("/search", q="gone").json()["notes"] == []


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("欢迎#TikTok难民", ["TikTok难民"]),
        ("今天去了#上海Coffee", ["上海Coffee"]),
        ("url.com/page#frag", []),
    ],
)
def test_tags_right_after_chinese_text(text, tags):
    assert parse_hashtags(text) == tags


def test_mentions_run_into_chinese_text_and_resolve_to_the_longest_username(make_user, post_note):
    _anna, anna = make_user("anna")
    make_user("小红薯")
    make_user("mei")
    note = post_note(anna, "感谢@小红薯的教程，还有@mei的攻略和@nobody")
    mentioned = set(
        Mention.objects.filter(note_id=note["id"]).values_list("user__username", flat=True)
    )
    assert mentioned == {"小红薯", "mei"}
