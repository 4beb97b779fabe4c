"""Nothing typed is lost: a section typed, the session ended, the save completes after signing
in (both steps for a signer) with the typing intact, or shows the conflict beside it; a reload
or a crash offers the browser's copy back (Restore, Discard), to the person who typed it only;
the timeout warning appears before an idle session ends, and "Stay signed in" extends it."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from commissioning.models import Office
from decisions import drafting
from decisions.models import DecisionTemplate, Section
from tests.browser.conftest import assert_accessible, authenticator_code, screenshot, sign_in
from tests.factories import officer_of

pytestmark = pytest.mark.browser

TYPED = "An hour of careful typing about the background."


@pytest.fixture
def staffordshire(site):
    return Office.objects.get(slug="staffordshire")


@pytest.fixture
def officer(staffordshire):
    return officer_of(staffordshire, "staffs.officer")


@pytest.fixture
def note(staffordshire, officer):
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    return drafting.start_note(staffordshire, template, "Typing kept – Regional PADS", officer)


@pytest.fixture
def section(note):
    return note.sections.order_by("position").first()


@pytest.fixture
def section_url(site, note, section):
    return f"{site.url}/workspace/decisions/{note.pk}/sections/{section.key}/"


@pytest.fixture
def leaving(page):
    """Leaving a page with unsaved typing asks first; the person says "leave"."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def editor(page):
    return page.locator('[contenteditable="true"][role="textbox"]')


def type_into_section(page, text=TYPED):
    editor(page).click()
    editor(page).press("End")
    editor(page).press_sequentially(text)


def sign_in_here(page, user, code=None):
    """The sign-in page the held save was sent to: the password, then the code if asked."""
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if code is not None:
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        page.get_by_label("Code", exact=True).fill(code())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def body_of(section) -> str:
    return Section.objects.get(pk=section.pk).body


# A save after the session ended -----------------------------------------------------------------


def test_a_signer_saves_after_the_session_ended_and_signs_in_with_both_steps(
    page, site, staffordshire, section, section_url
):
    signer = officer_of(staffordshire, "staffs.chief", "chief_executive")
    sign_in(page, site, "staffs.chief")
    page.goto(section_url)
    type_into_section(page)

    # Two hours pass without a request: the session is gone (its cookie has expired).
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Save section").click()
    page.wait_for_load_state()
    told = "You had been signed out, so your changes are not saved yet."
    expect(page.get_by_text(told)).to_be_visible()
    assert_accessible(page)
    assert body_of(section) == ""

    sign_in_here(page, signer, code=lambda: authenticator_code(signer))
    assert page.url == section_url
    expect(page.get_by_text("Your session had ended before you saved.")).to_be_visible()
    expect(editor(page)).to_contain_text(TYPED)
    # The browser's copy is the same typing: it is not offered as well.
    expect(page.locator("[data-typing-copy]")).to_have_count(0)
    assert_accessible(page)
    assert body_of(section) == ""  # shown, not saved: the save is the signer's own click

    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert TYPED in body_of(section)
    # Saved, the browser's copy is dropped: opening the page again offers nothing.
    page.goto(section_url)
    expect(editor(page)).to_contain_text(TYPED)
    expect(page.locator("[data-typing-copy]")).to_have_count(0)


def test_with_every_cookie_gone_the_save_is_held_through_the_csrf_check(
    page, site, officer, section, section_url
):
    sign_in(page, site, "staffs.officer")
    page.goto(section_url)
    type_into_section(page)

    # The session and the CSRF cookie both gone: the save fails the CSRF check, and is held.
    page.context.clear_cookies()
    page.get_by_role("button", name="Save section").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sign_in_here(page, officer)  # a drafting officer has no second step
    assert page.url == section_url
    expect(editor(page)).to_contain_text(TYPED)
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert TYPED in body_of(section)


def test_a_held_save_of_a_note_changed_meanwhile_shows_the_conflict_beside_the_typing(
    page, site, staffordshire, officer, note, section, section_url
):
    colleague = officer_of(staffordshire, "staffs.colleague")
    sign_in(page, site, "staffs.officer")
    page.goto(section_url)
    type_into_section(page)

    def colleague_writes(current):
        Section.objects.filter(pk=section.pk).update(body="<p>The colleague's newer text.</p>")

    drafting.save_parts(
        note,
        base_version=note.version,
        user=colleague,
        parts=[f"section:{section.key}"],
        apply=colleague_writes,
    )
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Save section").click()
    page.wait_for_load_state()
    sign_in_here(page, officer)
    expect(editor(page)).to_contain_text(TYPED)

    page.get_by_role("button", name="Save section").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    expect(page.get_by_role("heading", name="Someone else changed this note")).to_be_visible()
    expect(summary).to_contain_text("The colleague's newer text.")
    expect(editor(page)).to_contain_text(TYPED)
    assert_accessible(page)
    assert body_of(section) == "<p>The colleague's newer text.</p>"

    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert TYPED in body_of(section)


# The browser's copy ------------------------------------------------------------------------------


def test_a_reload_offers_the_typing_back_to_restore_or_discard(
    leaving, site, officer, section, section_url
):
    page = leaving
    sign_in(page, site, "staffs.officer")
    page.goto(section_url)
    type_into_section(page)
    page.wait_for_timeout(700)  # the copy is written half a second after the last key
    page.reload()

    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("You have unsaved changes from ")
    expect(editor(page)).not_to_contain_text(TYPED)
    assert_accessible(page)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"typing-copy-banner-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})

    banner.get_by_role("button", name="Restore").click()
    expect(banner).to_have_count(0)
    expect(editor(page)).to_contain_text(TYPED)
    expect(editor(page)).to_be_focused()
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert TYPED in body_of(section)

    # Discard: typed again, the page closed as by a crash (no chance to warn), opened again.
    page.goto(section_url)
    type_into_section(page, " And a second thought.")
    page.wait_for_timeout(700)
    context = page.context
    page.close(run_before_unload=False)
    page = context.new_page()
    page.goto(section_url)
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("You have unsaved changes from ")
    banner.get_by_role("button", name="Discard").click()
    expect(banner).to_have_count(0)
    expect(editor(page)).not_to_contain_text("And a second thought.")
    page.reload()
    expect(page.locator("[data-typing-copy]")).to_have_count(0)
    assert "And a second thought." not in body_of(section)


def test_the_copy_is_offered_only_to_the_person_who_typed_it(
    leaving, site, staffordshire, section_url
):
    page = leaving
    officer_of(staffordshire, "staffs.colleague")
    sign_in(page, site, "staffs.officer")
    page.goto(section_url)
    type_into_section(page)
    page.wait_for_timeout(700)
    page.locator(".app-header__sign-out button").click()
    page.wait_for_load_state()

    sign_in(page, site, "staffs.colleague")  # the same browser: a shared computer
    page.goto(section_url)
    expect(editor(page)).to_be_visible()
    expect(page.locator("[data-typing-copy]")).to_have_count(0)
    page.locator(".app-header__sign-out button").click()
    page.wait_for_load_state()

    # Signing out on purpose (having said "leave" to the warning) dropped the typist's copy
    # too: on a shared computer nobody finds it later. A session that merely ended keeps it.
    sign_in(page, site, "staffs.officer")
    page.goto(section_url)
    expect(editor(page)).to_be_visible()
    expect(page.locator("[data-typing-copy]")).to_have_count(0)
    assert (
        page.evaluate("() => Object.keys(localStorage).filter((key) => key.startsWith('typing:'))")
        == []
    )


def test_plain_fields_are_copied_and_restored_too(leaving, site, officer, note):
    page = leaving
    sign_in(page, site, "staffs.officer")
    url = f"{site.url}/workspace/decisions/{note.pk}/details/"
    page.goto(url)
    page.get_by_label("Title").fill("A title typed and not saved")
    page.get_by_label("This decision is urgent").check()
    page.wait_for_timeout(700)
    page.reload()

    banner = page.get_by_role("region", name="Important")
    banner.get_by_role("button", name="Restore").click()
    expect(page.get_by_label("Title")).to_have_value("A title typed and not saved")
    expect(page.get_by_label("This decision is urgent")).to_be_checked()
    expect(page.get_by_label("Title")).to_be_focused()


# The timeout warning -----------------------------------------------------------------------------


def test_the_timeout_warning_offers_to_stay_signed_in_then_says_when_signed_out(
    page, site, settings, officer, section_url
):
    # A 16-second session: the warning shows 4 seconds before it ends (5 minutes for 2 hours).
    settings.SESSION_COOKIE_AGE = 16
    sign_in(page, site, "staffs.officer")
    page.goto(section_url)
    type_into_section(page, "Typed before the warning.")

    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog).to_contain_text("you will be signed out in")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"timeout-warning-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})

    session = Session.objects.order_by("-expire_date").first()
    ends = session.expire_date
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    assert Session.objects.get(pk=session.pk).expire_date > ends
    expect(editor(page)).to_be_focused()  # back where they were typing

    # Escape in the warning also means "stay".
    expect(dialog).to_be_visible(timeout=20_000)
    ends = Session.objects.get(pk=session.pk).expire_date
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()  # closed once the server has answered
    assert Session.objects.get(pk=session.pk).expire_date > ends

    # Left alone, the session ends, and the page says so plainly; the typing stays.
    ended = page.get_by_role("dialog", name="You have been signed out")
    expect(ended).to_be_visible(timeout=25_000)
    expect(ended).to_contain_text("What you typed is still on the page")
    assert_accessible(page)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"timeout-signed-out-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    ended.get_by_role("button", name="Continue").click()
    expect(ended).to_be_hidden()
    expect(editor(page)).to_contain_text("Typed before the warning.")
