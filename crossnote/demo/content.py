"""The demo's people, notes, follows and comments, as data.

The story is the week of the move: locals in Shanghai, Chengdu and Beijing write guides for
the newcomers, Americans post their first notes, and they meet in the comments. Notes are
listed in the order they were written (the loader spreads them over the last few days).
Every picture is named by a motif of `crossnote.demo.artwork.MOTIFS`.
"""

# ruff: noqa: E501 - notes and comments are prose; their lines are as long as people write them

from __future__ import annotations

import textwrap
from dataclasses import dataclass

# Every demo person has this password, and README.md says so: it is public on purpose.
PASSWORD = "crossnote-demo"  # noqa: S105
MARKER = "mei"  # if this person exists, the demo is loaded


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    bio: str
    languages: tuple[str, ...]  # the first is the one they write in
    avatar: str  # a motif
    palette: str
    joined_days_ago: int
    is_private: bool = False
    guides: tuple[str, ...] = ()  # language pairs they volunteer in, like "en-zh"

    @property
    def writes_chinese(self) -> bool:
        return self.languages[0].startswith("zh")


@dataclass(frozen=True)
class NoteSpec:
    key: str  # how comments and boards refer to the note
    author: str
    title: str
    topic: str
    photos: tuple[str, ...]  # motifs, in carousel order
    body: str
    place: str = ""
    shape: str = "portrait"  # see artwork.SHAPES
    buzz: int = 1  # 0 (quiet) to 3 (everyone saw it): how many like, collect and view it
    kind: str = "note"  # or "guide" (its author volunteers as a guide), or "question"


@dataclass(frozen=True)
class Thread:
    """A top-level comment and its replies, as (username, text) pairs."""

    author: str
    text: str
    replies: tuple[tuple[str, str], ...] = ()


def _text(raw: str) -> str:
    return textwrap.dedent(raw).strip()


PEOPLE: tuple[Person, ...] = (
    Person("mei", "梅子 Mei", "土生土长上海人 ☕ 咖啡+citywalk｜Shanghai local, happy to help newcomers find their way around. 英语在练习中！", ("zh-hans", "en"), "coffee", "latte", 1400, guides=("en-zh",)),
    Person("sam", "Sam Rivera", "Austin, TX 🤠 #TikTokRefugee learning Chinese one hotpot at a time. BBQ nerd. 你好！", ("en",), "chat", "sky", 7),
    Person("lin_chen", "陈琳 Lin", "成都人，吃货一枚 🌶️ 火锅、串串、苍蝇馆子｜Chengdu food, explained for newcomers", ("zh-hans",), "hotpot", "festive", 900),
    Person("jess", "Jess Miller", "Makeup artist in LA 💄 learning Chinese makeup techniques and loving it", ("en",), "lipstick", "blush", 7),
    Person("小红薯", "小红薯", "美妆博主｜新手友好的妆容教程 💄 广州｜Easy makeup tutorials, 中英双语", ("zh-hans",), "palette", "blush", 1100),
    Person("haoran", "浩然 Haoran", "北京｜摄影 + 旅行 📷 胡同、长城、故宫｜Beijing photographer, ask me anything about visiting", ("zh-hans", "en"), "palace", "sky", 700, guides=("en-zh",)),
    Person("priya", "Priya Nair", "NYC ✈️ planning my first trip to China, one comment section at a time", ("en",), "suitcase", "sky", 6),
    Person("qiqi", "琪琪 Qiqi", "上海｜155cm穿搭 新中式 通勤｜Petite outfits, every day", ("zh-hans",), "outfit", "lilac", 500),
    Person("emily_w", "Emily Wong 黄", "Chinese-Canadian in Vancouver 🇨🇦 translating memes and my mom's recipes", ("en", "zh-hans"), "notebook", "latte", 7, guides=("en-zh",)),
    Person("zhou_nainai", "周奶奶的厨房", "72岁，爱做饭 🥟 孙子帮忙打字和翻译｜Grandma's home cooking, translated by her grandson", ("zh-hans",), "dumplings", "peach", 200),
    Person("marcus", "Marcus Green", "Chicago 🧥 streetwear, thrifting, now trying 新中式", ("en",), "sneaker", "lilac", 6),
    Person("ajie.fit", "阿杰 Ajie", "深圳｜健身教练 🏃 八段锦、跑步、中式养生｜Fitness coach, Chinese wellness for everyone", ("zh-hans",), "sunrise", "mint", 400),
    Person("noah", "Noah Becker", "Denver 🏔️ yoga teacher, hiker, newly obsessed with 八段锦", ("en",), "yoga", "mint", 6),
    Person("olivia.k", "Olivia Kim", "Seattle ☔ tiny apartment, many plants, cozy everything", ("en", "ko"), "plant", "linen", 6),
    Person("dan_teaches", "Dan 老师", "American English teacher, 6 years in Chengdu 🐼 Ask me about living in China", ("en", "zh-hans"), "panda", "mint", 1200, guides=("en-zh",)),
    Person("豆豆", "豆豆和猫", "出租屋改造 🏠 一人一猫的小日子", ("zh-hans",), "cat", "linen", 800, is_private=True),
)  # fmt: skip

# Who follows whom. Requests to the private account are below.
FOLLOWS: dict[str, tuple[str, ...]] = {
    "sam": ("mei", "lin_chen", "emily_w", "zhou_nainai", "dan_teaches", "haoran", "priya", "jess"),
    "jess": ("小红薯", "qiqi", "mei", "sam", "olivia.k", "emily_w"),
    "marcus": ("qiqi", "sam", "jess", "haoran"),
    "priya": ("mei", "lin_chen", "haoran", "dan_teaches", "emily_w", "sam"),
    "emily_w": ("mei", "sam", "zhou_nainai", "olivia.k", "小红薯"),
    "noah": ("ajie.fit", "haoran", "sam", "olivia.k"),
    "olivia.k": ("emily_w", "小红薯", "jess", "noah"),
    "dan_teaches": ("lin_chen", "sam", "mei", "haoran"),
    "mei": ("sam", "priya", "qiqi", "lin_chen", "haoran", "emily_w"),
    "lin_chen": ("mei", "sam", "dan_teaches", "priya", "zhou_nainai"),
    "小红薯": ("jess", "qiqi", "mei", "olivia.k"),
    "haoran": ("mei", "priya", "noah", "lin_chen"),
    "qiqi": ("mei", "小红薯", "marcus", "jess"),
    "ajie.fit": ("noah", "lin_chen", "haoran"),
    "zhou_nainai": ("sam", "lin_chen"),
    "豆豆": ("mei", "olivia.k", "qiqi"),
}
# (requester, private account): accepted ones became follows, the others still wait.
FOLLOW_REQUESTS_ACCEPTED: tuple[tuple[str, str], ...] = (
    ("mei", "豆豆"),
    ("olivia.k", "豆豆"),
    ("qiqi", "豆豆"),
)
FOLLOW_REQUESTS_PENDING: tuple[tuple[str, str], ...] = (("sam", "豆豆"),)

# Public boards some people keep their collected notes in (the rest use their default board).
BOARDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sam": ("China trip someday 🇨🇳", ("shanghai-metro", "hotpot-guide", "alipay", "apps-checklist", "panda-base", "beijing-3days")),
    "priya": ("Shanghai → Chengdu → Beijing", ("shanghai-metro", "shanghai-coffee", "alipay", "wukang-walk", "panda-base", "great-wall", "beijing-3days", "forbidden-city")),
    "jess": ("Makeup to try", ("cn-makeup", "no-makeup-makeup", "lip-swatches")),
    "marcus": ("Fits", ("qiqi-ootd", "teach-styling", "commute-week")),
}  # fmt: skip

NOTES: tuple[NoteSpec, ...] = (
    NoteSpec(
        key="shanghai-metro",
        kind="guide",
        author="mei",
        title="欢迎TikTok难民！上海地铁攻略",
        topic="travel",
        photos=("metro", "phone", "map", "street"),
        place="上海",
        buzz=3,
        body=_text("""
            欢迎各位TikTok难民来这里 🎉 作为土生土长的上海人，先送上一份地铁攻略！
            Welcome, TikTok refugees! Here's a Shanghai metro guide from a local:

            1️⃣ 用支付宝的“出行”乘车码扫码进站，不用买票 / Scan in with the Alipay transport code, no ticket needed
            2️⃣ 早高峰8–9点的2号线和9号线非常挤 / Avoid lines 2 and 9 from 8 to 9 am
            3️⃣ 站内指示都有英文，别怕 / Every sign is bilingual, don't worry
            4️⃣ 末班车大概22:30–23:00 / Last trains leave around 10:30–11 pm

            有问题评论区问我！Ask me anything in the comments 👇
            #TikTok难民 #TikTokRefugee #上海 #旅行 #攻略
        """),
    ),
    NoteSpec(
        key="sam-day1",
        author="sam",
        title="Day 1 here 👋 hi from Texas",
        topic="other",
        photos=("chat", "heart"),
        place="Austin, TX",
        buzz=3,
        body=_text("""
            Day 1 on here as a #TikTokRefugee… my whole feed is in Chinese and honestly I love it?? Everyone in the comments has been so kind.

            I'm Sam, I live in Austin, I cook way too much BBQ and I know exactly two words of Mandarin: 你好 and 谢谢.

            Tell me one thing every newcomer should know 👇
            #TikTok难民 #hello
        """),
    ),
    NoteSpec(
        key="jess-intro",
        author="jess",
        title="LA makeup artist saying hi 💄",
        topic="beauty",
        photos=("palette", "lipstick"),
        shape="square",
        place="Los Angeles",
        buzz=2,
        body=_text("""
            Hi everyone 👋 I'm Jess, a makeup artist in LA. Came over with the #TikTokRefugee wave and fell straight into the Chinese makeup tutorials. The way you all do a soft, glowy base is unreal.

            Posting my attempts here — please grade me honestly!
            #makeup #妆容教程 #TikTok难民
        """),
    ),
    NoteSpec(
        key="cn-makeup",
        author="小红薯",
        title="欢迎美国姐妹！中式妆容教程",
        topic="beauty",
        photos=("face", "skincare", "palette", "face", "lipstick"),
        buzz=3,
        body=_text("""
            看到好多美国姐妹说想学中式妆容，安排！🥰
            Lots of you asked how Chinese-style makeup works, so here's my 5-step version:

            ① 底妆要薄：精华+少量粉底，用湿海绵按压 / Thin base: skincare first, a little foundation pressed in with a damp sponge
            ② 眉毛顺着眉形画，平一点 / Straighter, softer brows
            ③ 眼影用大地色晕染，卧蚕提亮 / Soft brown shadow, brighten under the eyes (卧蚕 is like “aegyo sal”)
            ④ 腮红打在脸颊中间偏上 / Blush high on the cheeks
            ⑤ 口红先点涂再用手指晕开 / Dab the lipstick on and blur it with a fingertip

            有问题随时问～
            #妆容教程 #makeup #TikTok难民 #TikTokRefugee #美妆
        """),
    ),
    NoteSpec(
        key="hotpot-guide",
        author="lin_chen",
        title="成都火锅新手指南 🌶️",
        topic="food",
        photos=("hotpot", "skewers", "noodles"),
        place="成都",
        buzz=3,
        body=_text("""
            欢迎TikTok难民来成都吃火锅！Hotpot 101 for newcomers:

            🌶️ 怕辣就点鸳鸯锅，一半红汤一半清汤 / Can't do spice? Order 鸳鸯锅: half spicy, half mild
            🥢 必点：毛肚、鸭肠、黄喉、嫩牛肉 / Must-order: tripe, duck intestine, tender beef
            ⏱️ 毛肚“七上八下”，涮15秒就好 / Dip the tripe up and down for about 15 seconds
            🥣 油碟：香油+蒜泥+香菜+蚝油 / Sesame-oil dip with garlic, coriander and oyster sauce
            🗣️ “微辣”就是mild，但成都的微辣……你懂的 😂 / “微辣” means mild. Chengdu mild is not mild.

            #TikTok难民 #TikTokRefugee #成都 #美食 #火锅
        """),
    ),
    NoteSpec(
        key="hutong-walk",
        author="haoran",
        title="北京胡同citywalk路线",
        topic="travel",
        photos=("hutong", "street", "map", "lanterns"),
        place="北京·南锣鼓巷",
        buzz=2,
        body=_text("""
            周末带美国朋友走了一条胡同线，3小时，全程平路，推荐给第一次来北京的朋友👇
            A 3-hour hutong walk I did with a friend from Ohio:

            📍 南锣鼓巷，早上9点前人少 / go before 9 am
            📍 → 烟袋斜街，尝尝糖葫芦 / try candied hawthorn
            📍 → 后海绕湖一圈 / loop around Houhai lake
            📍 → 鼓楼，上去看胡同屋顶 / climb the Drum Tower for the rooftop view

            记得穿舒服的鞋！Wear comfy shoes!
            #citywalk #北京 #旅行 #胡同
        """),
    ),
    NoteSpec(
        key="qiqi-ootd",
        author="qiqi",
        title="今日OOTD｜新中式",
        topic="fashion",
        photos=("outfit", "bag", "outfit"),
        place="上海·安福路",
        buzz=2,
        body=_text("""
            今天的新中式通勤look～ 盘扣上衣配阔腿裤，外面加一件针织开衫，舒服又有气质 ✨

            上衣：小众店
            裤子：基础款
            包：vintage

            #OOTD #穿搭 #新中式 #上海
        """),
    ),
    NoteSpec(
        key="chengdu-qa",
        kind="guide",
        author="dan_teaches",
        title="Chengdu Q&A from an American",
        topic="other",
        photos=("panda", "chat"),
        place="成都",
        buzz=2,
        body=_text("""
            I'm an American English teacher who's lived in Chengdu for 6 years. Seeing so many #TikTokRefugee folks here is wild — welcome! Quick answers to what you keep asking me:

            • Is it safe? Very. I walk home at 1 am.
            • Do I need Chinese? Translation apps + pointing get you far.
            • Cash? Almost never. Alipay takes foreign cards now.
            • Spicy? Yes. Say 不要辣 (bú yào là) for no spice.

            Ask more below, I'll answer everything 🐼
            #成都 #TikTok难民
        """),
    ),
    NoteSpec(
        key="shanghai-coffee",
        author="mei",
        title="上海Coffee地图 第一弹",
        topic="food",
        photos=("coffee", "street", "coffee", "coffee"),
        place="上海·武康路",
        buzz=3,
        body=_text("""
            上海可能是全世界咖啡馆最多的城市之一 ☕️ 先分享我最爱的三家，都在梧桐区：

            1. 武康路上的小窗口，澳白很稳 / a tiny window bar, great flat white
            2. 安福路转角那家，下午阳光超好 / a corner café with perfect afternoon light
            3. 永康路的老店，坐在梧桐树下 / an old shop under the plane trees

            美国朋友来上海一定要试试桂花拿铁！Try an osmanthus latte when you visit 🌼
            #上海Coffee #咖啡 #citywalk #美食
        """),
    ),
    NoteSpec(
        key="china-plan",
        author="priya",
        title="240h visa-free China plan ✈️",
        topic="travel",
        photos=("map", "suitcase", "phone"),
        place="New York",
        buzz=2,
        body=_text("""
            Okay, the #TikTokRefugee era convinced me: I'm doing China this spring with the 240-hour visa-free transit. Draft plan:

            Shanghai (3 days) → Chengdu (3 days) → Beijing (3 days), then flying on to Seoul.

            Locals, please roast my plan 🙏 What would you cut or add? Is 3 days in Chengdu enough for pandas + hotpot + a day trip?
            #travel #旅行 #上海 #成都 #北京
        """),
    ),
    NoteSpec(
        key="slang",
        kind="guide",
        author="emily_w",
        title="Chinese slang, translated 🤓",
        topic="other",
        photos=("notebook", "chat"),
        shape="square",
        place="Vancouver",
        buzz=3,
        body=_text("""
            Bilingual Canadian here, translating the comments you keep seeing:

            yyds = 永远的神, “GOAT”
            绝绝子 = absolutely amazing (or amazingly bad, read the room)
            家人们 = “fam”
            种草 = you made me want to buy it
            拔草 = I'm over it / it was a letdown
            姐妹 = sis
            哈哈哈哈 = lol, and more 哈 = more lol

            Save this and you'll blend right in 😌
            #TikTokRefugee #TikTok难民 #学中文
        """),
    ),
    NoteSpec(
        key="dumplings",
        author="zhou_nainai",
        title="奶奶教你包饺子🥟",
        topic="food",
        photos=("dumplings", "dumplings", "notebook"),
        place="天津",
        buzz=3,
        body=_text("""
            孙子说最近来了很多外国朋友，让奶奶教大家包饺子。好呀！
            (Grandson translating: Grandma heard lots of new friends arrived, so she wants to teach you dumplings!)

            馅：猪肉末、白菜、葱姜，一点酱油和香油
            Filling: pork, napa cabbage, scallion, ginger, soy sauce, sesame oil
            包法：皮放手心，放一勺馅，对折，边上捏褶子
            Folding: wrapper in your palm, a spoon of filling, fold in half, pinch pleats
            水开下锅，点三次凉水就熟了
            Boil, add a splash of cold water three times, done.

            包得丑没关系，好吃就行 😄
            #美食 #饺子 #TikTok难民 #家常菜
        """),
    ),
    NoteSpec(
        key="chicago-fit",
        author="marcus",
        title="Fit check: Chicago winter",
        topic="fashion",
        photos=("outfit", "sneaker"),
        place="Chicago",
        buzz=1,
        body=_text("""
            -10°F windchill and we're still dressing 🥶 Puffer over a hoodie, cargo pants, and the shoes I will never stop wearing. First fit check on here, be gentle.
            #OOTD #streetwear #穿搭 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="baduanjin",
        author="ajie.fit",
        title="八段锦入门：每天10分钟",
        topic="wellness",
        photos=("yoga", "sunrise"),
        place="深圳",
        buzz=2,
        body=_text("""
            看到不少美国朋友对“中式养生”很好奇，推荐从八段锦开始：
            Curious about Chinese wellness? Start with Baduanjin (the Eight Brocades), a gentle qigong routine:

            ✅ 10分钟就够，不用器械 / 10 minutes, no equipment
            ✅ 动作慢，配合呼吸 / slow moves, matched to your breath
            ✅ 早上做，一整天都精神 / do it in the morning, feel awake all day

            第一式：双手托天理三焦 —— 双手交叉向上托，像伸懒腰。
            Move 1: interlace your fingers and push up to the sky, like a big morning stretch.
            #养生 #八段锦 #wellness #TikTok难民
        """),
    ),
    NoteSpec(
        key="first-hanzi",
        author="sam",
        title="Learned my first 汉字 ✍️",
        topic="other",
        photos=("notebook", "chat"),
        buzz=2,
        body=_text("""
            Update from a #TikTokRefugee: @emily_w's slang list saved me, and @mei taught me 你好 vs 您好 (the second one is the polite one!). Today I practiced writing 火锅 because priorities 😂

            My handwriting looks like a spider walked through ink, but we move.
            #学中文 #learnchinese #TikTok难民
        """),
    ),
    NoteSpec(
        key="no-makeup-makeup",
        author="小红薯",
        title="伪素颜妆｜新手必看",
        topic="beauty",
        photos=("face", "skincare", "palette"),
        buzz=2,
        body=_text("""
            伪素颜就是“看起来没化妆但气色很好”的妆～
            步骤：
            1. 保湿打底，一定要等吸收
            2. 素颜霜或轻薄粉底只涂脸中间
            3. 遮瑕只遮黑眼圈和痘印
            4. 奶茶色腮红+润唇膏
            5. 眉毛用眉粉扫一下就好
            全程10分钟，上班党冲！
            #妆容教程 #伪素颜 #makeup #美妆
        """),
    ),
    NoteSpec(
        key="forbidden-city",
        author="haoran",
        title="故宫拍照机位分享",
        topic="travel",
        photos=("palace", "palace", "lanterns"),
        shape="landscape",
        place="北京·故宫",
        buzz=2,
        body=_text("""
            故宫拍照攻略来了 📷
            Forbidden City photo spots:
            1. 角楼：护城河边，日落最美 / The corner tower from the moat at sunset
            2. 太和殿广场：早上开门就冲，人最少 / Hall of Supreme Harmony right at opening
            3. 红墙黄瓦的小巷：随便拍都好看 / Any red-wall alley

            ⚠️ 一定要提前实名预约，护照也可以！Book ahead online with your passport, tickets sell out.
            #故宫 #北京 #旅行 #摄影
        """),
    ),
    NoteSpec(
        key="douyin-makeup-try",
        author="jess",
        title="I tried Douyin makeup 😳",
        topic="beauty",
        photos=("face", "skincare", "face", "palette", "face"),
        buzz=3,
        body=_text("""
            Followed @小红薯 's tutorial step by step. Verdict: the base is the secret. Skincare, then a *tiny* bit of foundation pressed in with a damp sponge = skin but better. The straight brows took me 4 tries lol.

            Slides 2–5 are the steps. Pro MUA, humbled 🙇‍♀️
            #makeup #妆容教程 #douyinmakeup #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="yulin-road",
        author="lin_chen",
        title="成都citywalk｜玉林路",
        topic="travel",
        photos=("street", "coffee", "skewers"),
        place="成都·玉林路",
        buzz=1,
        body=_text("""
            成都最有生活气的一条路，没有之一 🌿
            玉林路：小酒馆、老茶馆、苍蝇馆子都在这
            Yulin Road is the most “local life” street in Chengdu: tiny bars, tea houses, hole-in-the-wall restaurants.
            推荐路线：玉林西路 → 玉林中路吃串串 → 晚上去小酒馆听歌
            #citywalk #成都 #旅行
        """),
    ),
    NoteSpec(
        key="tiny-apartment",
        author="olivia.k",
        title="Tiny apartment glow-up 🛋️",
        topic="home",
        photos=("room", "plant", "room"),
        place="Seattle",
        buzz=2,
        body=_text("""
            380 sq ft, one window, a lot of dreams. Inspired by all the 出租屋改造 (rental makeover) notes I found here: warm lamps instead of the ceiling light, a washable rug, and plants in every corner. Total spend under $300.
            #homedecor #出租屋改造 #家居 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="teach-styling",
        author="qiqi",
        title="给TikTok难民的穿搭课",
        topic="fashion",
        photos=("outfit", "outfit", "bag", "sneaker"),
        buzz=3,
        body=_text("""
            好多美国朋友问“新中式”怎么穿，今天用中英文讲一下～
            How to wear 新中式 (new Chinese style) without looking like a costume:

            👘 只选一个中式元素：盘扣、立领或者马面裙 / Pick ONE Chinese detail: frog buttons, a mandarin collar or a horse-face skirt
            👖 其他单品要日常：牛仔裤、白T、乐福鞋 / Keep the rest everyday: jeans, a white tee, loafers
            🎨 颜色：米白、墨绿、酒红 / Colors: cream, deep green, wine red

            晒出你们的穿搭，我来点评！Show me your fits!
            #穿搭 #OOTD #新中式 #TikTok难民 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="morning-yoga",
        author="noah",
        title="My 15-min morning yoga",
        topic="wellness",
        photos=("yoga", "sunrise"),
        shape="square",
        place="Denver",
        buzz=1,
        body=_text("""
            Sun salutations ×3, low lunge, tree pose, 2 minutes of breathing. That's it. I've done this every morning for a year and my back has never been happier. Adding @ajie.fit's Baduanjin moves next week 👀
            #yoga #wellness #养生
        """),
    ),
    NoteSpec(
        key="alipay",
        kind="guide",
        author="mei",
        title="教美国朋友用支付宝💳",
        topic="other",
        photos=("phone", "phone"),
        buzz=3,
        body=_text("""
            Coming to China? Set up Alipay BEFORE you fly ✈️ 来中国之前先把支付宝弄好：

            1. Download Alipay and sign up with your phone number (foreign numbers work) / 用手机号注册，国外号码也可以
            2. Add your Visa or Mastercard / 绑定外卡
            3. Verify your passport in the app / 护照实名认证
            4. Small payments have no fee / 小额支付免手续费

            Also get WeChat for chatting (WeChat Pay works too). 微信也要下！
            #TikTok难民 #TikTokRefugee #攻略 #旅行
        """),
    ),
    NoteSpec(
        key="rental-makeover",
        author="豆豆",
        title="出租屋改造｜300元",
        topic="home",
        photos=("room", "plant", "cat"),
        buzz=1,
        body=_text("""
            租的房子也要好好生活 🏠
            换了窗帘、铺了地毯、墙上挂了两幅画，总共300块。猫主子表示满意。
            #出租屋改造 #家居 #租房
        """),
    ),
    NoteSpec(
        key="texas-bbq",
        author="sam",
        title="Texas BBQ for my new friends",
        topic="food",
        photos=("skewers", "heart"),
        place="Austin, TX",
        buzz=2,
        body=_text("""
            My new Chinese friends showed me hotpot, so here's my side of the deal: low-and-slow brisket, 14 hours on the smoker, salt and pepper only. @lin_chen says Sichuan would add chili oil. I'm… considering it 👀
            #美食 #BBQ #Texas #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="sichuanese",
        author="dan_teaches",
        title="Sichuanese 101: 巴适",
        topic="other",
        photos=("chat", "notebook"),
        shape="square",
        place="成都",
        buzz=2,
        body=_text("""
            Mandarin is step one. In Chengdu you'll hear Sichuanese:

            巴适 (bā shì) — great, comfy, just right
            安逸 (ān yì) — so nice, chill
            要得 (yào dé) — okay, sounds good
            莫得 (mó dé) — don't have / nope

            Use 巴适 once at a hotpot place and watch the owner light up.
            #学中文 #成都 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="braised-pork",
        author="zhou_nainai",
        title="奶奶的红烧肉",
        topic="food",
        photos=("claypot", "claypot"),
        buzz=2,
        body=_text("""
            孙子又来翻译了 😄 红烧肉是奶奶的拿手菜：
            五花肉切块焯水 → 冰糖小火炒出糖色 → 下肉翻炒上色 → 加料酒、生抽、老抽、八角 → 加热水小火炖一小时 → 大火收汁
            (Braised pork belly: blanch, caramelize rock sugar, brown the pork, add wine, soy sauces and star anise, simmer an hour, reduce.)
            做饭不要急，慢慢来。Don't rush cooking.
            #美食 #家常菜 #红烧肉
        """),
    ),
    NoteSpec(
        key="apps-checklist",
        author="priya",
        title="China travel apps checklist 📱",
        topic="travel",
        photos=("phone", "map", "suitcase"),
        buzz=3,
        body=_text("""
            Compiled from everyone's comments on my trip post (thank you!!):

            📱 Alipay — pay for everything, plus metro codes (thanks @mei)
            💬 WeChat — chat, and some places only take WeChat Pay
            🗺️ Amap (高德地图) — for maps and directions
            🚕 DiDi — inside Alipay, has English
            🚄 Trip.com — train tickets with your passport
            🌐 an eSIM with roaming so your apps just work

            Anything missing?
            #travel #旅行 #TikTokRefugee #攻略
        """),
    ),
    NoteSpec(
        key="bay-run",
        author="ajie.fit",
        title="深圳湾晨跑打卡🏃",
        topic="wellness",
        photos=("sunrise", "sneaker"),
        shape="landscape",
        place="深圳湾公园",
        buzz=1,
        body=_text("""
            早上6点的深圳湾，海风+日出，5公里刚刚好。
            Morning run along Shenzhen Bay: 5 km, sea breeze, sunrise. Anyone in the US want to be run buddies across time zones? 🌅
            #跑步 #running #深圳 #wellness
        """),
    ),
    NoteSpec(
        key="commute-week",
        author="qiqi",
        title="一周通勤穿搭不重样",
        topic="fashion",
        photos=("outfit", "outfit", "bag", "outfit", "sneaker", "outfit"),
        buzz=2,
        body=_text("""
            周一到周六，一件都不重样 👗
            周一：衬衫+西装裤
            周二：针织开衫+牛仔裙
            周三：新中式盘扣上衣
            周四：卫衣+半身裙（周四就想放松）
            周五：小黑裙
            周六：运动风出门逛街
            你们最喜欢哪一天？Which day is your fave?
            #穿搭 #OOTD #通勤穿搭
        """),
    ),
    NoteSpec(
        key="everyday-glow",
        author="jess",
        title="5-minute everyday glow ✨",
        topic="beauty",
        photos=("skincare", "face", "lipstick"),
        buzz=1,
        body=_text("""
            For the mornings you have zero time:
            1. Tinted moisturizer with your fingers
            2. Cream blush on cheeks AND lids (one product, two jobs)
            3. Clear brow gel
            4. Lip oil
            Done. This is basically the 伪素颜 look @小红薯 posted, LA edition.
            #makeup #GRWM #妆容教程
        """),
    ),
    NoteSpec(
        key="great-wall",
        author="haoran",
        title="长城：慕田峪还是八达岭？",
        topic="travel",
        photos=("greatwall", "greatwall", "mountain"),
        shape="landscape",
        place="北京·慕田峪长城",
        buzz=3,
        body=_text("""
            外国朋友问得最多的问题！The question I get most: which part of the Great Wall?

            🏯 慕田峪：人少、风景好，坐缆车上去、滑道下来 / Mutianyu: fewer crowds, great views, cable car up and a toboggan down
            🏯 八达岭：最有名，交通最方便，但人超多 / Badaling: the most famous and easiest to reach, but very crowded

            结论：第一次去选慕田峪，早上8点出发！Verdict: Mutianyu, leave by 8 am.
            #长城 #北京 #旅行 #攻略 #TikTok难民
        """),
    ),
    NoteSpec(
        key="mom-congee",
        author="emily_w",
        title="Mom's congee 妈妈的粥",
        topic="food",
        photos=("claypot", "tea"),
        place="Vancouver",
        buzz=1,
        body=_text("""
            Sick-day food in my family = my mom's congee 🥣
            1 cup of rice to 10 cups of water, simmer 1.5 hours, stir often. Add ginger, salt and whatever's around: chicken, century egg, scallions.
            妈妈说：粥要熬到“米开花”才好喝。(Cook it until the rice “blooms”.)
            #美食 #家常菜 #comfortfood
        """),
    ),
    NoteSpec(
        key="mapo-tofu",
        author="lin_chen",
        title="在家做麻婆豆腐",
        topic="food",
        photos=("claypot", "noodles"),
        buzz=2,
        body=_text("""
            麻婆豆腐的灵魂：麻、辣、烫、香、酥、嫩、鲜
            1. 豆腐切块，盐水焯一下不容易碎
            2. 牛肉末炒酥，加郫县豆瓣炒出红油
            3. 加水和豆腐，小火煮3分钟
            4. 水淀粉分三次勾芡
            5. 出锅撒花椒粉和葱花

            @sam 你的brisket配这个，中美合璧！
            #美食 #家常菜 #川菜 #成都
        """),
    ),
    NoteSpec(
        key="marcus-xinzhongshi",
        author="marcus",
        title="Tried 新中式 thanks to qiqi",
        topic="fashion",
        photos=("outfit", "outfit"),
        place="Chicago",
        buzz=3,
        body=_text("""
            Took @qiqi's advice: ONE Chinese detail, the rest everyday. Mandarin-collar jacket + black jeans + my white sneakers. Kinda love it?? My mom said I look like I'm about to open a jazz bar in Shanghai, which honestly is the goal.
            #新中式 #穿搭 #OOTD #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="lip-swatches",
        author="小红薯",
        title="秋冬口红试色💄",
        topic="beauty",
        photos=("lipstick", "lipstick", "palette"),
        shape="square",
        buzz=2,
        body=_text("""
            秋冬必备的四支口红，黄皮亲测显白！
            1. 枫叶红：日常通勤
            2. 焦糖奶茶：伪素颜绝配
            3. 丝绒酒红：约会
            4. 豆沙粉：不挑皮
            English: maple red for work, caramel for no-makeup makeup, velvet wine for date night, rosy nude for everyone.
            #口红 #试色 #makeup #美妆
        """),
    ),
    NoteSpec(
        key="baduanjin-week",
        author="noah",
        title="Tried Baduanjin for a week",
        topic="wellness",
        photos=("yoga", "sunrise"),
        place="Denver",
        buzz=2,
        body=_text("""
            Week one of Baduanjin (八段锦) following @ajie.fit's note. Honest review: I expected nothing and my shoulders feel years younger. Move 1 (push up to the sky) is now my standing-desk break. My yoga mat is confused but supportive.
            #八段锦 #wellness #养生 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="wukang-walk",
        author="mei",
        title="武康路citywalk路线🍂",
        topic="travel",
        photos=("street", "leaves", "coffee", "street"),
        place="上海·武康路",
        buzz=2,
        body=_text("""
            秋天的武康路最好看 🍂 一条2小时的路线：
            武康大楼 → 武康路 → 安福路 → 乌鲁木齐中路 → 永康路
            Wukang Mansion → Wukang Rd → Anfu Rd → Urumqi Rd → Yongkang Rd, about 2 hours at a stroll.
            沿路咖啡馆很多，累了就坐下来。Plenty of cafés along the way, sit whenever you like.
            #citywalk #上海 #旅行 #上海Coffee
        """),
    ),
    NoteSpec(
        key="plant-corner",
        author="olivia.k",
        title="Plant corner, week 3 🌿",
        topic="home",
        photos=("plant", "plant"),
        shape="square",
        place="Seattle",
        buzz=1,
        body=_text("""
            Pothos, a snake plant and a very dramatic fiddle-leaf fig. Learned from @豆豆 that watering with rice water is a thing? Trying it.
            #plants #家居 #homedecor
        """),
    ),
    NoteSpec(
        key="cat-afternoon",
        author="豆豆",
        title="猫咪的午后时光",
        topic="pets",
        photos=("cat", "cat"),
        buzz=1,
        body=_text("""
            下午三点的阳光刚好照到窗台，它就准时躺上去了。猫比我更懂生活。
            #猫 #日常
        """),
    ),
    NoteSpec(
        key="chengdu-metro",
        author="dan_teaches",
        title="Chengdu metro in 5 tips",
        topic="travel",
        photos=("metro", "phone"),
        place="成都",
        buzz=1,
        body=_text("""
            1. Alipay's transport code works: scan and go
            2. Line 18 goes to the new airport (TFU), line 10 to the old one (CTU)
            3. Security check at every station, bags through the x-ray
            4. Rush hour is 8–9:30 am and 5:30–7 pm
            5. Panda base? Line 3 to 熊猫大道 station, then a short taxi
            #成都 #旅行 #攻略 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="sam-mapo",
        author="sam",
        title="Made mapo tofu (I'm sweating)",
        topic="food",
        photos=("claypot", "heart"),
        place="Austin, TX",
        buzz=3,
        body=_text("""
            Followed @lin_chen's mapo tofu recipe and it's the best thing I've cooked this year. Found the doubanjiang at a grocery store 40 minutes away. Worth it. My lips are buzzing from the Sichuan pepper and I regret nothing.
            巴适！(did I use that right @dan_teaches)
            #美食 #川菜 #TikTokRefugee #麻辣
        """),
    ),
    NoteSpec(
        key="foot-soak",
        author="ajie.fit",
        title="中式养生：睡前泡脚",
        topic="wellness",
        photos=("basin", "tea"),
        buzz=2,
        body=_text("""
            美国朋友问“为什么中国人都爱泡脚”😂
            Why do Chinese people love foot soaks? Warm water before bed = warm feet and better sleep (ask any grandma).
            水温40度左右，泡15–20分钟，加几片生姜更舒服。
            Water around 40°C, 15–20 minutes, a few slices of ginger if you like.
            别泡太久，也别吃完饭马上泡。Not right after dinner, though!
            #养生 #wellness #泡脚 #TikTok难民
        """),
    ),
    NoteSpec(
        key="cbeauty-haul",
        author="jess",
        title="My first C-beauty haul 🛍️",
        topic="beauty",
        photos=("palette", "lipstick", "skincare"),
        buzz=2,
        body=_text("""
            Ordered everything @小红薯 and the comments recommended. First impressions:
            • The carved lipsticks are too pretty to use (using them anyway)
            • The eyeshadow palettes are SO blendable for the price
            • Cushion foundation shade ranges are… a conversation 🙃
            Full review after a week.
            #makeup #国货彩妆 #美妆 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="petite-tips",
        author="qiqi",
        title="小个子穿搭技巧",
        topic="fashion",
        photos=("outfit", "sneaker"),
        buzz=1,
        body=_text("""
            155cm的小个子穿搭心得：
            1. 高腰裤或裙，拉长腿部比例
            2. 上衣塞进去，或者选短款
            3. 同色系穿搭显高
            4. 鞋子和裤子同色
            Petite tips: high waists, tucked or cropped tops, one color head to toe, shoes the color of your pants.
            #穿搭 #小个子穿搭 #OOTD
        """),
    ),
    NoteSpec(
        key="chinatown-crawl",
        author="priya",
        title="NYC Chinatown food crawl",
        topic="food",
        photos=("dimsum", "dumplings", "noodles"),
        place="New York",
        buzz=1,
        body=_text("""
            Training my stomach for the trip 😤 Dim sum, hand-pulled noodles, soup dumplings (小笼包), egg tarts. $32 for two people. @zhou_nainai your dumplings still look better.
            #美食 #NYC #dimsum
        """),
    ),
    NoteSpec(
        key="balcony-garden",
        author="zhou_nainai",
        title="阳台上的小菜园",
        topic="home",
        photos=("plant", "plant"),
        shape="square",
        buzz=2,
        body=_text("""
            奶奶的阳台菜园：小葱、香菜、辣椒、番茄 🍅
            泡沫箱就能种，土要松，浇水见干见湿。自己种的菜，炒出来就是香。
            (Grandson: Grandma grows scallions, coriander, chilies and tomatoes in foam boxes on the balcony. Water when the soil is dry.)
            #阳台种菜 #家居 #生活
        """),
    ),
    NoteSpec(
        key="beijing-autumn",
        author="haoran",
        title="北京的秋天是金色的",
        topic="other",
        photos=("leaves", "palace", "hutong"),
        buzz=2,
        body=_text("""
            北京一年最好的季节。银杏黄了，天特别蓝。
            Beijing's best season: the ginkgo trees turn gold and the sky is ridiculously blue. If you can only visit once, come in late October.
            #北京 #秋天 #摄影 #citywalk
        """),
    ),
    NoteSpec(
        key="dimsum-guide",
        kind="guide",
        author="emily_w",
        title="Dim sum ordering cheat sheet",
        topic="food",
        photos=("dimsum", "tea"),
        place="Vancouver",
        buzz=2,
        body=_text("""
            Dim sum = 早茶 (morning tea) in Cantonese families. What to order:
            虾饺 har gow — shrimp dumplings
            烧卖 siu mai — pork and shrimp
            叉烧包 char siu bao — BBQ pork buns
            肠粉 cheung fun — rice noodle rolls
            凤爪 — chicken feet (be brave)
            Tap two fingers on the table to say thanks when someone pours your tea 🍵
            #美食 #早茶 #dimsum
        """),
    ),
    NoteSpec(
        key="panda-base",
        author="lin_chen",
        title="熊猫基地攻略🐼",
        topic="travel",
        photos=("panda", "panda", "map"),
        place="成都大熊猫繁育研究基地",
        buzz=3,
        body=_text("""
            Panda base tips from a Chengdu local 🐼 熊猫基地攻略：
            ⏰ 7:30开门就进，熊猫上午最活跃 / Go at opening, pandas are most active in the morning
            🎫 提前在网上买票，护照可以 / Buy tickets online in advance, passports accepted
            🚇 地铁3号线熊猫大道站 / Metro line 3 to Panda Avenue
            🚶 园区很大，先去看熊猫宝宝 / It's big: head for the baby pandas first
            ☔ 下雨天人少，熊猫照样吃竹子 / Rainy days are quieter and the pandas still eat

            @priya 三天够的！Three days is enough 😉
            #成都 #熊猫 #旅行 #TikTok难民
        """),
    ),
    NoteSpec(
        key="rainy-tea",
        author="olivia.k",
        title="Rainy day tea setup ☔",
        topic="home",
        photos=("tea", "room"),
        place="Seattle",
        buzz=1,
        body=_text("""
            Seattle weather means a lot of tea. Got a little gaiwan (盖碗) after @emily_w explained how it works: tiny cups, many pours, very calming.
            #tea #家居 #cozy
        """),
    ),
    NoteSpec(
        key="thrift-haul",
        author="marcus",
        title="Thrift haul: $40 total 🧥",
        topic="fashion",
        photos=("outfit", "bag", "sneaker"),
        shape="square",
        place="Chicago",
        buzz=1,
        body=_text("""
            Vintage varsity jacket, a wool overshirt, a canvas tote and barely-worn runners. Chicago thrift stores don't miss.
            #thrift #OOTD #streetwear #穿搭
        """),
    ),
    NoteSpec(
        key="dry-skin",
        author="小红薯",
        title="干皮秋冬护肤步骤",
        topic="beauty",
        photos=("skincare", "skincare"),
        buzz=1,
        body=_text("""
            干皮姐妹看过来！秋冬护肤顺序：
            洁面（温和氨基酸）→ 爽肤水湿敷 → 精华 → 面霜 → 晚上加一层面油
            Dry-skin routine: gentle cleanser → toner pads → serum → cream → face oil at night.
            @jess 你问的那款面霜就是第四步这个～
            #护肤 #skincare #干皮
        """),
    ),
    NoteSpec(
        key="meal-prep",
        author="ajie.fit",
        title="一周减脂便当🍱",
        topic="food",
        photos=("noodles", "skewers"),
        buzz=1,
        body=_text("""
            健身不等于饿肚子！这周的便当：
            主食：荞麦面或糙米
            蛋白质：鸡胸、虾仁、鸡蛋
            蔬菜：西兰花、彩椒、菠菜
            Meal prep: buckwheat noodles or brown rice, chicken, shrimp or eggs, lots of veg. One hour on Sunday = five lunches.
            #减脂餐 #健康饮食 #wellness
        """),
    ),
    NoteSpec(
        key="rockies-hike",
        author="noah",
        title="Rocky Mountain sunrise hike",
        topic="travel",
        photos=("mountain", "mountain", "sunrise"),
        shape="landscape",
        place="Rocky Mountain National Park",
        buzz=2,
        body=_text("""
            Started at 4:30 am, summit by sunrise. If you're visiting Colorado: the altitude is real, drink water the day before, and check the timed-entry reservation. @haoran the Great Wall is next on my list 🏔️
            #hiking #旅行 #travel #wellness
        """),
    ),
    NoteSpec(
        key="austin-citywalk",
        author="sam",
        title="Austin citywalk, as taught",
        topic="travel",
        photos=("street", "skyline"),
        place="Austin, TX",
        buzz=1,
        body=_text("""
            Learned the word #citywalk here and now I'm doing it at home. South Congress → the river trail → the bats under the bridge at sunset. It's citywalk season, y'all.
            #旅行 #Austin
        """),
    ),
    NoteSpec(
        key="mei-english",
        author="mei",
        title="Practicing my English 🙈",
        topic="other",
        photos=("chat", "coffee"),
        shape="square",
        buzz=2,
        body=_text("""
            I am Mei, I live in Shanghai, I like coffee and walking. 我在练英语，写得不好请多包涵！Thank you @sam and @priya for correcting my grammar so kindly. Language exchange, anyone? 语言交换有人吗？
            #languageexchange #学英语 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="living-room-storage",
        author="豆豆",
        title="小客厅收纳技巧",
        topic="home",
        photos=("room", "plant"),
        buzz=0,
        body=_text("""
            15平的小客厅也能很整齐：
            1. 墙面用洞洞板
            2. 沙发下放扁平收纳箱
            3. 所有东西都有固定位置
            #收纳 #家居 #出租屋改造
        """),
    ),
    NoteSpec(
        key="students",
        author="dan_teaches",
        title="What my students taught me",
        topic="other",
        photos=("notebook", "heart"),
        buzz=1,
        body=_text("""
            My 8th graders found out I'm on here and now they check my Chinese in the comments. Today's correction: it's 我很累, not 我是累. They were delighted. Teaching goes both ways 🥲
            #学中文 #TikTokRefugee #成都
        """),
    ),
    NoteSpec(
        key="first-night-shanghai",
        author="priya",
        title="First night in Shanghai!!",
        topic="travel",
        photos=("skyline", "metro", "coffee"),
        place="上海·外滩",
        buzz=3,
        body=_text("""
            I'M HERE. Took the metro from Pudong airport with the Alipay transport code exactly like @mei's guide said, zero problems. Walked the Bund at night and just stood there.
            Tomorrow: a Wukang Road citywalk and every café on the #上海Coffee list.
            #上海 #citywalk #TikTokRefugee #旅行
        """),
    ),
    NoteSpec(
        key="coffee-meetup",
        author="mei",
        title="和网友线下见面啦☕",
        topic="other",
        photos=("coffee", "heart", "street"),
        place="上海·安福路",
        buzz=3,
        body=_text("""
            从评论区认识，到线下一起喝咖啡 ☕️ @priya 真的来上海了！我们走了武康路，喝了桂花拿铁，聊了三个小时。
            From a comment section to coffee in real life. Internet friends are real friends 🥹
            #上海Coffee #TikTok难民 #TikTokRefugee #citywalk
        """),
    ),
    NoteSpec(
        key="winter-solstice",
        author="zhou_nainai",
        title="冬至吃饺子啦",
        topic="other",
        photos=("dumplings", "lanterns"),
        buzz=2,
        body=_text("""
            冬至到了，北方吃饺子，南方吃汤圆。看到美国朋友们照着奶奶的方法包饺子，奶奶开心得不得了！
            (Grandson: It's the Winter Solstice. Seeing you all make dumplings with her recipe made Grandma's whole week.)
            #冬至 #饺子 #美食 #TikTok难民
        """),
    ),
    NoteSpec(
        key="reading-nook",
        author="emily_w",
        title="Cozy reading nook 📚",
        topic="home",
        photos=("room", "tea"),
        place="Vancouver",
        buzz=1,
        body=_text("""
            Armchair from a neighbour, a clamp lamp, and a basket of books half in English, half in Chinese. Currently reading 《活着》 (To Live) in both languages side by side.
            #家居 #reading #cozy
        """),
    ),
    NoteSpec(
        key="lip-combos",
        author="jess",
        title="Lip combos for warm skin",
        topic="beauty",
        photos=("lipstick", "lipstick"),
        shape="square",
        buzz=1,
        body=_text("""
            Inspired by @小红薯 's swatches: brown liner + caramel lipstick + clear gloss on top. On warm or olive skin this is *chef's kiss*.
            #lipstick #口红 #makeup
        """),
    ),
    NoteSpec(
        key="beijing-3days",
        kind="guide",
        author="haoran",
        title="北京三日游攻略 for TikTok难民",
        topic="travel",
        photos=("palace", "greatwall", "hutong", "map"),
        buzz=3,
        body=_text("""
            给第一次来北京的朋友的三日路线 / A first-timer's 3 days in Beijing:

            Day 1 故宫 → 景山公园看全景 → 胡同里吃晚饭 / Forbidden City, the view from Jingshan Park, dinner in a hutong
            Day 2 慕田峪长城，玩一整天 / Mutianyu Great Wall, the whole day
            Day 3 天坛看大爷大妈晨练 → 798艺术区 → 烤鸭 / Temple of Heaven morning exercisers, the 798 art district, Peking duck

            @priya 北京这段给你参考！
            #北京 #旅行 #攻略 #TikTok难民 #TikTokRefugee
        """),
    ),
    NoteSpec(
        key="chuanchuan",
        author="lin_chen",
        title="串串香和火锅的区别",
        topic="food",
        photos=("skewers", "hotpot"),
        buzz=1,
        body=_text("""
            美国朋友问：串串和火锅有什么区别？
            串串：食材串在竹签上，按签子数算钱，更随意
            火锅：按盘点菜，大家一起涮
            Chuan chuan = everything on skewers, pay by the stick, more casual. Hotpot = order by the plate, cook together.
            都好吃，成都人两个都要 😋
            #成都 #美食 #串串
        """),
    ),
    NoteSpec(
        key="shop-cats",
        author="mei",
        title="上海咖啡店的店猫们 🐈",
        topic="pets",
        photos=("cat", "coffee"),
        place="上海",
        buzz=2,
        body=_text("""
            喝咖啡顺便撸猫，这几家店的店猫都超亲人 🐾 Café cats of Shanghai: order a latte, get a cat on your lap.
            小贴士：摸之前先问店员 / Ask the staff before petting!
            #猫 #上海 #咖啡
        """),
    ),
    NoteSpec(
        key="sim-question",
        author="priya",
        title="Which SIM card for a 2-week trip?",
        topic="travel",
        photos=(),
        kind="question",
        buzz=1,
        body=_text("""
            Ask a local 🙋‍♀️ Flying into Shanghai next month for two weeks. Do I buy a SIM at the airport, or an eSIM before I fly? Will my apps (Alipay, maps, this one!) work?
            #TikTokRefugee #旅行
        """),
    ),
    NoteSpec(
        key="tipping-question",
        author="sam",
        title="Do people tip in restaurants?",
        topic="food",
        photos=(),
        kind="question",
        buzz=1,
        body=_text("""
            Ask a local: back home I tip 20% everywhere. What's the etiquette in China? I don't want to be rude 😅
            #TikTokRefugee
        """),
    ),
)

COMMENTS: dict[str, tuple[Thread, ...]] = {
    "sim-question": (
        Thread("dan_teaches", "eSIM before you fly is easiest (Airalo etc.), and a local China Mobile SIM at the airport is cheap too. Bring your passport for the SIM.", (("priya", "Perfect, thank you Dan!"),)),
        Thread("mei", "机场就能办，带护照 👍 Alipay works with a foreign number, but set it up before the trip."),
        Thread("sam", "Following this, same question!"),
    ),
    "tipping-question": (
        Thread("emily_w", "No tipping! It's not expected, and some places will even chase you to give the money back 😂"),
        Thread("lin_chen", "不用给小费～说声谢谢就很好啦"),
    ),
    "shanghai-metro": (
        Thread("sam", "This is so helpful, saving it for when I finally visit 🙏 谢谢!", (("mei", "不客气！You're welcome, come visit anytime 😊"),)),
        Thread("priya", "Does the Alipay metro code work with a foreign card?", (("mei", "可以的！Yes, set up the transport code inside Alipay first"), ("dan_teaches", "Can confirm, works for me with a US Visa"))),
        Thread("qiqi", "上海人认证，2号线早高峰真的会被挤成照片 😂"),
        Thread("marcus", "the bilingual signs tip is reassuring ngl"),
    ),
    "sam-day1": (
        Thread("mei", "欢迎欢迎！Welcome Sam! One tip: 多喝热水 (drink hot water) is the answer to everything 😂", (("sam", "Noted. Hot water. Solves everything. 谢谢 Mei!"), ("emily_w", "She's not joking, this is the #1 advice from every Chinese mom"))),
        Thread("lin_chen", "欢迎！BBQ同好！Come to Chengdu and I'll take you for hotpot 🌶️", (("sam", "It's a deal!! I'll bring brisket"),)),
        Thread("zhou_nainai", "孩子，欢迎你 😊（孙子代打：Grandma says welcome, kid!）"),
        Thread("haoran", "Welcome! 你的中文已经很好了 (two words is a start 😄)"),
    ),
    "jess-intro": (
        Thread("小红薯", "欢迎专业化妆师！Welcome! Can't wait to see your tutorials 💕", (("jess", "Omg thank you, I've been watching yours all night 😭"),)),
        Thread("qiqi", "LA的化妆师！求一个欧美妆教程 🙏"),
    ),
    "cn-makeup": (
        Thread("jess", "The damp sponge pressing trick is a game changer. Trying this tonight!", (("小红薯", "期待！Tag me when you post ❤️"),)),
        Thread("olivia.k", "卧蚕 = aegyo sal made it click for me, thank you for translating"),
        Thread("emily_w", "Step 5 is exactly how my aunties have always done it lol"),
        Thread("qiqi", "收藏了，姐妹的教程一直很清楚 👍"),
    ),
    "hotpot-guide": (
        Thread("sam", "“Chengdu mild is not mild” — I am scared and excited", (("lin_chen", "哈哈哈 start with 鸳鸯锅, you'll be fine"), ("dan_teaches", "6 years here and I still order 微辣. No shame."))),
        Thread("priya", "Saving this for my trip! Any area you'd recommend?", (("lin_chen", "玉林路附近很多好店，I'll post a walk soon!"),)),
        Thread("noah", "The sesame oil dip with garlic and coriander sounds incredible"),
    ),
    "hutong-walk": (
        Thread("priya", "Adding this to my Beijing days!"),
        Thread("marcus", "糖葫芦 is on my list now"),
    ),
    "qiqi-ootd": (
        Thread("marcus", "the frog buttons 🔥 where do guys find these", (("qiqi", "男生可以试试立领夹克！Try a mandarin-collar jacket, guide coming soon"),)),
    ),
    "chengdu-qa": (
        Thread("sam", "Alipay taking foreign cards is huge, didn't know that", (("dan_teaches", "Changed everything for visitors. Set it up before you fly."),)),
        Thread("lin_chen", "Dan老师的中文比我的英文好 😂"),
    ),
    "shanghai-coffee": (
        Thread("priya", "Osmanthus latte is going on my list 🌼"),
        Thread("emily_w", "桂花拿铁 is so underrated"),
        Thread("qiqi", "安福路那家我也爱！下午的光线绝了"),
    ),
    "china-plan": (
        Thread("mei", "3 days in Shanghai is perfect! Do a citywalk on Wukang Road 🍂", (("priya", "Adding it! Thank you Mei 🙏"),)),
        Thread("lin_chen", "成都三天够的！Pandas in the morning, hotpot at night, and a day trip to 乐山大佛 (the Giant Buddha)"),
        Thread("haoran", "北京一定要去慕田峪长城。I'll write you a 3-day plan!", (("priya", "You're the best, I'll wait for it"),)),
    ),
    "slang": (
        Thread("sam", "I have been doing 哈哈哈 wrong my whole life (by not doing it)"),
        Thread("mei", "太准确了！yyds 👍 Emily your translation is perfect", (("emily_w", "谢谢！Growing up bilingual is finally paying off"),)),
        Thread("jess", "种草 explains my entire shopping cart"),
    ),
    "dumplings": (
        Thread("sam", "Grandma, I'm making these this weekend 🥟", (("zhou_nainai", "好孩子！Send Grandma a picture! (from her grandson)"),)),
        Thread("olivia.k", "The cold water three times trick is so clever"),
        Thread("emily_w", "This is exactly how my 外婆 does it 🥹"),
        Thread("priya", "Saving this forever"),
    ),
    "baduanjin": (
        Thread("noah", "Yoga teacher here, this looks like a perfect warm-up. Trying it tomorrow!", (("ajie.fit", "欢迎！Let me know how it feels 💪"),)),
    ),
    "first-hanzi": (
        Thread("mei", "火锅 as your first characters is the correct choice 😂 写得很好！"),
        Thread("dan_teaches", "Spider handwriting is how we all start"),
    ),
    "douyin-makeup-try": (
        Thread("小红薯", "哇！Jess你学得太快了，第三张的眉毛完美 👏", (("jess", "Coming from you that means so much 🥹"),)),
        Thread("qiqi", "专业的就是不一样"),
        Thread("emily_w", "Slide 2 is unreal"),
    ),
    "teach-styling": (
        Thread("marcus", "“Pick ONE detail” is such good advice", (("qiqi", "期待你的穿搭！Show me!"),)),
        Thread("olivia.k", "The color palette tip is gold"),
    ),
    "alipay": (
        Thread("priya", "Doing this today before my trip ✈️"),
        Thread("noah", "Does it work with Amex?", (("mei", "可以！Amex works too, and so do Visa, Mastercard, JCB and Discover"),)),
    ),
    "texas-bbq": (
        Thread("lin_chen", "看起来太香了！Add 辣椒油 please 😂", (("sam", "Next smoke: Sichuan brisket. You heard it here first"),)),
        Thread("zhou_nainai", "烤了14个小时！真有耐心（孙子：Grandma is impressed by your patience）"),
    ),
    "great-wall": (
        Thread("priya", "Mutianyu + toboggan, sold", (("haoran", "滑道真的很好玩！The toboggan is the best part"),)),
        Thread("noah", "Adding this to my hiking bucket list"),
    ),
    "mom-congee": (
        Thread("zhou_nainai", "米开花，说得对！(Grandson: Grandma says your mom is right)"),
    ),
    "marcus-xinzhongshi": (
        Thread("qiqi", "太帅了！The jacket is perfect, 你学得好快", (("marcus", "You're a great teacher 🙏"),)),
        Thread("jess", "jazz bar in Shanghai energy, confirmed"),
    ),
    "lip-swatches": (
        Thread("jess", "Caramel is calling me 🤎", (("小红薯", "焦糖色真的百搭！It suits everyone"),)),
    ),
    "sam-mapo": (
        Thread("lin_chen", "用得很对！巴适得板 👍 You're a Sichuan cook now", (("sam", "巴适得板 — adding it to my vocabulary"),)),
        Thread("dan_teaches", "Used perfectly. My students would approve."),
    ),
    "foot-soak": (
        Thread("sam", "My grandma would love this"),
        Thread("noah", "Tried it, slept like a baby 😴", (("ajie.fit", "中式养生又拿下一个 😂"),)),
    ),
    "panda-base": (
        Thread("priya", "THANK YOU!! Going at 7:30 sharp", (("lin_chen", "记得带伞！Bring an umbrella, Chengdu weather 🌧️"),)),
        Thread("sam", "🐼🐼🐼"),
    ),
    "apps-checklist": (
        Thread("mei", "Perfect list! Add 大众点评 (Dianping) for restaurant reviews", (("priya", "Adding it, thank you!"),)),
        Thread("dan_teaches", "The eSIM tip is key"),
    ),
    "mei-english": (
        Thread("priya", "Your English is great! Happy to do an exchange"),
        Thread("sam", "Better than my Chinese by a mile 😅", (("mei", "我们一起进步！Let's get better together"),)),
    ),
    "first-night-shanghai": (
        Thread("mei", "欢迎来上海！！Coffee tomorrow? ☕", (("priya", "YES. Anfu Road at 3?"), ("mei", "See you there!"))),
        Thread("haoran", "Beijing next! 我的攻略准备好了"),
        Thread("sam", "So jealous, have the best time"),
    ),
    "coffee-meetup": (
        Thread("sam", "This made my whole day 🥹"),
        Thread("priya", "Best afternoon of the trip. 谢谢你 Mei!", (("mei", "下次去成都我们一起吃火锅！"), ("lin_chen", "成都欢迎你们 🌶️"))),
        Thread("emily_w", "From comments to coffee, this is what it's all about"),
    ),
    "winter-solstice": (
        Thread("sam", "Made them again for the solstice! 冬至快乐, Grandma!", (("zhou_nainai", "冬至快乐！(Grandson: Grandma says you're her American grandson now)"),)),
    ),
    "beijing-3days": (
        Thread("priya", "Printed this out (yes, on paper) 😂", (("haoran", "哈哈哈 很有仪式感！"),)),
        Thread("marcus", "Watching the morning exercisers at the Temple of Heaven is a great tip"),
    ),
}  # fmt: skip
