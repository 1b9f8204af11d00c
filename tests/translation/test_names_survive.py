"""#hashtags and @mentions are names, not words: they come through every engine as written,
with the spacing of the original, and the translated page links them where the original does."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from django.urls import reverse

from crossnote.tags.parsing import tag_key
from crossnote.translation import service
from crossnote.translation.engines.registry import configured_engines
from crossnote.translation.models import Translation
from crossnote.translation.names import Cut
from crossnote.translation.service import Source
from tests.translation import standins
from tests.translation.standins import StandIn

EN_BODY = "Thanks @mei for the tip!\nWe loved the #Bund at night.\n\n#travel #shanghai #food"
ZH_BODY = "谢谢@sam 推荐，#外滩 的夜景很美。\n\n#旅行 #上海 #美食"
EN_NAMES = ["@mei", "#Bund", "#travel #shanghai #food"]
ZH_NAMES = ["@sam", "#外滩", "#旅行 #上海 #美食"]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Day one #travel #上海", ("Day one ", "#travel #上海", "")),
        ("#ootd today", ("", "#ootd", " today")),
        ("感谢@小红 推荐", ("感谢", "@小红", " 推荐")),
        ("#穿搭#OOTD 今天", ("", "#穿搭#OOTD", " 今天")),
        ("RedNote style #穿搭# 好看", ("RedNote style ", "#穿搭#", " 好看")),
        ("＃旅行 full-width", ("", "＃旅行", " full-width")),
        ("a#b and sam@example.com are words", ("a#b and sam@example.com are words",)),
        ("#1 and #2", ("", "#1", " and ", "#2", "")),  # kept as written, like linkify shows them
    ],
)
def test_a_text_is_cut_into_prose_and_names(text, pieces):
    cut = Cut.of(text)
    assert cut.pieces == pieces
    assert cut.rejoin(iter(cut.prose)) == text  # an identity "translation" gives it back


def test_a_translation_never_runs_into_a_name():
    cut = Cut.of("在#上海，喝咖啡")  # no space before the tag, none after it either
    assert cut.rejoin(iter(["at", "drink coffee"])) == "at #上海 drink coffee"


def _names_in(text: str) -> list[str]:
    return list(Cut.of(text).pieces[1::2])


def _check(parts: list[str], names: list[str], body: str) -> None:
    assert _names_in(parts[1]) == names
    # Trailing tags keep the original's line breaks and spaces: "#a #b", never "#a#b".
    assert parts[1].endswith("\n\n" + names[-1])
    assert parts[1] != body  # and the words around them were translated


@pytest.mark.parametrize(
    ("language", "body", "target", "names"),
    [("en", EN_BODY, "zh-hans", EN_NAMES), ("zh-hans", ZH_BODY, "en", ZH_NAMES)],
    ids=["en-zh", "zh-en"],
)
def test_names_survive_the_offline_gloss(make_user, post_note, language, body, target, names):
    _mei, mei = make_user("mei", languages=[language])
    make_user("sam")
    note = post_note(mei, body, title="#travel diary" if language == "en" else "#旅行 日记")
    answer = mei.get(f"/notes/{note['id']}/translation", target=target).json()
    assert answer["engine"] == "offline"
    _check(answer["parts"], names, body)
    assert answer["parts"][0].startswith(names[-1].split()[0] + " ")


@pytest.fixture(params=["libretranslate", "deepl", "openai_chat"])
def http_engine(request, settings) -> Iterator[StandIn]:
    """Each HTTP engine, configured alone, against its stand-in."""
    name = request.param
    if name == "libretranslate":
        standin = StandIn(standins.libretranslate())
        settings.CROSSNOTE_LIBRETRANSLATE_URL = standin.url
        settings.CROSSNOTE_LIBRETRANSLATE_API_KEY = ""
    elif name == "deepl":
        standin = StandIn(standins.deepl("deepl-key:fx"))
        settings.CROSSNOTE_DEEPL_API_KEY = "deepl-key:fx"
        settings.CROSSNOTE_DEEPL_URL = standin.url
    else:
        standin = StandIn(standins.openai_chat("standin-7b", "sk-standin"))
        settings.CROSSNOTE_LLM_URL = standin.url + "/v1"
        settings.CROSSNOTE_LLM_MODEL = "standin-7b"
        settings.CROSSNOTE_LLM_API_KEY = "sk-standin"
    settings.CROSSNOTE_TRANSLATION_ENGINES = name
    settings.CROSSNOTE_TRANSLATION_DEADLINE = 2
    configured_engines.cache_clear()
    yield standin
    standin.close()
    configured_engines.cache_clear()


def _sent(standin: StandIn) -> list[str]:
    return [text for seen in standin.seen for text in standin.service.texts(seen.body)]


@pytest.mark.parametrize(
    ("language", "body", "target", "names"),
    [("en", EN_BODY, "zh-hans", EN_NAMES), ("zh-hans", ZH_BODY, "en", ZH_NAMES)],
    ids=["en-zh", "zh-en"],
)
def test_names_survive_the_http_engines(http_engine, db, language, body, target, names):
    result = service.translate("comment", [Source(1, language, ["", body])], target)[1]
    assert result is not None and result.engine == configured_engines()[0].info.name
    _check(result.parts, names, body)
    assert http_engine.problems == []
    assert not any("#" in text or "@" in text for text in _sent(http_engine))  # never sent
    # The stand-in answers "[<target>] <text>" for each stretch of prose it was sent.
    tag = http_engine.service.target(http_engine.seen[0].body)
    cut = Cut.of(body)
    assert result.parts[1] == cut.rejoin(iter(f"[{tag}] {p}" for p in cut.prose))


def test_the_translated_page_links_each_tag_to_its_original_page(client, make_user, post_note):
    _sam_user, sam = make_user("sam", languages=["en"])
    mei_user, _mei = make_user("mei", reading_language="zh-hans")
    note = post_note(sam, EN_BODY, title="Bund")
    client.force_login(mei_user)
    page = client.get(
        f"/notes/{note['id']}/translate", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    for name in ("Bund", "travel", "shanghai", "food"):
        assert f'href="{reverse("web:tag", args=[tag_key(name)])}">#{name}</a>' in page
    assert '</a> <a class="tag"' in page  # the spaces between the trailing tags are kept
    assert f'href="{reverse("web:profile", args=["mei"])}">@mei</a>' in page
    assert "游客" not in page


def test_translations_stored_the_old_way_are_made_again(make_user, post_note):
    _mei, mei = make_user("mei", languages=["en"])
    note = post_note(mei, "Loved it #travel", title="Bund")
    old_digest = hashlib.sha256("\x1f".join(["Bund", "Loved it #travel"]).encode())
    Translation.objects.create(
        kind="note",
        object_id=note["id"],
        revision=old_digest.hexdigest()[:16],  # the key before STORED_FORMAT
        target="zh-hans",
        engine="offline",
        parts=["外滩", "爱它#游客"],
    )
    answer = mei.get(f"/notes/{note['id']}/translation", target="zh-hans").json()
    assert answer["parts"][1].endswith(" #travel")
    assert Translation.objects.filter(object_id=note["id"]).count() == 2
