"""One topic, several names: aliases, Simplified/Traditional folding, suggestions, pinyin."""

from crossnote.tags.models import Hashtag
from crossnote.tags.parsing import tag_key


def test_simplified_and_traditional_fold_together(make_user, post_note):
    assert tag_key("咖啡廳") == tag_key("咖啡厅") == "咖啡厅"
    _mei, mei = make_user("mei")
    post_note(mei, "#咖啡厅 打卡")
    post_note(mei, "#咖啡廳 打卡")
    assert Hashtag.objects.count() == 1
    assert mei.get("/tags/咖啡廳").json()["note_count"] == 2


def test_aliases_share_one_page_views_and_counts(make_user, post_note):
    _mei, mei = make_user("mei")
    _sam, sam = make_user("sam")
    en = post_note(sam, "Day one here #TikTokRefugee")["id"]
    zh = post_note(mei, "欢迎 #TikTok难民")["id"]
    sam.get(f"/notes/{zh}")
    mei.get(f"/notes/{en}")
    refugee = Hashtag.objects.get(key="tiktokrefugee")
    nanmin = Hashtag.objects.get(key="tiktok难民")
    nanmin.canonical = refugee  # a moderator decided (Django admin)
    nanmin.save()
    for name in ("TikTokRefugee", "tiktokrefugee", "TikTok难民"):
        tag = sam.get(f"/tags/{name}").json()
        assert tag["name"] == "TikTokRefugee" and tag["aliases"] == ["TikTok难民"]
        assert (tag["note_count"], tag["view_count"]) == (2, 2)
        assert {n["id"] for n in sam.get(f"/tags/{name}/notes").json()["items"]} == {en, zh}
    trending = sam.get("/tags/trending").json()
    assert [(t["name"], t["recent_views"], t["view_count"]) for t in trending] == [
        ("TikTokRefugee", 2, 2)  # all-time views are the topic's and its alias's, as on its page
    ]


def test_pinyin_for_chinese_tags_and_names(make_user, post_note):
    _mei, mei = make_user("mei", display_name="小红薯")
    post_note(mei, "#旅行 #travel")
    assert mei.get("/tags/旅行").json()["pinyin"] == "lǚ xíng"
    assert mei.get("/tags/travel").json()["pinyin"] == ""
    assert mei.get("/users/mei").json()["display_name_pinyin"] == "xiǎo hóng shǔ"


def test_engines_suggest_aliases_and_a_moderator_approves(make_user, post_note, admin_client):
    from crossnote.tags.models import AliasSuggestion

    _sam, sam = make_user("sam")
    _mei, mei = make_user("mei")
    post_note(sam, "Day one #TikTokRefugee")
    post_note(mei, "欢迎 #TikTok难民")  # the offline engine glosses it as "TikTok refugee"
    suggestion = AliasSuggestion.objects.get()
    assert (suggestion.tag.name, suggestion.canonical.name) == ("TikTok难民", "TikTokRefugee")
    response = admin_client.post(
        "/admin/tags/aliassuggestion/", {"action": "approve", "_selected_action": [suggestion.pk]}
    )
    assert response.status_code == 302
    assert mei.get("/tags/TikTok难民").json()["name"] == "TikTokRefugee"
    assert not AliasSuggestion.objects.exists()


def test_approving_both_directions_never_makes_a_tag_its_own_alias(make_user, post_note):
    from crossnote.tags.actions import do_make_alias

    _mei, mei = make_user("mei")
    post_note(mei, "#口红 #lipstick")
    zh, en = Hashtag.objects.get(key="口红"), Hashtag.objects.get(key="lipstick")
    do_make_alias(zh, en)
    do_make_alias(en, zh)  # the reverse suggestion, approved from a stale list
    zh.refresh_from_db()
    en.refresh_from_db()
    assert (zh.canonical_id, en.canonical_id) == (en.pk, None)
