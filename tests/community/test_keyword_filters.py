"""Keyword filters hide or warn, without regard to case, with Simplified/Traditional folded."""


def _ids(page):
    return [n["id"] for n in page["items"]]


def test_filters_hide_or_warn_across_case_and_script(make_user, post_note, client):
    _anna, anna = make_user("anna")
    sam_user, sam = make_user("sam")
    sam.post("/users/anna/follow")
    spoiler = post_note(anna, "《三体》劇透：结局是……", title="剧透")["id"]
    loud = post_note(anna, "HOT TAKE about pineapple pizza", title="Pizza")["id"]
    calm = post_note(anna, "A quiet walk by the river", title="Walk")["id"]
    assert sam.post("/me/filters", {"phrase": "剧透", "action": "hide"}).status_code == 201
    assert sam.post("/me/filters", {"phrase": "hot take", "action": "warn"}).status_code == 201
    assert sam.post("/me/filters", {"phrase": "HOT TAKE"}).json()["error"] == "filter_exists"
    page = sam.get("/feeds/following").json()
    assert _ids(page) == [calm, loud]  # the spoiler (Traditional 劇透) is hidden
    assert {n["id"]: n["filtered"] for n in page["items"]} == {calm: "", loud: "hot take"}
    assert spoiler not in {n["id"] for n in sam.get("/search", q="三体").json()["notes"]}
    client.force_login(sam_user)
    html = client.get("/following").content.decode()
    assert "(your filter)" in html and f'href="/notes/{loud}"' in html
    assert f'href="/notes/{spoiler}"' not in html
    filters = sam.get("/me/filters").json()
    for f in filters:
        assert sam.delete(f"/me/filters/{f['id']}").status_code == 200
    assert _ids(sam.get("/feeds/following").json()) == [calm, loud, spoiler]


def test_bad_filters_are_refused(make_user):
    _anna, anna = make_user("anna")
    assert anna.post("/me/filters", {"phrase": "   "}).json()["error"] == "invalid_filter"
    assert (
        anna.post("/me/filters", {"phrase": "x", "action": "explode"}).json()["error"]
        == "invalid_filter_action"
    )
    assert anna.delete("/me/filters/999").status_code == 404


def test_filters_hide_or_warn_about_comments(make_user, post_note, client):
    _anna, anna = make_user("anna")
    sam_user, sam = make_user("sam")
    note = post_note(anna, "Reading club tonight")["id"]
    nice = anna.post(f"/notes/{note}/comments", {"body": "Who has finished it?"}).json()["id"]
    anna.post(f"/notes/{note}/comments", {"body": "HOT TAKE: the ending is weak"})
    anna.post(f"/notes/{note}/comments", {"body": "劇透：主角最后回家了"})
    anna.post(f"/notes/{note}/comments", {"body": "劇透 in a reply", "parent_id": nice})
    anna.post(f"/notes/{note}/comments", {"body": "Me!", "parent_id": nice})
    sam.post("/me/filters", {"phrase": "剧透", "action": "hide"})
    sam.post("/me/filters", {"phrase": "hot take", "action": "warn"})
    items = sam.get(f"/notes/{note}/comments").json()["items"]
    assert [(c["body"][:8], c["filtered"]) for c in items] == [
        ("Who has ", ""),
        ("HOT TAKE", "hot take"),
    ]
    assert [r["body"] for r in items[0]["replies"]] == ["Me!"] and items[0]["reply_count"] == 1
    # Filters are the viewer's own: anna sees every thread.
    assert len(anna.get(f"/notes/{note}/comments").json()["items"]) == 3
    client.force_login(sam_user)
    html = client.get(f"/notes/{note}").content.decode()
    assert '<details class="filtered"><summary>Contains “hot take” (your filter). Show' in html
    assert "HOT TAKE" in html and "劇透" not in html and "主角" not in html


def test_filters_hide_or_warn_about_notifications(make_user, post_note, client):
    sam_user, sam = make_user("sam")
    _anna, anna = make_user("anna")
    note = post_note(sam, "My first note")["id"]
    anna.post(f"/notes/{note}/comments", {"body": "HOT TAKE: too blue"})
    anna.post(f"/notes/{note}/comments", {"body": "劇透 ahead"})
    anna.post(f"/notes/{note}/like")
    sam.post("/me/filters", {"phrase": "剧透", "action": "hide"})
    sam.post("/me/filters", {"phrase": "Hot Take", "action": "warn"})
    page = sam.get("/notifications").json()
    assert [(n["kind"], n["filtered"]) for n in page["items"]] == [
        ("like", ""),
        ("comment", "hot take"),
    ]
    client.force_login(sam_user)
    html = client.get("/notifications").content.decode()
    assert "Contains “hot take” (your filter)" in html and "劇透" not in html
    # Opening the page marks what a filter hid read as well, so nothing stays unread.
    assert sam.get("/notifications").json()["unread"] == 0


def test_the_api_never_counts_what_a_filter_hides_as_unread(make_user, post_note):
    _sam_user, sam = make_user("sam")
    _anna, anna = make_user("anna")
    note = post_note(sam, "My first note")["id"]
    sam.post("/me/filters", {"phrase": "spoiler", "action": "hide"})
    anna.post(f"/notes/{note}/comments", {"body": "Spoiler: it ends well"})
    page = sam.get("/notifications").json()
    assert page["items"] == [] and page["unread"] == 0
