"""The built sample site in a real browser: navigation, accessibility (axe-core), screenshots.

A real ``http.server`` serves the site on a free port (once at the root, once
under /sub/path/), and Debian's Chromium, driven by Playwright, visits it. axe-core
comes bundled with axe-playwright-python: nothing is fetched from the network.
Screenshots are written to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import serve_site
from factory import readout_text, site_build, write_corpus

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
JEENBEKOV = "readouts/2020-09-13-kyrgyz-president-sooronbay-jeenbekov-meets-with-wang-yi/"
INFERRED = "readouts/2020-05-26-state-councilor-and-foreign-minister-wang-yi-speaks-with-kyrgyz-foreign/"
PAGE_TYPES = {
    "home": "",
    "readout": JEENBEKOV,
    "readout-inferred-date": INFERRED,
    "year": "years/2020/",
    "years": "years/",
    "country": "countries/kyrgyzstan/",
    "countries": "countries/",
    "person": "people/sooronbay-jeenbekov/",
    "people": "people/",
    "topic": "topics/vaccines/",
    "topics": "topics/",
    "undated": "undated/",
    "search": "search/?q=vaccine",
    "404": "404.html",
}
BLOCKING = {"serious", "critical"}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


class Watch:
    """Failed requests, HTTP errors and console errors seen by a page."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))

    def _failed(self, request):
        # A load cut short because the test moved on to the next page is not a failure of the site.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"failed: {request.url} ({request.failure})")


@pytest.fixture(scope="module")
def site_extra_url(site_extra):
    """The sample site with an undated readout and rejected files, served at the root."""
    with serve_site(site_extra) as url:
        yield url


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def wait_ready(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("which", ["root", "sub"])
def test_browse_home_year_readout_person_country_topic_and_back(which, page, request):
    root = request.getfixturevalue("site_url" if which == "root" else "site_sub_url")
    watch = Watch(page)
    h1 = page.locator("main h1")

    page.goto(root)
    expect(h1).to_have_text("Readout archive")
    expect(page.locator("main")).to_contain_text("Latest readouts")
    expect(page.locator("dl.stats")).to_contain_text("26 May 2020 – 16 September 2021")
    shot(page, f"journey-{which}-1-home")

    page.locator("section[aria-labelledby=years-h]").get_by_role("link", name="2020", exact=True).click()
    expect(page).to_have_url(root + "years/2020/")
    expect(h1).to_contain_text("2020")
    expect(h1).to_contain_text("4 readouts")
    expect(page.get_by_role("heading", name="September", level=2)).to_be_visible()
    shot(page, f"journey-{which}-2-year")

    page.get_by_role("link", name="Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi").click()
    expect(page).to_have_url(root + JEENBEKOV)
    expect(h1).to_have_text("Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi")
    meta = page.locator("dl.meta")
    expect(meta).to_contain_text("13 September 2020")
    expect(meta).to_contain_text("Bishkek")
    expect(page.locator(".text")).to_contain_text("verbal message from President Xi Jinping")
    shot(page, f"journey-{which}-3-readout")

    meta.get_by_role("link", name="Sooronbay Jeenbekov").click()
    expect(page).to_have_url(root + "people/sooronbay-jeenbekov/")
    expect(h1).to_have_text("Sooronbay Jeenbekov")
    expect(page.locator("main")).to_contain_text("President")
    shot(page, f"journey-{which}-4-person")

    page.locator("dl.meta").get_by_role("link", name="Kyrgyzstan").click()
    expect(page).to_have_url(root + "countries/kyrgyzstan/")
    expect(h1).to_contain_text("Kyrgyzstan")
    expect(h1).to_contain_text("5 readouts")
    expect(page.locator("main")).to_contain_text("Chingiz Aidarbekov")
    shot(page, f"journey-{which}-5-country")

    page.go_back()
    page.go_back()
    expect(page).to_have_url(root + JEENBEKOV)
    expect(h1).to_have_text("Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi")

    page.locator("dl.meta").get_by_role("link", name="Vaccines").click()
    expect(page).to_have_url(root + "topics/vaccines/")
    expect(h1).to_contain_text("Vaccines")
    expect(h1).to_contain_text("4 readouts")
    expect(page.locator("main")).not_to_contain_text("Chingiz Aidarbekov on the Phone")  # 003 is not about vaccines
    shot(page, f"journey-{which}-6-topic")

    page.go_back()
    expect(h1).to_have_text("Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi")
    page.get_by_role("link", name=re.compile(r"^Later")).click()
    expect(h1).to_have_text("Wang Yi Speaks with Kyrgyz Foreign Minister Ruslan Kazakbaev on the Phone")
    page.get_by_role("link", name="Readout archive").first.click()
    expect(page).to_have_url(root)
    expect(h1).to_have_text("Readout archive")

    # The stylesheet loaded (under the sub-path too): the header has its accent rule.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderTopWidth") == "4px"
    assert watch.problems == []


def test_skip_link_moves_focus_to_main(page, site_url):
    page.goto(site_url + JEENBEKOV)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_home_matrix_cell_leads_to_the_readouts(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="1 readout with Kyrgyzstan in 2021").click()
    expect(page).to_have_url(site_url + "countries/kyrgyzstan/#y2021")
    section = page.locator("section[aria-labelledby=y2021]")
    expect(section).to_be_in_viewport()
    expect(section.locator(".readout-list li")).to_have_count(1)
    expect(section).to_contain_text("Kyrgyz President Sadyr Zhaparov Meets with Wang Yi")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(scheme, chromium, site_extra_url):
    """axe-core on every kind of page, in the light and in the dark colour scheme."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    watch = Watch(page)
    axe = Axe()
    report = []
    try:
        for name, rel in PAGE_TYPES.items():
            page.goto(site_extra_url + rel)
            wait_ready(page)
            if name == "search":
                expect(page.locator(".pagefind-ui__result").first).to_be_visible(timeout=15_000)
            shot(page, f"{name}-{scheme}")
            results = axe.run(page)
            for v in results.response["violations"]:
                if v["impact"] in BLOCKING:
                    targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
                    report.append(f"{name} ({rel or '/'}): {v['id']} [{v['impact']}] {v['help']}: {targets}")
        if scheme == "light":
            page.goto(site_extra_url + JEENBEKOV)
            page.emulate_media(media="print")
            shot(page, "readout-print")
    finally:
        context.close()
    assert not report, "\n".join(report)
    # 404.html is fetched by name here, so no request may fail.
    assert watch.problems == []


def test_axe_reports_a_real_violation(page, site_url):
    """The axe run above can fail: a page with an unlabelled image and a bad contrast is caught."""
    page.set_content('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>T</h1>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<p style="color:#eee;background:#fff">faint</p></main></body></html>')
    results = Axe().run(page)
    ids = {v["id"] for v in results.response["violations"] if v["impact"] in BLOCKING}
    assert {"image-alt", "color-contrast"} <= ids


def test_dark_scheme_and_print_style(chromium, site_url):
    colours = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + JEENBEKOV)
        colours[scheme] = page.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]")
        context.close()
    assert colours["light"] != colours["dark"]
    light_bg = [int(x) for x in re.findall(r"\d+", colours["light"][0])[:3]]
    dark_bg = [int(x) for x in re.findall(r"\d+", colours["dark"][0])[:3]]
    assert sum(light_bg) > 600 and sum(dark_bg) < 150
    context = chromium.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + JEENBEKOV)
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".header-search")).to_be_hidden()
    expect(page.locator("nav.prevnext")).to_be_hidden()
    expect(page.locator("dl.meta")).to_be_visible()
    expect(page.locator(".text")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}
    context.close()


def test_dates_line_up_in_lists(page, site_url):
    """The date column of a readout list is aligned: every title starts at the same x."""
    page.goto(site_url + "years/")
    page.goto(site_url + "countries/kyrgyzstan/")
    lefts = page.evaluate("[...document.querySelectorAll('.readout-list .rl-main')].map(e => Math.round(e.getBoundingClientRect().left))")
    assert len(lefts) == 5 and len(set(lefts)) == 1
    dates = page.evaluate("[...document.querySelectorAll('.readout-list .rl-date')].map(e => Math.round(e.getBoundingClientRect().left))")
    assert len(set(dates)) == 1 and dates[0] < lefts[0]


LONG_WORD = "Supercalifragilistic" * 8  # 160 letters and no place to break


@pytest.fixture(scope="module")
def site_wide_url(tmp_path_factory):
    """Thirteen years of readouts (a wide table on the home page) and one title with a very long word."""
    root = tmp_path_factory.mktemp("site-wide")
    corpus = write_corpus(root / "corpus", range(0, 130))
    (corpus / "long.md").write_text(f"---\ntitle: Wang Yi Meets {LONG_WORD}\n---\n" + readout_text(3), encoding="utf-8")
    site_build(corpus, root / "site")
    with serve_site(root / "site") as url:
        yield url


@pytest.mark.parametrize("path", ["", "people/", "topics/vaccines/", "years/2020/", "long-title"])
def test_no_page_scrolls_sideways_on_a_phone(chromium, site_wide_url, path):
    """At 375 px nothing is wider than the screen: wide tables scroll in their own box (their hidden
    captions and cell text too), and a word too long for a line breaks."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        if path == "long-title":
            page.goto(site_wide_url + "years/2019/")  # readout_text(3) is of April 2019
            path = page.evaluate(f"[...document.querySelectorAll('a')].find(a => a.textContent.includes('{LONG_WORD}'))"
                                 ".getAttribute('href')").lstrip("/")
        page.goto(site_wide_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        shot(page, "phone-" + (path.strip("/").replace("/", "-") or "home"))
        assert width <= 375, f"/{path} is {width} px wide"
    finally:
        context.close()
