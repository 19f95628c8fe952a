"""Search in a real browser: the Pagefind bundle built with the sample site, driven through its UI.

In the sample corpus readouts 000, 001, 002 and 004 mention vaccines and 003 does
not; all five are with Kyrgyzstan; one is from 2021. The site is served by a real
http.server (at the root and under /sub/path/) and visited with Debian's Chromium.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
# Pagefind's interface loads its index and filters in the page: on a loaded machine (a full test run
# on two cores) that took over the 5 s Playwright waits by default for an element.
expect.set_options(timeout=15_000)

VACCINE = {  # readouts that mention vaccines: id -> (title, date shown, participants shown)
    "2020-08-19-china-kyrgyzstan-pledge-to-deepen-win-win-cooperation":
        ("China, Kyrgyzstan Pledge to Deepen Win-Win Cooperation", "19 August 2020",
         "Wang Yi (China); Chingiz Aidarbekov (Kyrgyzstan)"),
    "2020-09-13-kyrgyz-president-sooronbay-jeenbekov-meets-with-wang-yi":
        ("Kyrgyz President Sooronbay Jeenbekov Meets with Wang Yi", "13 September 2020",
         "Sooronbay Jeenbekov (Kyrgyzstan); Wang Yi (China)"),
    "2020-11-16-wang-yi-speaks-with-kyrgyz-foreign-minister-ruslan-kazakbaev-on-the-phone":
        ("Wang Yi Speaks with Kyrgyz Foreign Minister Ruslan Kazakbaev on the Phone", "16 November 2020",
         "Wang Yi (China); Ruslan Kazakbaev (Kyrgyzstan)"),
    "2021-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi":
        ("Kyrgyz President Sadyr Zhaparov Meets with Wang Yi", "16 September 2021",
         "Sadyr Zhaparov (Kyrgyzstan); Wang Yi (China)"),
}
NOT_VACCINE = "2020-05-26-state-councilor-and-foreign-minister-wang-yi-speaks-with-kyrgyz-foreign"
RESULTS = ".pagefind-ui__result"


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"HTTP {r.status}: {r.url}"))
    yield page
    context.close()
    assert errors == [], errors


def base_path(root: str) -> str:
    return "/" + root.split("/", 3)[3]


def results(page) -> dict[str, object]:
    """The result list: readout id -> result element."""
    out = {}
    for item in page.locator(RESULTS).all():
        href = item.locator("a.pagefind-ui__result-link").get_attribute("href")
        out[href.rstrip("/").rsplit("/", 1)[-1]] = item
    return out


def search(page, root: str, query: str, count: int) -> None:
    page.goto(root + "search/")
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible()
    box.fill(query)
    expect(page.locator(RESULTS)).to_have_count(count, timeout=15_000)


def filter_box(page, name: str, value: str):
    return page.locator(f'input.pagefind-ui__filter-checkbox[name="{name}"][value="{value}"]')


@pytest.mark.parametrize("which", ["root", "sub"])
def test_vaccine_finds_exactly_the_readouts_that_mention_it(which, page, request):
    root = request.getfixturevalue("site_url" if which == "root" else "site_sub_url")
    search(page, root, "vaccine", len(VACCINE))
    expect(page.locator(".pagefind-ui__message")).to_contain_text("4 results")
    found = results(page)
    assert set(found) == set(VACCINE)
    assert NOT_VACCINE not in found
    for rid, item in found.items():
        title, date, participants = VACCINE[rid]
        assert item.locator("a.pagefind-ui__result-link").get_attribute("href") == f"{base_path(root)}readouts/{rid}/"
        expect(item.locator(".pagefind-ui__result-title")).to_have_text(title)
        tags = " | ".join(item.locator(".pagefind-ui__result-tag").all_inner_texts())
        assert f"Date: {date}" in tags, tags
        assert f"Participants: {participants}" in tags, tags
    # Newest first.
    order = [k for k in results(page)]
    assert order[0] == "2021-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi"


def test_filters_narrow_the_results(page, site_url):
    search(page, site_url, "vaccine", 4)
    kyrgyzstan = filter_box(page, "country", "Kyrgyzstan")
    expect(kyrgyzstan).to_be_attached()
    kyrgyzstan.check(force=True)
    page.wait_for_timeout(500)
    expect(page.locator(RESULTS)).to_have_count(4)  # every readout is with Kyrgyzstan
    kyrgyzstan.uncheck(force=True)

    filter_box(page, "year", "2021").check(force=True)
    expect(page.locator(RESULTS)).to_have_count(1)
    assert list(results(page)) == ["2021-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi"]
    filter_box(page, "year", "2021").uncheck(force=True)
    filter_box(page, "year", "2020").check(force=True)
    expect(page.locator(RESULTS)).to_have_count(3)
    assert "2021-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi" not in results(page)
    filter_box(page, "year", "2020").uncheck(force=True)
    expect(page.locator(RESULTS)).to_have_count(4)

    # A person filter: Chingiz Aidarbekov took part in one vaccine readout (and in 003, which is not one).
    page.locator("summary", has_text="Person").click()
    filter_box(page, "person", "Chingiz Aidarbekov").check(force=True)
    expect(page.locator(RESULTS)).to_have_count(1)
    assert list(results(page)) == ["2020-08-19-china-kyrgyzstan-pledge-to-deepen-win-win-cooperation"]


def test_other_queries(page, site_url):
    search(page, site_url, "Aidarbekov", 2)
    assert set(results(page)) == {NOT_VACCINE, "2020-08-19-china-kyrgyzstan-pledge-to-deepen-win-win-cooperation"}
    box = page.locator(".pagefind-ui__search-input")
    box.fill("zzyzxquux")
    expect(page.locator(RESULTS)).to_have_count(0)
    expect(page.locator(".pagefind-ui__message")).to_contain_text("No results")
    # The address follows the query, so a search can be shared.
    assert page.url.endswith("search/?q=zzyzxquux")


def test_result_leads_to_the_readout(page, site_sub_url):
    search(page, site_sub_url, "vaccine", 4)
    page.get_by_role("link", name="Kyrgyz President Sadyr Zhaparov Meets with Wang Yi").click()
    expect(page).to_have_url(site_sub_url + "readouts/2021-09-16-kyrgyz-president-sadyr-zhaparov-meets-with-wang-yi/")
    expect(page.locator("main h1")).to_have_text("Kyrgyz President Sadyr Zhaparov Meets with Wang Yi")


@pytest.mark.parametrize("start", ["", "years/2020/", "readouts/2020-09-13-kyrgyz-president-sooronbay-jeenbekov-meets-with-wang-yi/",
                                   "people/wang-yi/", "404.html"])
@pytest.mark.parametrize("which", ["root", "sub"])
def test_header_search_box_leads_to_results(which, start, page, request):
    root = request.getfixturevalue("site_url" if which == "root" else "site_sub_url")
    page.goto(root + start)
    header = page.locator("header form[role=search] input[name=q]")
    header.fill("vaccine")
    header.press("Enter")
    expect(page).to_have_url(root + "search/?q=vaccine")
    expect(page.locator(RESULTS)).to_have_count(4, timeout=15_000)
    expect(page.locator(".pagefind-ui__search-input")).to_have_value("vaccine")
    assert set(results(page)) == set(VACCINE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_has_no_serious_accessibility_violations(scheme, chromium, site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url + "search/")
        page.wait_for_load_state("networkidle")
        report = _serious(Axe().run(page))  # empty search page
        page.locator(".pagefind-ui__search-input").fill("vaccine")
        expect(page.locator(RESULTS)).to_have_count(4, timeout=15_000)
        filter_box(page, "year", "2020").check(force=True)
        expect(page.locator(RESULTS)).to_have_count(3)
        report += _serious(Axe().run(page))  # with results and a filter applied
    finally:
        context.close()
    assert not report, "\n".join(report)


def _serious(results) -> list[str]:
    return [f"{v['id']} [{v['impact']}] {v['help']}: " + "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
            for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
