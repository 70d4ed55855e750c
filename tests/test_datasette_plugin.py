"""The packaged Datasette plugin, through Datasette's own test client, on a real archive."""

from __future__ import annotations

import json
import sqlite3

import pytest
from datasette.app import Datasette
from datasette.utils import tilde_encode
from lxml import html as lxml_html

from datasette_archive import EVIL_URL, LEAK_LINE, SEED_TITLE, SEED_URL, build_archive
from wellness_archiver.datasette_plugin.article import render_body
from wellness_archiver.datasette_plugin.queries import CANNED, fts_query


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("plugin") / "research.db")


@pytest.fixture
def ds(archive_path):
    # No metadata passed: everything comes from the installed plugin.
    return Datasette([str(archive_path)])


async def get_json(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def test_plugin_is_listed_and_database_shows_queries_and_hides_internal_tables(ds):
    plugins = await get_json(ds, "/-/plugins.json")
    assert "wellness-archiver" in [p["name"] for p in plugins]
    data = await get_json(ds, "/research.json")
    assert [q["name"] for q in data["queries"]] == list(CANNED)
    for query in data["queries"]:
        assert query["title"] and query["description"]
    hidden = {t["name"] for t in data["tables"] if t["hidden"]}
    assert {"_sqlite_migrations", "frontier"} <= hidden
    assert "article_list" in [v["name"] for v in data["views"]]
    page = (await ds.client.get("/research")).text
    assert "select * from _sqlite_migrations" not in page  # no longer the default query


async def test_every_column_of_every_visible_table_is_described(ds):
    data = await get_json(ds, "/research.json")
    for table in [t for t in data["tables"] if not t["hidden"]] + data["views"]:
        metadata = ds.metadata(database="research", table=table["name"])
        columns = (await ds.get_database("research").table_columns(table["name"]))
        described = set(metadata.get("columns", {}))
        missing = set(columns) - described - {"id"}
        assert not missing, (table["name"], missing)
        assert metadata.get("description"), table["name"]


async def test_non_archive_databases_are_left_alone(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table things (id integer primary key, title text)").connection.commit()
    ds = Datasette([str(other)])
    data = await get_json(ds, "/other.json")
    assert data["queries"] == []
    assert ds.metadata("title") is None


async def test_article_page_reads_as_the_article(ds):
    response = await ds.client.get("/research/articles/" + tilde_encode(SEED_URL))
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.text)
    article = doc.cssselect("article.wellness-article")[0]
    assert article.cssselect("h1")[0].text_content().strip() == SEED_TITLE
    meta = {dt.text_content(): dt.getnext().text_content() for dt in article.cssselect("dl.wellness-meta dt")}
    assert meta["Author"] == "Rachael King"
    assert meta["Published"] == "2023-02-01"
    assert "relationships" in meta["Tags"]
    assert int(meta["Words"]) > 100
    body = article.cssselect("div.wellness-body")[0]
    assert len(body.cssselect("p")) >= 5
    assert body.cssselect("h2")[0].text_content() == "What We Know"
    assert body.cssselect("blockquote")
    links = {a.text_content(): a.get("href") for a in article.cssselect("ul.wellness-links a")}
    assert links["Original page"] == SEED_URL
    assert links["Duplicate cluster"].startswith("/research/duplicate_clusters/")
    assert "article_versions?url=" in links["Earlier versions (0)"]
    raw = await ds.client.get(links["Raw capture (as fetched)"])
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("text/plain")
    assert raw.headers["content-security-policy"] == "sandbox"
    assert "<html" in raw.text.lower() and SEED_TITLE in raw.text


async def test_other_row_pages_stay_datasette_tables(ds):
    response = await ds.client.get("/research/pages/" + tilde_encode(SEED_URL))
    assert response.status_code == 200
    assert "wellness-article" not in response.text
    assert "rows-and-columns" in response.text


async def test_hostile_article_is_sanitised_in_the_html(ds):
    text = (await ds.client.get("/research/articles/" + tilde_encode(EVIL_URL))).text
    doc = lxml_html.fromstring(text)
    article = doc.cssselect("article.wellness-article")[0]
    assert "<script>" in article.cssselect("h1")[0].text_content()  # shown as text
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("script", "style", "img", "svg", "iframe"), el.tag
        for name, value in el.attrib.items():
            assert not name.startswith("on"), (el.tag, name)
            if name == "href":
                assert value.startswith(("http://", "https://", "/research/", "/-/wellness/")), value
    body_links = [a.get("href") for a in article.cssselect("div.wellness-body a")]
    assert "https://example.org/safe" in body_links
    assert all(h is None or h.startswith("http") for h in body_links)
    assert "Closing paragraph." in article.text_content()


def test_markdown_rendering_keeps_structure_and_drops_script():
    html = str(render_body("# T\n\n- one\n- *two*\n\n[x](https://a.example/) [y](javascript:alert(1))", ""))
    assert "<h1>T</h1>" in html and "<li><em>two</em></li>" in html
    assert 'href="https://a.example/"' in html and 'href="javascript' not in html  # left as plain text
    assert str(render_body(None, "line one\n\n<b>two</b>")) == "<p>line one</p><p>&lt;b&gt;two&lt;/b&gt;</p>"


async def test_article_list_is_lean_with_year_and_month_facets_and_linked_titles(ds):
    data = await get_json(ds, "/research/article_list.json?_extra=facet_results&_shape=objects&_size=100")
    row = data["rows"][0]
    assert "text" not in row and "markdown" not in row
    assert list(row)[:4] == ["title", "site", "author", "published"]
    facets = data["facet_results"]
    assert {"year", "month", "site"} <= set(facets)
    years = {f["value"]: f["count"] for f in facets["year"]["results"]}
    assert years["2019"] == 1  # the hostile article
    narrowed = await get_json(ds, "/research/article_list.json?year=2019&_shape=objects")
    assert [r["url"] for r in narrowed["rows"]] == [EVIL_URL]
    searched = await get_json(ds, "/research/article_list.json?_search=therapeutic&_shape=objects")
    assert SEED_URL in [r["url"] for r in searched["rows"]]
    page = (await ds.client.get("/research/article_list")).text
    assert f'href="/research/articles/{tilde_encode(SEED_URL)}">{SEED_TITLE}</a>' in page


async def test_key_columns_link_to_their_rows(ds):
    page = (await ds.client.get("/research/articles?_size=100")).text
    assert 'href="/research/captures/1"' in page
    assert 'href="/research/duplicate_clusters/1"' in page
    assert f'href="/research/articles/{tilde_encode(SEED_URL)}"' in page  # duplicate_of
    assert 'href="/research/crawl_runs/1"' in page


async def test_search_is_ranked_highlighted_and_filterable(ds):
    data = await get_json(ds, "/research/search.json?q=therapeutic+relationship&_shape=objects")
    urls = [r["url"] for r in data["rows"]]
    assert SEED_URL in urls
    ranks = [r["rank"] for r in data["rows"]]
    assert ranks == sorted(ranks)
    seed = data["rows"][urls.index(SEED_URL)]
    assert "<mark>therapeutic</mark> <mark>relationship</mark>" in seed["snippet"]
    only_site = await get_json(ds, "/research/search.json?q=therapeutic+relationship&site=127.0.0.1:8767&_shape=objects")
    assert [r["site"] for r in only_site["rows"]] == ["127.0.0.1:8767"]
    none_fr = await get_json(ds, "/research/search.json?q=therapeutic&language=fr&_shape=objects")
    assert none_fr["rows"] == []
    assert (await get_json(ds, "/research/search.json?q=therapeutic&language=e&_shape=objects"))["rows"] == []
    english = await get_json(ds, "/research/search.json?q=therapeutic&language=en&_shape=objects")
    assert SEED_URL in [r["url"] for r in english["rows"]]
    page = (await ds.client.get("/research/search?q=therapeutic+relationship")).text
    assert "<mark>therapeutic</mark>" in page


@pytest.mark.parametrize("q", ['"', 'therapeutic "relationship', '"unclosed phrase', "AND OR NOT", "(", "*", "title:", "NEAR(a b)", "-x", "^", ""])
async def test_search_tolerates_stray_syntax(ds, q):
    response = await ds.client.get("/research/search.json", params={"q": q})
    assert response.status_code == 200, response.text[:300]


async def test_search_prefix_terms(ds):
    data = await get_json(ds, "/research/search.json?q=therap*&_shape=objects")
    exact = await get_json(ds, "/research/search.json?q=therapy&_shape=objects")
    assert len(data["rows"]) > len(exact["rows"]) > 0
    assert any("<mark>therapist" in r["snippet"].lower() for r in data["rows"])


def test_fts_query_translation():
    assert fts_query("therapeutic relationship") == '"therapeutic" "relationship"'
    assert fts_query('"therapeutic relationship" grief') == '"therapeutic relationship" "grief"'
    assert fts_query("therap*") == '"therap"*'
    assert fts_query('" stray') == '"stray"'
    assert fts_query("grief OR loss OR") == '"grief" OR "loss"'
    assert fts_query("") == '""'
    assert len(fts_query('"' * 100_000)) == 2  # linear, and nothing left


async def test_hostile_snippet_is_escaped(ds):
    page = (await ds.client.get("/research/search?q=hostile+markup")).text
    doc = lxml_html.fromstring(page)
    cells = doc.cssselect("td.col-snippet") + doc.cssselect("td.col-title")
    assert cells
    for cell in cells:
        assert not [el for el in cell.iter() if isinstance(el.tag, str) and el.tag not in ("td", "a", "mark")]


async def test_chrome_leaks_finds_the_repeated_line(ds):
    data = await get_json(ds, "/research/chrome_leaks.json?_shape=objects")
    leak = [r for r in data["rows"] if r["line"] == LEAK_LINE]
    assert leak and leak[0]["articles"] == 9 and leak[0]["site"] == "127.0.0.1:8765"
    assert leak[0]["percent"] == 100


async def test_qa_queries(ds):
    failures = await get_json(ds, "/research/failures.json?_shape=objects")
    assert [(r["reason"], r["pages"]) for r in failures["rows"]] == [("HTTP 404", 1)]
    policy = await get_json(ds, "/research/policy.json?_shape=objects")
    assert ("not stored: robots.txt disallowed", 1) in [(r["decision"], r["pages"]) for r in policy["rows"]]
    duplicates = await get_json(ds, "/research/duplicates.json?_shape=objects")
    assert [r["article"] for r in duplicates["rows"]][0] == SEED_URL  # the canonical member first
    assert duplicates["rows"][1]["reason"] == "rel=canonical"
    per_month = await get_json(ds, "/research/articles_per_month.json?_shape=objects")
    assert {"month": "2019-11", "site": "127.0.0.1:8766", "articles": 1, "words": 40, "chart": "█"} in per_month["rows"]
    runs = await get_json(ds, "/research/crawl_runs.json?_shape=objects")
    assert runs["rows"][0]["crawl_run"] == 1 and runs["rows"][0]["posts_stored"] is not None
    assert json.loads(runs["rows"][0]["arguments"])["urls"]


@pytest.mark.parametrize("table", ["articles", "article_list"])
async def test_table_search_box_takes_the_same_syntax(ds, table):
    stray = await ds.client.get(f"/research/{table}.json", params={"_search": '"'})
    assert stray.status_code == 200
    prefix = await get_json(ds, f"/research/{table}.json?_search=therap*&_shape=objects")
    exact = await get_json(ds, f"/research/{table}.json?_search=therapy&_shape=objects")
    assert len(prefix["rows"]) > len(exact["rows"]) > 0


async def test_escape_fts_is_only_replaced_in_archives(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create virtual table docs using fts5(body)")
    conn.execute("insert into docs values ('therapy works')")
    conn.commit()
    ds = Datasette([str(other)])
    data = await get_json(ds, "/other.json?sql=select+escape_fts('therap*')+as+q&_shape=objects")
    assert data["rows"][0]["q"] == '"therap*"'  # Datasette's own escaping


def test_view_migration_keeps_fts_triggers(archive_path, tmp_path):
    """m013 adds a view and leaves the articles table (and its FTS triggers) alone."""
    import shutil

    from wellness_archiver.archive.db import Archive

    copy = tmp_path / "copy.db"
    shutil.copy(archive_path, copy)  # the module's archive stays as the other tests expect
    archive = Archive(copy)
    db = archive.db
    assert "article_list" in db.view_names()
    assert {"articles_ai", "articles_ad", "articles_au"} <= {t.name for t in db.triggers}
    run = archive.start_run(["http://127.0.0.1:8768/"], {}, {})
    url = "http://127.0.0.1:8768/new-post"
    archive.save_batch([{"url": url, "page_type": "post", "status": 200}],
                       [{"url": url, "page_url": url, "title": "Zygomorphic gardens", "text": "A zygomorphic note.",
                         "published": "2026-01-02"}], run)
    assert [r["url"] for r in db.query("select url from article_list where article_rowid in "
                                       "(select rowid from articles_fts where articles_fts match 'zygomorphic')")] == [url]
    assert db.execute("select count(*) from article_list").fetchone() == db.execute("select count(*) from articles").fetchone()
    archive.close()


@pytest.mark.parametrize("path", ["/research/articles.json?_search=therapy&_sort=rank", "/research/articles?_sort=rank"])
async def test_sorting_by_an_unknown_column_is_a_bad_request(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 400
    assert "Cannot sort table by rank: for results ranked by relevance, use the 'search' query" in response.text.replace("&#39;", "'")


async def test_policy_shows_per_site_decisions_when_the_archive_has_them(archive_path, tmp_path):
    import shutil

    copy = tmp_path / "research.db"
    shutil.copy(archive_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("update sites set robots_txt = 'disallow all', robots_txt_reason = 'HTTP 503', "
                 "sitemap_limit = 'sitemaps 3' where host = '127.0.0.1:8765'")
    conn.commit()
    conn.close()
    rows = (await get_json(Datasette([str(copy)]), "/research/policy.json?_shape=objects"))["rows"]
    for decision in ("robots_txt: disallow all", "robots_txt_reason: HTTP 503", "sitemap_limit: sitemaps 3"):
        assert {"site": "127.0.0.1:8765", "decision": decision, "pages": None, "example": None} in rows
    assert ("not stored: robots.txt disallowed", 1) in [(r["decision"], r["pages"]) for r in rows]


async def test_article_list_links_work_on_an_archive_from_before_the_view(tmp_path):
    from archives import OLD_ARCHIVE_URL as URL, digest, make_old_archive

    path = make_old_archive(tmp_path / "old.db", "m013_datasette_views")  # no article_list view
    conn = sqlite3.connect(path)
    conn.execute("update articles set cluster_id = 7")
    conn.commit()
    conn.close()
    before = digest(path)
    ds = Datasette(immutables=[str(path)])  # read-only, as serve opens it: nothing may be migrated
    data = await get_json(ds, "/old/article_list.json?_shape=objects")
    assert [(r["url"], r["site"], r["year"]) for r in data["rows"]] == [(URL, "b.example", "2023")]
    assert len((await get_json(ds, "/old/article_list.json?cluster_id=7&_shape=objects"))["rows"]) == 1
    assert (await get_json(ds, "/old/article_list.json?cluster_id=8&_shape=objects"))["rows"] == []
    assert (await ds.client.get("/old/article_list")).status_code == 200
    assert digest(path) == before
