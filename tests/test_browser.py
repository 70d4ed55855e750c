"""The research UI in a real browser: Debian's chromium, driven through
chromedriver, against `wellness-archiver serve` on 127.0.0.1. Checks are made
on the live DOM after the page's scripts ran, not on the HTML source."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from datasette_archive import EVIL_URL, SEED_TITLE, SEED_URL, build_archive

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", Path(__file__).parent.parent / "test-artifacts"))

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)

# Record anything that tries to run: alert() and friends, and every element
# or attribute added after parsing (an injected node would show up here).
WATCH = """
window.__alerts = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__alerts.push(name + ":" + args.join(",")); };
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = build_archive(tmp_path_factory.mktemp("browser") / "research.db")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wellness_archiver", "serve", str(path), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"serve did not start: {proc.stdout.read().decode()[-2000:]}")
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
                 # Nothing but loopback: any other host name fails to resolve.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 "--window-size=1280,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    yield driver
    driver.quit()


def article_path(url: str) -> str:
    from datasette.utils import tilde_encode

    return "/research/articles/" + tilde_encode(url)


def test_article_page_shows_title_and_paragraphs(server, browser):
    browser.get(server + article_path(SEED_URL))
    assert browser.find_element(By.CSS_SELECTOR, "article.wellness-article h1").text == SEED_TITLE
    paragraphs = browser.find_elements(By.CSS_SELECTOR, ".wellness-body p")
    assert len(paragraphs) >= 5
    assert all(p.is_displayed() for p in paragraphs)
    assert "therapeutic relationship" in browser.find_element(By.CSS_SELECTOR, ".wellness-body").text
    assert browser.title.startswith(SEED_TITLE)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "article-page.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_search_returns_the_seed_article_with_a_highlighted_snippet(server, browser):
    browser.get(server + "/research/search?q=therapeutic+relationship")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    titles = [r.find_element(By.CSS_SELECTOR, "td.col-title").text for r in rows]
    assert SEED_TITLE in titles
    seed_row = rows[titles.index(SEED_TITLE)]
    marks = [m.text.lower() for m in seed_row.find_elements(By.CSS_SELECTOR, "td.col-snippet mark")]
    assert "therapeutic" in marks and "relationship" in marks
    background = seed_row.find_element(By.CSS_SELECTOR, "td.col-snippet mark").value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # visibly highlighted
    seed_row.find_element(By.CSS_SELECTOR, "td.col-title a").click()
    assert browser.find_element(By.CSS_SELECTOR, "article.wellness-article h1").text == SEED_TITLE


def test_a_facet_narrows_the_table(server, browser):
    browser.get(server + "/research/article_list")
    count = browser.find_element(By.CSS_SELECTOR, "h3").text
    before = len(browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr"))
    facet = browser.find_element(By.CSS_SELECTOR, '.facet-info[data-column="year"] li a')
    facet_year = facet.text.split()[0]
    facet.click()
    rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    assert 0 < len(rows) < before, (count, before, len(rows))
    assert {r.find_element(By.CSS_SELECTOR, "td.col-year").text for r in rows} == {facet_year}
    assert f"year={facet_year}" in browser.current_url


def test_column_descriptions_do_not_bury_the_rows(server, browser):
    browser.get(server + "/research/article_list")
    details = browser.find_element(By.CSS_SELECTOR, "details.column-descriptions-wrap")
    assert details.get_attribute("open") is None
    table_top = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns").location["y"]
    assert table_top < 1000, table_top  # the rows start on the first screen
    header = browser.find_element(By.CSS_SELECTOR, 'th[data-column="words"]')
    assert header.get_attribute("title") == "Words in the text"  # the description, as a tooltip


def assert_inert(browser):
    injected = browser.execute_script("""
        const found = [];
        // Where stored data is shown: the article, or the rows of a table or query.
        const scope = document.querySelector('article.wellness-article')
          || document.querySelector('table.rows-and-columns tbody');
        for (const el of document.querySelectorAll('*'))
          for (const attr of el.attributes)
            if (attr.name.startsWith('on')) found.push('page attribute ' + attr.name + ' on ' + el.tagName);
        for (const el of scope.querySelectorAll('*')) {
          if (['SCRIPT', 'STYLE', 'IMG', 'SVG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase()))
            found.push('element ' + el.tagName);
          for (const attr of el.attributes) {
            if (attr.name === 'href' && !/^(https?:|\\/)/i.test(attr.value)) found.push('href ' + attr.value);
            if (attr.name === 'style' && el.closest('.wellness-body')) found.push('style attribute');
          }
        }
        return found;
    """)
    assert injected == []
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return window.__alerts") == []
    assert browser.execute_script("return getComputedStyle(document.body).display") != "none"


def test_hostile_article_renders_inert(server, browser):
    browser.get(server + article_path(EVIL_URL))
    h1 = browser.find_element(By.CSS_SELECTOR, "article.wellness-article h1")
    assert "<script>" in h1.text and h1.is_displayed()  # the payload is shown as text
    body = browser.find_element(By.CSS_SELECTOR, ".wellness-body")
    assert "Closing paragraph." in body.text
    assert "https://example.org/safe" in [a.get_attribute("href") for a in body.find_elements(By.TAG_NAME, "a")]
    assert_inert(browser)
    # Clicking every link left in the article body runs nothing either.
    for link in body.find_elements(By.TAG_NAME, "a"):
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", link)
    assert_inert(browser)


@pytest.mark.parametrize("path", [
    "/research/search?q=hostile+markup",
    "/research/article_list?year=2019",
    "/research/articles?url=" + EVIL_URL,
])
def test_hostile_fields_are_inert_in_tables_and_search(server, browser, path):
    browser.get(server + path)
    cells = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td")
    assert any("<script>" in c.text for c in cells)
    assert_inert(browser)
