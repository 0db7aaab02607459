"""The pages everyone passes through, in a real browser, and the browser fixtures themselves."""

from playwright.sync_api import Page, Route, expect

from tests.browser import PASSWORD, screenshot, signed_in
from tests.helpers import make_negotiation


def header(page: Page):
    return page.get_by_role("banner")


def test_home_lists_a_negotiation_and_links_to_it(page, live_server):
    negotiation = make_negotiation()

    page.goto("/")

    link = page.get_by_role("link", name=negotiation.title)
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{live_server.url}/n/{negotiation.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(negotiation.title)


def test_signing_in_through_the_form_and_out_again(page, live_server, django_user_model):
    django_user_model.objects.create_user(username="ilse", password=PASSWORD)

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ilse")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    sign_out = header(page).get_by_role("button", name="Sign out ilse")
    expect(sign_out).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/")

    sign_out.click()
    expect(header(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(header(page).get_by_role("button")).to_have_count(0)


def test_signed_in_helper_gives_the_page_the_users_session(page, live_server, annotator):
    # The serialized rollback must have restored the migrations' group for this to hold in
    # every test, not only in the first transactional one.
    assert annotator.has_perm("negotiations.annotate_statement")

    signed_in(page, live_server, annotator)
    page.goto("/")

    expect(header(page).get_by_role("button", name=f"Sign out {annotator.username}")).to_be_visible()


def test_an_inline_script_is_blocked_and_reported(page, live_server, page_errors):
    # Guards both the CSP (no inline script runs) and the `page` fixture (the violation is caught):
    # Parley's real response for /, headers and all, with an inline script slipped in.
    def add_inline_script(route: Route) -> None:
        response = route.fetch()
        body = response.text().replace("</body>", "<script>document.body.dataset.ran = 'yes'</script></body>")
        route.fulfill(response=response, body=body)

    page.route(f"{live_server.url}/", add_inline_script)
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.goto("/")

    assert page.evaluate("document.body.dataset.ran") is None
    assert any("Content Security Policy" in error for error in page_errors), page_errors
    page_errors.clear()


def test_screenshot_writes_a_png_only_when_asked(page, monkeypatch, tmp_path):
    page.goto("/")

    monkeypatch.delenv("PARLEY_SCREENSHOT_DIR", raising=False)
    assert screenshot(page, "nowhere") is None

    monkeypatch.setenv("PARLEY_SCREENSHOT_DIR", str(tmp_path / "shots"))
    path = screenshot(page, "home")
    assert path == tmp_path / "shots" / "home.png"
    assert path.read_bytes().startswith(b"\x89PNG")
