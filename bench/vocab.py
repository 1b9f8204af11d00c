"""Words the generated notes are made of: bilingual sentences, titles, places and hashtags.

Everything here is deterministic for a given seed. Texts are built from a few thousand
distinct pieces (sentences, titles, tags, places), each segmented once with the app's own
`crossnote.search.tokens.words`; a note's search document is the concatenation of its
pieces' words. Pieces are always joined with a space, and jieba segments each run of text
between spaces on its own, so the concatenation equals `words()` of the whole text
(`bench.generate` checks this on a sample).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from crossnote.search.tokens import words
from crossnote.tags.parsing import tag_key

TOPICS = ["fashion", "beauty", "food", "travel", "wellness", "home", "other"]
TOPIC_WEIGHTS = [22, 18, 20, 16, 8, 10, 6]

ZH_PLACES = ["上海", "北京", "成都", "杭州", "广州", "深圳", "重庆", "西安", "南京", "厦门"]
ZH_PLACES += ["大理", "香港", "东京", "首尔", "长沙", "苏州", "青岛", "武汉", "三亚", "台北"]
EN_PLACES = ["Shanghai", "Beijing", "Tokyo", "Seoul", "Paris", "London", "NYC", "Bangkok"]
EN_PLACES += ["Bali", "Sydney", "Berlin", "Lisbon", "Toronto", "Chengdu", "Kyoto", "Taipei"]

# Per topic: (Chinese items, English items). Coffee and lipstick are common, not dominant.
ZH_ITEMS = {
    "fashion": ["穿搭", "外套", "裙子", "牛仔裤", "风衣", "卫衣", "针织衫", "小白鞋", "包包"],
    "beauty": ["口红", "粉底", "眼影", "香水", "防晒", "面膜", "精华", "腮红", "卸妆油"],
    "food": ["咖啡", "拿铁", "火锅", "奶茶", "面包", "甜品", "烧烤", "小笼包", "抹茶", "早午餐"],
    "travel": ["旅行", "民宿", "海边", "古镇", "雪山", "日落", "露营", "徒步", "寺庙"],
    "wellness": ["瑜伽", "跑步", "健身", "冥想", "早睡", "普拉提", "减脂餐", "拉伸"],
    "home": ["家居", "收纳", "绿植", "香薰", "书桌", "沙发", "窗帘", "台灯", "厨房"],
    "other": ["读书", "学习", "手账", "猫咪", "狗狗", "摄影", "电影", "音乐", "周末"],
}
EN_ITEMS = {
    "fashion": ["outfit", "jacket", "dress", "jeans", "trench coat", "hoodie", "sneakers", "bag"],
    "beauty": ["lipstick", "foundation", "eyeshadow", "perfume", "sunscreen", "serum", "blush"],
    "food": ["coffee", "latte", "hotpot", "bubble tea", "sourdough", "dessert", "dumplings"],
    "travel": ["trip", "beach", "old town", "sunset", "campsite", "hike", "temple", "road trip"],
    "wellness": ["yoga", "run", "workout", "meditation", "pilates", "stretching", "sleep"],
    "home": ["living room", "shelf", "plants", "candle", "desk", "sofa", "kitchen", "lamp"],
    "other": ["book", "journal", "cat", "puppy", "camera", "movie", "playlist", "weekend"],
}
ZH_ADJ = ["超级好看", "很温柔", "绝了", "性价比很高", "氛围感拉满", "很出片", "一般般", "惊艳"]
ZH_ADJ += ["很治愈", "太好用了", "值得", "有点贵但是值得"]
EN_ADJ = ["amazing", "so cozy", "underrated", "worth it", "a little pricey", "perfect"]
EN_ADJ += ["gorgeous", "super soft", "honestly fine", "a game changer", "so calming"]
ZH_TIME = ["周末", "今天", "昨天", "下班后", "早上", "假期", "这个月", "春天", "冬天"]
EN_TIME = ["this weekend", "today", "yesterday", "after work", "this morning", "on holiday"]

ZH_TEMPLATES = [
    "{time}在{place}发现了一家{item}店，真的{adj}。",
    "分享一下我最近的{item}，{adj}！",
    "{place}的{item}{adj}，下次还要再来。",
    "姐妹们，这个{item}真的{adj}，强烈推荐。",
    "{time}去{place}，顺便试了{item}，{adj}。",
    "第一次尝试{item}，没想到{adj}。",
    "记录一下{time}的{item}日常，{adj}。",
    "{item}怎么选？我的答案是{adj}的那一款。",
    "在{place}住了三天，{item}{adj}。",
    "被问了好多次的{item}来啦，{adj}。",
]
EN_TEMPLATES = [
    "Found a tiny {item} spot in {place} {time}, and it was {adj}.",
    "My current {item} rotation is {adj}.",
    "The {item} in {place} is {adj}, would go again.",
    "Tried a new {item} {time} and honestly it was {adj}.",
    "Quick {item} tips from {place}: keep it simple, it is {adj}.",
    "Everyone asked about my {item}, so here it is: {adj}.",
    "Three days in {place} and the {item} was {adj}.",
    "Not sponsored, this {item} is just {adj}.",
    "A slow {time} with {item}, {adj}.",
    "If you visit {place}, the {item} is {adj}.",
]
ZH_TITLES = ["{place}{item}", "{item}分享", "{time}的{item}", "{place}｜{item}合集", "{item}真的绝"]
EN_TITLES = ["{item} in {place}", "My {item} picks", "{place} {item} guide", "{item} diary"]

# The hashtag head in rank order (Zipf rank 1 first); combinations follow to ~2000 tags.
TAG_HEAD = ["穿搭", "ootd", "旅行", "美食", "travel", "护肤", "makeup", "日常", "好物分享"]
TAG_HEAD += ["food", "探店", "coffee", "咖啡", "口红", "lipstick", "家居", "fitness", "拍照"]
TAG_HEAD += ["TikTokRefugee", "上海Coffee", "vlog", "学习", "skincare", "周末去哪儿", "homedecor"]


def _fill(template: str, rng: random.Random, zh: bool, topic: str) -> str:
    items = ZH_ITEMS if zh else EN_ITEMS
    return template.format(
        place=rng.choice(ZH_PLACES if zh else EN_PLACES),
        item=rng.choice(items[topic]),
        adj=rng.choice(ZH_ADJ if zh else EN_ADJ),
        time=rng.choice(ZH_TIME if zh else EN_TIME),
    )


def _unique_fills(templates: list[str], rng: random.Random, zh: bool, topic: str, n: int) -> list:
    seen: dict[str, None] = {}
    for _ in range(n * 4):
        seen.setdefault(_fill(rng.choice(templates), rng, zh, topic), None)
        if len(seen) >= n:
            break
    return list(seen)


def hashtag_names(count: int) -> list[str]:
    """`count` distinct tag names (distinct by key), most popular first."""
    names: dict[str, str] = {}
    base = [*TAG_HEAD]
    for topic in TOPICS:
        base += ZH_ITEMS[topic] + [i.replace(" ", "") for i in EN_ITEMS[topic]]
    combos = [p + i for p in ZH_PLACES for t in TOPICS for i in ZH_ITEMS[t]]
    combos += [
        p + i.title().replace(" ", "") for p in EN_PLACES for t in TOPICS for i in EN_ITEMS[t]
    ]
    combos += [
        p + i.title().replace(" ", "") for p in ZH_PLACES for t in TOPICS for i in EN_ITEMS[t]
    ]
    random.Random(7).shuffle(combos)
    for name in base + combos:
        names.setdefault(tag_key(name), name)
        if len(names) == count:
            break
    return list(names.values())


@dataclass
class Piece:
    """A piece of text and its search words, joined with spaces."""

    text: str
    words: str


def _pieces(texts: list[str]) -> list[Piece]:
    return [Piece(t, " ".join(words(t))) for t in texts]


@dataclass
class Pools:
    """Pre-segmented texts per (language, topic): what notes are assembled from."""

    sentences: dict[tuple[bool, str], list[Piece]]
    titles: dict[tuple[bool, str], list[Piece]]
    places: list[Piece]
    tags: list[Piece]  # "#name" pieces, in rank order


def build_pools(rng: random.Random, tag_count: int, sentences_per_topic: int) -> Pools:
    sentences, titles = {}, {}
    for topic in TOPICS:
        for zh in (True, False):
            templates = ZH_TEMPLATES if zh else EN_TEMPLATES
            sentences[zh, topic] = _pieces(
                _unique_fills(templates, rng, zh, topic, sentences_per_topic)
            )
            title_templates = ZH_TITLES if zh else EN_TITLES
            titles[zh, topic] = _pieces(
                [
                    t[:20] if zh else t[:40]
                    for t in _unique_fills(title_templates, rng, zh, topic, 60)
                ]
            )
    places = _pieces([f"{p}" for p in ZH_PLACES + EN_PLACES])
    tags = _pieces(["#" + name for name in hashtag_names(tag_count)])
    return Pools(sentences, titles, places, tags)
