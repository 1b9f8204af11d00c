"""Language detection on the server, and translations through the engines and their cache."""

import pytest

from crossnote.translation.detection import detect_language
from crossnote.translation.engines.base import EngineError, EngineInfo
from crossnote.translation.models import Translation


@pytest.mark.parametrize(
    ("text", "hint", "language"),
    [
        ("this 口红 is so good 绝了", "", "en"),  # mostly English, with Chinese in it
        ("The dress is so 绝了", "", "en"),
        ("今天的咖啡很好喝，推荐拿铁", "", "zh-hans"),
        ("咖啡廳的蛋糕很好吃", "", "zh-hant"),
        ("Best coffee near the Bund", "zh-hans", "en"),  # the setting is a hint, not the truth
        ("ok", "zh-hans", "zh-hans"),  # too short to tell: the hint decides
        ("👍👍", "", ""),
        ("Je suis très content de ce café", "", "fr"),
    ],
)
def test_detection(text, hint, language):
    assert detect_language(text, hint) == language


def test_notes_comments_and_bios_know_their_language(make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", languages=["en"])
    note = post_note(mei, "今天在外滩喝到了超好喝的咖啡", title="外滩咖啡")
    assert note["language"] == "zh-hans"
    comment = sam.post(
        f"/notes/{note['id']}/comments", {"body": "Looks amazing, where exactly?"}
    ).json()
    assert comment["language"] == "en"
    edited = mei.patch(
        f"/notes/{note['id']}", {"title": "Bund coffee", "body": "The best latte in town"}
    )
    assert edited.json()["language"] == "en"
    assert sam.patch("/me", {"bio": "Texas → Shanghai, learning Chinese"}).status_code == 200
    assert sam.get("/users/sam").json()["bio_language"] == "en"


def test_a_chinese_note_reads_in_english_with_the_engine_named(
    make_user, post_note, django_assert_max_num_queries
):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", reading_language="en")
    note = post_note(mei, "今天的咖啡很好喝", title="咖啡")
    answer = sam.get(f"/notes/{note['id']}/translation").json()
    assert answer["available"] and not answer["same_language"]
    assert answer["target"] == "en" and answer["source_language"] == "zh-hans"
    assert answer["engine"] == "offline" and answer["is_gloss"] is True
    assert answer["engine_label"] == "Dictionary gloss (offline)"
    assert "coffee" in answer["parts"][0].lower() and "coffee" in answer["parts"][1].lower()
    assert answer["source_pinyin"] == ["kā fēi", "jīn tiān de kā fēi hěn hǎo hē"]
    assert Translation.objects.count() == 1
    sam.get(f"/notes/{note['id']}/translation")  # the stored one serves
    assert Translation.objects.count() == 1
    mei.patch(f"/notes/{note['id']}", {"body": "茶也很好喝"})  # an edit invalidates
    assert "tea" in sam.get(f"/notes/{note['id']}/translation").json()["parts"][1].lower()
    assert Translation.objects.count() == 2


def test_english_into_chinese_and_same_language(make_user, post_note):
    _sam, sam = make_user("sam", languages=["en"])
    note = post_note(sam, "I love coffee", title="Coffee")
    zh = sam.get(f"/notes/{note['id']}/translation", target="zh-hans").json()
    assert "咖啡" in zh["parts"][1]
    same = sam.get(f"/notes/{note['id']}/translation", target="en").json()
    assert same["same_language"] is True and same["parts"] == ["Coffee", "I love coffee"]
    assert (
        sam.get(f"/notes/{note['id']}/translation", target="klingon").json()["error"]
        == "invalid_target"
    )


class FakeEngine:
    """An engine whose answers and failures the test decides, counting its calls."""

    def __init__(self, answer=None, error=False):
        self.info = EngineInfo(name="fake", label="Fake engine")
        self.answer, self.error, self.calls = answer, error, []

    def supports(self, source, target):
        return True

    def translate(self, texts, source, target, deadline):
        self.calls.append(list(texts))
        if self.error:
            raise EngineError("down")
        return [self.answer or f"[{t}]" for t in texts]


@pytest.fixture
def engines(monkeypatch):
    """engines(first, ...) makes these the configured engines (no offline fallback)."""
    from crossnote.translation import service

    def use(*chosen):
        monkeypatch.setattr(service, "configured_engines", lambda: tuple(chosen))
        monkeypatch.setattr(
            service, "engine_labels", lambda: {e.info.name: (e.info.label, False) for e in chosen}
        )

    return use


def test_an_engine_that_is_down_means_the_original_and_no_error(make_user, post_note, engines):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(mei, "今天的咖啡很好喝")
    engines(FakeEngine(error=True))
    response = mei.get(f"/notes/{note['id']}/translation", target="en")
    assert response.status_code == 200
    assert response.json()["available"] is False
    assert not Translation.objects.exists()


def test_the_next_engine_serves_when_the_first_fails(make_user, post_note, engines):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(mei, "今天的咖啡很好喝")
    backup = FakeEngine()
    backup.info = EngineInfo(name="backup", label="Backup")
    engines(FakeEngine(error=True), backup)
    answer = mei.get(f"/notes/{note['id']}/translation", target="en").json()
    assert answer["engine"] == "backup" and answer["parts"][1] == "[今天的咖啡很好喝]"


def test_engine_output_is_sanitised_like_user_text(make_user, post_note, engines, client):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(mei, "今天的咖啡很好喝")
    engines(FakeEngine(answer='<img src=x onerror="alert(1)">Coffee<script>alert(2)</script>'))
    answer = mei.get(f"/notes/{note['id']}/translation", target="en").json()
    assert answer["parts"][1] == "Coffee"
    assert "<" not in Translation.objects.get().parts[1]


def test_engine_output_is_plain_text_escaped_once_on_the_page(
    make_user, post_note, engines, client
):
    mei_user, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(mei, "汤姆和杰瑞")
    engines(FakeEngine(answer="Tom &amp; Jerry <b>&lt;3</b>"))
    answer = mei.get(f"/notes/{note['id']}/translation", target="en").json()
    assert answer["parts"][1] == "Tom & Jerry <3"  # plain text, for clients to escape
    client.force_login(mei_user)
    html = client.get(f"/notes/{note['id']}/translate?target=en").content.decode()
    assert "Tom &amp; Jerry &lt;3" in html and "&amp;amp;" not in html


def test_a_page_of_comments_is_translated_in_one_call(make_user, post_note, engines):
    _sam, sam = make_user("sam", languages=["en"])
    _mei, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(sam, "Where should I eat hotpot?")
    for text in ("去玉林路吧", "小龙坎不错", "Try the one near the river"):
        mei.post(f"/notes/{note['id']}/comments", {"body": text})
    fake = FakeEngine()
    engines(fake)
    answers = sam.get(f"/notes/{note['id']}/translation/comments", target="en").json()
    assert len(fake.calls) == 1 and len(fake.calls[0]) == 2  # the English one needs nothing
    assert [a["same_language"] for a in answers] == [False, False, True]


def test_translate_and_see_original_in_the_web_ui(client, make_user, post_note):
    mei_user, mei = make_user("mei", languages=["zh-hans"], reading_language="zh-hans")
    sam_user, sam = make_user("sam", languages=["en"], reading_language="en")
    note = post_note(mei, "今天的咖啡很好喝", title="咖啡")
    sam.post(f"/notes/{note['id']}/comments", {"body": "Looks great!"})
    mei.post(f"/notes/{note['id']}/comments", {"body": "谢谢"})
    client.force_login(sam_user)
    page = client.get(f"/notes/{note['id']}").content.decode()
    assert 'data-testid="translate"' in page and "今天的咖啡很好喝" in page
    translated = client.get(
        f"/notes/{note['id']}/translate", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "coffee" in translated and "Word-by-word dictionary gloss" in translated
    assert 'data-testid="see-original"' in translated
    original = client.get(f"/notes/{note['id']}/original", HTTP_HX_REQUEST="true").content.decode()
    assert "今天的咖啡很好喝" in original
    comments = client.get(
        f"/notes/{note['id']}/comments/translate", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "thank" in comments.lower() and "谢谢" in comments  # translation, original a tap away
    client.force_login(mei_user)  # she reads Chinese: nothing to translate
    assert 'data-testid="translate"' not in client.get(f"/notes/{note['id']}").content.decode()


def test_always_translate_shows_the_translation_first(client, make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    sam_user, sam = make_user("sam", reading_language="en")
    note = post_note(mei, "今天的咖啡很好喝", title="咖啡")
    assert sam.patch("/me", {"auto_translate": True}).json()["auto_translate"] is True
    client.force_login(sam_user)
    mei.post(f"/notes/{note['id']}/comments", {"body": "谢谢大家"})
    page = client.get(f"/notes/{note['id']}").content.decode()
    assert "Word-by-word dictionary gloss" in page and 'data-testid="see-original"' in page
    assert "thank" in page.lower()  # comments arrive translated too


def test_the_web_ui_says_translation_unavailable_when_engines_fail(
    client, make_user, post_note, engines
):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    sam_user, _sam = make_user("sam", reading_language="en")
    note = post_note(mei, "今天的咖啡很好喝")
    engines(FakeEngine(error=True))
    client.force_login(sam_user)
    response = client.get(f"/notes/{note['id']}/translate", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert (
        "Translation unavailable" in response.content.decode()
        and "今天的咖啡很好喝" in response.content.decode()
    )


def test_bios_translate_in_the_profile(client, make_user):
    _mei_user, mei = make_user("mei", languages=["zh-hans"])
    sam_user, _sam = make_user("sam", reading_language="en")
    mei.patch("/me", {"bio": "上海本地人，喜欢咖啡和旅行"})
    client.force_login(sam_user)
    assert 'data-testid="translate-bio"' in client.get("/@mei").content.decode()
    translated = client.get("/@mei/bio/translate", HTTP_HX_REQUEST="true").content.decode()
    assert "coffee" in translated and "See original" in translated
    assert "上海本地人" in client.get("/@mei/bio/original", HTTP_HX_REQUEST="true").content.decode()


def test_search_results_say_their_language(client, make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    post_note(mei, "外滩咖啡很好喝")
    assert '<span class="lang">中文</span>' in client.get("/search?q=coffee").content.decode()
