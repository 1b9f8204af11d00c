"""Engine names and the gloss notice are shown in the reader's language (web and API); the
API keeps a stable machine id next to the label."""

from django.utils import translation

from crossnote.translation.engines.openai_chat import OpenAIChatEngine


def test_the_gloss_is_named_in_the_readers_language(client, make_user, post_note):
    _sam_user, sam = make_user("sam", languages=["en"])
    mei_user, mei = make_user("mei", reading_language="zh-hans")
    note = post_note(sam, "I love coffee", title="Coffee")
    sam.post(f"/notes/{note['id']}/comments", {"body": "Coffee is great"})
    client.force_login(mei_user)
    zh = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "zh-CN"}
    notice = client.get(f"/notes/{note['id']}/translate", **zh).content.decode()
    assert "词典逐词释义，并非真正的翻译。" in notice and "Dictionary" not in notice
    comments = client.get(f"/notes/{note['id']}/comments/translate", **zh).content.decode()
    assert "逐词释义，并非翻译" in comments and "gloss" not in comments
    url = f"/notes/{note['id']}/translation"
    in_chinese = mei.call("GET", url, headers={"Accept-Language": "zh-CN"}).json()
    assert (in_chinese["engine"], in_chinese["engine_label"]) == ("offline", "离线词典逐词释义")
    assert mei.get(url).json()["engine_label"] == "Dictionary gloss (offline)"


def test_an_ai_engine_is_labelled_in_the_readers_language():
    engine = OpenAIChatEngine("http://127.0.0.1:9/v1", "qwen2.5")
    with translation.override("zh-hans"):
        assert str(engine.info.label) == "AI 翻译（qwen2.5）"
    with translation.override("en"):
        assert str(engine.info.label) == "AI translation (qwen2.5)"
