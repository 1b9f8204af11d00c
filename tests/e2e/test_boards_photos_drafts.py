"""Issue 13 in a browser: managing boards, the photo viewer (zoom, swipe, Escape) and
double-tap to like, a compose draft surviving a reload, and refused forms showing their
errors where the eye is."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from crossnote.engagement.models import Board, Collect, Like
from crossnote.notes.models import Note
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url("**/")


def test_boards_from_the_collect_menu_and_the_profile(open_page, make_user, post_note):
    _anna, anna = make_user("anna")
    bo, _ = make_user("bo")
    note = post_note(anna, "Coffee by the river")["id"]
    page = open_page(width=390, height=800)
    page.on("dialog", lambda dialog: dialog.accept())  # "Delete this board?"
    log_in(page, "bo")

    # Collect into a new board made in the collect menu (Enter means Create).
    page.goto(f"/notes/{note}")
    page.locator("summary[data-testid=collect]").click()
    page.fill("input[name=new_board_name]", "Cafés 咖啡")
    page.press("input[name=new_board_name]", "Enter")
    expect(page.locator("button[data-testid=collect][aria-pressed=true]")).to_be_visible()
    expect(page.locator("[data-testid=move-board]")).to_contain_text("Cafés 咖啡")
    cafes = Board.objects.get(owner=bo, name="Cafés 咖啡")
    assert Collect.objects.get(user=bo).board_id == cafes.pk

    # Move it to the default board.
    page.locator("[data-testid=move-board]").click()
    page.locator("#collect-box .move-board button[name=board]", has_text="Collected").click()
    expect(page.locator("[data-testid=move-board]")).to_contain_text("Collected")
    assert Collect.objects.get(user=bo).board.is_default

    # Make a public board on the profile, rename it, make it private, delete it.
    page.goto("/@bo/boards")
    page.fill("#board-name", "Trips")
    page.select_option(".board-form select[name=visibility]", "public")
    page.locator("[data-testid=create-board]").click()
    page.wait_for_url(re.compile(r"/boards/\d+$"))
    expect(page.locator("[data-testid=board-visibility]")).to_have_text(
        "Everyone can see this board"
    )
    page.locator("[data-testid=board-tools]").click()
    page.fill("#board-rename", "Weekend")
    page.select_option("#board-visibility", "private")
    page.locator(".board-tools button[type=submit]", has_text="Save").click()
    expect(page.locator("h1")).to_have_text("Weekend")
    expect(page.locator("[data-testid=board-visibility]")).to_have_text(
        "Only you can see this board"
    )
    assert Board.objects.get(owner=bo, name="Weekend").is_private

    # A duplicate name is said in the page, and the name typed is kept.
    page.goto("/@bo/boards")
    page.fill("#board-name", "weekend")
    page.locator("[data-testid=create-board]").click()
    expect(page.locator("#flash")).to_contain_text("You already have a board with that name.")
    expect(page.locator("#board-name")).to_have_value("weekend")

    page.goto(f"/boards/{Board.objects.get(owner=bo, name='Weekend').pk}")
    page.locator("[data-testid=board-tools]").click()
    page.locator("[data-testid=delete-board]").click()
    page.wait_for_url("**/@bo/boards")
    assert not Board.objects.filter(owner=bo, name="Weekend").exists()
    assert page.errors == []


def _scale(page) -> float:
    shown = page.locator("dialog.photo-viewer .viewer-slide img").nth(0)
    return float(shown.get_attribute("data-scale") or 1)


PINCH = """([x, y]) => {
  const frame = document.querySelector('dialog.photo-viewer .viewer-slide');
  const send = (type, id, px) => frame.dispatchEvent(new PointerEvent(type, {
    pointerId: id, pointerType: 'touch', clientX: px, clientY: y,
    bubbles: true, cancelable: true}));
  send('pointerdown', 11, x - 20); send('pointerdown', 12, x + 20);
  send('pointermove', 11, x - 80); send('pointermove', 12, x + 80);
  send('pointerup', 11, x - 80); send('pointerup', 12, x + 80);
}"""


def test_photo_viewer_zooms_swipes_and_closes(open_page, make_user, post_note):
    _anna, anna = make_user("anna")
    make_user("bo")
    note = post_note(anna, "Two photos", images_count=2)["id"]
    page = open_page(width=390, height=800)
    log_in(page, "bo")
    page.goto(f"/notes/{note}")

    page.locator(".slides img").first.click()
    viewer = page.locator("dialog.photo-viewer[open]")
    expect(viewer).to_be_visible()
    expect(viewer.locator("[data-viewer-count]")).to_have_text("Photo 1 of 2")
    for label in ("Close", "Zoom in", "Zoom out", "Next photo", "Previous photo"):
        expect(viewer.get_by_role("button", name=label)).to_have_count(1)

    page.keyboard.press("+")
    assert _scale(page) == pytest.approx(1.5)
    page.keyboard.press("0")
    assert _scale(page) == 1
    box = viewer.locator(".viewer-slide").first.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.wheel(0, -300)
    expect(viewer.locator(".viewer-slide img").first).not_to_have_attribute("data-scale", "1.000")
    assert _scale(page) > 1.5
    page.keyboard.press("0")
    page.evaluate(PINCH, list(centre))
    assert _scale(page) == pytest.approx(4, rel=0.01)  # fingers 40 px apart, then 160
    page.keyboard.press("0")
    viewer.locator(".viewer-slide").first.dblclick()
    assert _scale(page) == pytest.approx(2.5)

    page.keyboard.press("ArrowRight")
    expect(viewer.locator("[data-viewer-count]")).to_have_text("Photo 2 of 2")
    page.keyboard.press("Escape")
    expect(page.locator("dialog.photo-viewer")).to_have_count(0)
    assert page.evaluate("document.activeElement.matches('.slides')")
    assert not page.evaluate("document.documentElement.classList.contains('viewer-open')")
    assert page.errors == []


def test_double_tap_likes_with_a_heart_and_never_unlikes(open_page, make_user, post_note):
    _anna, anna = make_user("anna")
    bo, _ = make_user("bo")
    note = post_note(anna, "Like me")["id"]
    page = open_page(width=390, height=800)
    log_in(page, "bo")
    page.goto(f"/notes/{note}")
    photo = page.locator(".slides img").first
    photo.dblclick()
    expect(page.locator("[data-testid=like][aria-pressed=true]")).to_be_visible()
    expect(page.locator("[data-tap-heart]")).to_have_attribute("data-shown", "1")
    expect(page.locator("[data-tap-heart]")).to_have_class(re.compile(r"\bshow\b"))
    assert Like.objects.filter(user=bo, note_id=note).count() == 1
    photo.dblclick()
    expect(page.locator("[data-tap-heart]")).to_have_attribute("data-shown", "2")
    expect(page.locator("[data-testid=like][aria-pressed=true]")).to_be_visible()
    assert Like.objects.filter(user=bo, note_id=note).count() == 1
    assert Note.objects.get(pk=note).like_count == 1
    assert page.locator("dialog.photo-viewer").count() == 0
    assert page.errors == []


def test_a_draft_survives_a_reload_is_saved_and_cleared_on_publish(
    open_page, make_user, photo_files
):
    anna, _ = make_user("anna")
    page = open_page(width=390, height=800)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    log_in(page, "anna")
    page.goto("/notes/new")
    page.locator("#title").click()
    page.keyboard.type("Dumplings 饺子")
    page.locator("#body").click()
    page.keyboard.type("Half a recipe, to finish later")
    page.select_option("#topic", "food")

    page.reload()  # asks first: the text is neither published nor a server draft
    assert dialogs == ["beforeunload"]
    expect(page.locator("#title")).to_have_value("Dumplings 饺子")
    expect(page.locator("#body")).to_have_value("Half a recipe, to finish later")
    expect(page.locator("#topic")).to_have_value("food")
    expect(page.locator("[data-draft-status]")).to_have_text(
        "We kept what you were writing on this device."
    )
    # The title counter follows a restored title.
    expect(page.locator("[data-title-counter]")).to_have_text("7/20")
    key = f"crossnote:compose:{anna.pk}"  # one copy per person and piece of writing
    assert page.evaluate(f"localStorage.getItem('{key}:new')") is not None

    page.locator("[data-testid=save-draft]").click()
    expect(page.locator("[data-draft-status]")).to_have_text("Draft saved. Find it under Drafts.")
    draft = Note.objects.get(author=anna, state=Note.State.DRAFT)
    assert draft.title == "Dumplings 饺子"
    assert page.evaluate(f"localStorage.getItem('{key}:new')") is None
    assert page.evaluate(f"localStorage.getItem('{key}:{draft.pk}')") is not None
    page.goto("/drafts")  # saved: leaving does not ask
    assert dialogs == ["beforeunload"]
    page.locator(f"a[href='/notes/new?draft={draft.pk}']").click()
    expect(page.locator("#title")).to_have_value("Dumplings 饺子")

    page.set_input_files("#images", photo_files[:1])
    page.locator("form[data-compose] button[type=submit]", has_text="Publish").click()
    page.wait_for_url(re.compile(r"/notes/\d+$"))
    assert page.evaluate("Object.keys(localStorage)") == []
    assert not Note.objects.filter(pk=draft.pk).exists()
    assert Note.objects.get(author=anna).title == "Dumplings 饺子"
    assert dialogs == ["beforeunload"]
    assert page.errors == []


def test_refused_forms_show_their_errors_where_the_eye_is(open_page, make_user):
    make_user("anna")
    page = open_page(width=390, height=640)
    page.goto("/signup")
    page.fill("#username", "anna")
    page.fill("#email", "nope")
    page.fill("#password", "1")
    page.locator("form[action='/signup'] button[type=submit]").click()
    summary = page.locator("[data-form-errors]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.locator("li")).to_have_count(3)  # username, password, email
    expect(page.locator("#email")).to_have_value("nope")
    summary.locator("a[href='#email']").click()
    expect(page.locator("#email")).to_be_focused()
    page.errors.clear()  # the refused POST's 409 is logged by the browser

    log_in(page, "anna")
    page.goto("/notes/new")
    page.fill("#place", "p" * 80)
    page.evaluate("document.querySelector('#place').maxLength = 200")
    page.fill("#place", "p" * 81)
    page.fill("#title", "上" * 21)
    page.locator("form[data-compose] button[type=submit]", has_text="Publish").click()
    summary = page.locator("form[data-compose] [data-form-errors]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.locator("li")).to_have_count(3)  # photos, title, place
    expect(page.locator("#title")).to_have_value("上" * 21)
