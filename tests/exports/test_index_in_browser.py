"""The archive's index.html in headless Chromium, opened from disk (file://) with nothing
else: notes with their photos, the lists, and not one request beyond the archive's files."""

from __future__ import annotations

LOADED = "img => img.complete && img.naturalWidth > 0"


def test_index_html_shows_the_archive_offline(browser, lena, tmp_path):
    from tests.exports.conftest import open_zip

    export_id = lena["client"].post("/exports").json()["id"]
    response = lena["client"].call("GET", f"/exports/{export_id}/download")
    folder = tmp_path / "unzipped"
    open_zip(b"".join(response.streaming_content)).extractall(folder)

    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((folder / "index.html").as_uri())
    page.wait_for_load_state("load")

    assert "lena" in page.title()
    notes = page.locator("li.note")
    assert notes.count() == 2
    assert notes.filter(has_text="Lake tea").count() == 1
    # The note's two photos loaded from the archive's folder (images below the fold too).
    photos = page.locator("#note-{} img".format(lena["notes"][0]))
    assert photos.count() == 2
    for i in range(2):
        photos.nth(i).scroll_into_view_if_needed()
        photos.nth(i).evaluate("img => img.decode ? img.decode() : null")
        assert photos.nth(i).evaluate(LOADED)
    # Text people wrote is text, never markup.
    assert page.locator("li.note b").count() == 0
    assert page.get_by_text("<b>not bold</b>", exact=False).count() == 1
    # The lists.
    assert page.locator("ul.following li").all_inner_texts() == ["@omar"]
    assert page.locator("ul.followers li").all_inner_texts() == ["@omar"]
    assert page.locator("#likes").get_by_text("Dumplings").count() == 1
    assert page.locator("#comments").get_by_text("Yum!").count() == 1
    assert page.locator("#boards").get_by_text("Trips").count() == 1
    assert page.locator("#blocks").get_by_text("@pia").count() == 1
    assert errors == []
    assert requests and all(url.startswith("file://") for url in requests), requests
    context.close()
