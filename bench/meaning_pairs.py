"""Sixty query → note pairs for choosing the sentence encoder (written for Crossnote).

Each note is a title, a body and tags as a member would post them; each query is what
someone looking for that note might type, often in the other language, often a few
keywords. A pair is found when its note ranks first (or in the top 3) among all sixty notes.
"""

# (query, note text)
PAIRS: list[tuple[str, str]] = [
    # English keywords → Chinese notes
    ("coffee shop", "巷子里的小咖啡馆 手冲很香，老板人很好，下午来坐一坐很舒服 #咖啡"),
    ("hiking trail", "周末去爬山 山路有点陡，但是山顶的风景太美了 #徒步"),
    ("lipstick swatches", "五支口红试色 这几个颜色都很显白，秋冬必备 #美妆"),
    ("cat adoption", "领养了一只小猫 它刚来的时候很害怕，现在每天粘着我 #猫咪"),
    ("hotpot restaurant", "成都火锅探店 麻辣锅底超级正宗，毛肚一定要点 #美食"),
    ("running shoes", "跑鞋测评 跑了一百公里之后，这双鞋的缓震还是很好 #跑步"),
    ("rainy day reading", "下雨天适合看书 泡一杯茶，窝在沙发上读小说 #读书"),
    ("skin care routine", "我的护肤步骤 洗脸以后先用爽肤水，再涂精华和面霜 #护肤"),
    ("budget travel japan", "日本穷游攻略 住青旅、坐巴士，一周只花了三千块 #旅行"),
    ("sourdough bread", "第一次做酸面包 发酵了一整夜，烤出来外皮很脆 #烘焙"),
    ("home office desk", "书桌改造 换了一盏台灯和显示器支架，在家上班舒服多了 #居家"),
    ("dog walking park", "每天傍晚带狗狗去公园散步 它最喜欢追鸽子 #狗狗"),
    ("phone photography tips", "手机拍照技巧 逆光的时候点一下人脸，再把曝光调低一点 #摄影"),
    ("vintage clothing", "二手古着店淘到的外套 只要八十块，质量很好 #穿搭"),
    ("yoga for beginners", "零基础瑜伽 每天早上练二十分钟，腰不酸了 #瑜伽"),
    ("bubble tea", "新开的奶茶店 珍珠很有嚼劲，糖可以选三分 #奶茶"),
    ("camping gear", "露营装备清单 帐篷、睡袋、折叠椅和一盏营地灯 #露营"),
    ("houseplants care", "绿植养护 龟背竹不要晒太阳，浇水要见干见湿 #植物"),
    ("studying for exams", "考研复习计划 每天早上背单词，晚上做真题 #学习"),
    ("wedding dress", "试婚纱的一天 最后选了一件简单的缎面款 #婚礼"),
    ("night market food", "台北夜市小吃 蚵仔煎和大肠包小肠都很好吃 #夜市"),
    ("piano practice", "学钢琴第三个月 终于能弹完一首完整的曲子了 #音乐"),
    ("apartment rental", "租房避坑 看房的时候一定要检查水压和窗户 #租房"),
    ("cycling along the river", "沿着江边骑自行车 晚风很舒服，一路都是灯光 #骑行"),
    ("minimalist wardrobe", "极简衣橱 只留下三十件衣服，每天搭配反而更轻松 #极简"),
    ("dumplings recipe", "妈妈教我包饺子 猪肉白菜馅，皮要擀得中间厚边上薄 #家常菜"),
    ("sunrise at the beach", "凌晨五点去海边看日出 天空从紫色慢慢变成橙色 #海边"),
    ("museum exhibition", "博物馆新展览 看到了很多唐代的陶俑 #看展"),
    ("baby first birthday", "宝宝一岁生日 做了一个小蛋糕，他抓周抓到了书 #育儿"),
    ("gym workout plan", "健身房训练计划 周一练胸，周三练背，周五练腿 #健身"),
    # Chinese keywords → English notes
    (
        "咖啡拉花",
        "Latte art practice. Finally poured a proper heart after two weeks of trying #coffee",
    ),
    ("减肥餐", "Low calorie lunch ideas: grilled chicken, brown rice and lots of greens #diet"),
    (
        "香水推荐",
        "My three favourite perfumes: a woody one for winter and two fresh citrus ones #fragrance",
    ),
    ("搬家", "Moving day! Packed forty boxes and the cat hid in the last one #moving"),
    ("猫粮", "Which cat food does your cat like? Mine only eats the salmon flavour #cats"),
    ("滑雪", "First time skiing in the Alps. Fell a lot, loved every minute #ski"),
    ("早餐", "Slow Sunday breakfast: pancakes, berries and a pot of tea #breakfast"),
    ("理发", "Got a short haircut today, feeling so much lighter #hair"),
    ("失眠", "Tips that helped my insomnia: no screens after ten and a warm shower #sleep"),
    ("烤肉", "Backyard barbecue with friends, ribs and corn on the grill #bbq"),
    ("手工编织", "Knitting my first scarf, the pattern is simple but relaxing #knitting"),
    ("花园", "Spring garden update: tulips are blooming and the tomatoes are in #gardening"),
    ("自驾游", "Road trip along the coast, stopped at every little town #roadtrip"),
    (
        "面试",
        "How I prepared for my job interview: research the company, practise aloud #career",
    ),
    ("泡温泉", "Soaking in a hot spring in the mountains, snow falling all around #onsen"),
    ("婴儿车", "Stroller review after six months: light, folds with one hand #parenting"),
    ("化妆刷", "Cleaning my makeup brushes every week with mild soap #beauty"),
    ("冲浪", "Learning to surf: stood up on the board on my third day #surfing"),
    ("素食", "Easy vegan dinner: tofu stir fry with broccoli and peanut sauce #vegan"),
    ("书店", "A tiny bookstore with a reading corner and a shop cat #books"),
    ("电影推荐", "Films to watch this weekend: two comedies and a quiet drama #movies"),
    ("钓鱼", "Went fishing at dawn and caught three trout #fishing"),
    ("指甲", "New nail art: pastel colours with tiny flowers #nails"),
    ("省钱", "How I save money each month: cook at home and cancel unused subscriptions #finance"),
    ("下午茶", "Afternoon tea with scones, clotted cream and jam #tea"),
    # same-language paraphrases, English and Chinese
    (
        "where to get good espresso",
        "Best espresso in town: a tiny bar near the station, strong and smooth #coffee",
    ),
    (
        "how to keep succulents alive",
        "Succulents need little water and lots of sun, never let them sit wet #plants",
    ),
    ("适合带孩子去的地方", "周末亲子游 带孩子去了动物园和科技馆，玩了一整天 #亲子"),
    ("怎么做红烧肉", "红烧肉做法 五花肉先焯水，再加冰糖和酱油小火炖一个小时 #家常菜"),
    ("一个人旅行", "独自旅行的第十天 一个人也可以很自在 #旅行"),
]
