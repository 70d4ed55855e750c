"""extraction/fallback.py: a short fragment taken for the main text gives way to the page's own text."""

from __future__ import annotations

from wellness_archiver.extraction import extract
from wellness_archiver.extraction.core import parse_page
from wellness_archiver.extraction.fallback import page_lines, prefer_page_text

_CARD = ("<div class='card'><h3>Trail runner {n}</h3><p>A light shoe with a grippy sole for muddy paths,"
         " a roomy toe box and a cushioned heel for long days out on the hills {n}.</p><p>$89.00</p></div>")
_CHROME = ("<header><nav><a href='/'>Home</a> <a href='/men'>Men</a> <a href='/women'>Women</a></nav>"
           "<div class='promo'>Free shipping on every order over fifty dollars this week only</div></header>")
_FOOTER = "<footer><p>Copyright shop footer text, privacy policy, terms of sale and returns</p></footer>"


def _page(main: str, before: str = _CHROME, after: str = _FOOTER) -> bytes:
    return f"<html><body>{before}<main><h1>Running shoes</h1>{main}</main>{after}</body></html>".encode()


def _reparse(html: bytes):
    return lambda: parse_page(html)[0]


def test_a_promo_bar_taken_for_a_product_grid_gives_way_to_the_grid():
    html = _page("".join(_CARD.format(n=n) for n in range(6)))
    got = prefer_page_text(["Free shipping on every order over fifty dollars this week only"], _reparse(html))
    assert got is not None
    assert got[0] == "Running shoes"
    assert "Trail runner 5" in got and got.count("$89.00") == 6
    text = "\n".join(got)
    assert "Free shipping" not in text and "Copyright" not in text and "Women" not in text  # header, footer


def test_a_long_text_or_a_large_share_of_the_page_is_kept():
    html = _page("".join(_CARD.format(n=n) for n in range(6)))
    long_text = [" ".join(["word"] * 101)]
    assert prefer_page_text(long_text, _reparse(html)) is None
    # a short post that is most of what the page shows
    post = "<p>" + " ".join(f"thought{i}" for i in range(90)) + "</p>"
    html = _page(post + "<p>" + " ".join(f"aside{i}" for i in range(20)) + "</p>")
    assert prefer_page_text([" ".join(f"thought{i}" for i in range(90))], _reparse(html)) is None


def test_a_page_with_little_text_keeps_the_chosen_text():
    html = _page("<p>Three shoes, all sold out.</p>")
    assert prefer_page_text(["Free shipping on every order over fifty dollars"], _reparse(html)) is None


def test_a_region_that_holds_the_main_element_stays():
    tree, _ = parse_page(b"<html><body><nav>Menu Links</nav><header><main><p>Kept text</p></main></header>"
                         b"<aside>Sidebar</aside><div role='contentinfo'>Legal</div></body></html>")
    assert page_lines(tree) == ["Kept text"]


def test_the_pipeline_prints_the_page_text_and_names_it():
    # a grid of link-only tiles: trafilatura drops it as link text and keeps the one sentence under it
    grid = "<ul>" + "".join(f"<li><a href='/p{n}'>Blue mug number {n}, stoneware, dishwasher safe, ${n}.50</a></li>"
                            for n in range(40)) + "</ul>"
    note = ("<div class='note'><p>Sale ends tonight: twenty percent off all mugs and plates when you spend over"
            " thirty dollars in one order, with free delivery to every address in the country.</p></div>")
    article = extract(_page(grid, before="", after=note), "https://shop.example/mugs")
    assert article is not None and article.extractor_candidate == "page"
    assert "- Blue mug number 39, stoneware, dishwasher safe, $39.50" in article.text.splitlines()
    assert article.text.startswith("Running shoes\n") and article.word_count > 300
