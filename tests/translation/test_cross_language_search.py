"""A query in one language also finds notes written in the other."""


def _found(client, q):
    return {(n["id"], n["language"]) for n in client.get("/search", q=q).json()["notes"]}


def test_coffee_finds_chinese_coffee_notes_and_says_their_language(api, make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", languages=["en"])
    zh = post_note(mei, "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")
    en = post_note(sam, "The best coffee I had this week", title="Coffee")
    post_note(mei, "今天去爬山了", title="爬山")
    assert _found(api, "coffee") == {(zh["id"], "zh-hans"), (en["id"], "en")}


def test_lipstick_in_chinese_finds_english_lipstick_notes(api, make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", languages=["en"])
    en = post_note(sam, "My favourite lipstick for autumn", title="Autumn lipstick")
    zh = post_note(mei, "秋冬口红试色", title="口红")
    post_note(sam, "A walk by the river", title="River")
    assert _found(api, "口红") == {(zh["id"], "zh-hans"), (en["id"], "en")}


def test_a_tag_name_finds_notes_under_its_aliases(api, make_user, post_note):
    from crossnote.tags.actions import do_make_alias
    from crossnote.tags.models import Hashtag

    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", languages=["en"])
    en = post_note(sam, "Day one here #TikTokRefugee")
    zh = post_note(mei, "欢迎大家 #TikTok难民")
    do_make_alias(Hashtag.objects.get(key="tiktok难民"), Hashtag.objects.get(key="tiktokrefugee"))
    found = {n["id"] for n in api.get("/search", q="TikTok难民").json()["notes"]}
    assert found == {en["id"], zh["id"]}


def test_popular_notes_are_translated_ahead_of_time(make_user, post_note):
    from crossnote.translation.models import Translation
    from crossnote.translation.tasks import pretranslate_popular

    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", languages=["en"])
    post_note(mei, "今天的咖啡很好喝")
    post_note(sam, "Great coffee today")
    assert pretranslate_popular() == 2
    assert sorted(Translation.objects.values_list("target", flat=True)) == ["en", "zh-hans"]
