"""The Datasette plugin: the archive's research UI in plain `datasette archive.db`.

Registered in the `datasette` entry-point group; every hook acts only on
databases that are wellness-archiver archives (see detect.py).
"""

from __future__ import annotations

from datasette import Response, hookimpl
from datasette.utils import tilde_decode
from datasette.views.base import DatasetteError

from wellness_archiver.datasette_plugin import cells, queries
from wellness_archiver.datasette_plugin.detect import archive_names, is_archive
from wellness_archiver.datasette_plugin.metadata import archive_metadata, instance_metadata


@hookimpl
def get_metadata(datasette, key, database, table):
    names = archive_names(datasette)
    if not names:
        return {}
    return {**instance_metadata(), "databases": {name: archive_metadata(name, datasette.urls.database(name)) for name in names}}


@hookimpl
def canned_queries(datasette, database, actor):
    if not is_archive(datasette, database):
        return None

    async def inner():
        db = datasette.get_database(database)
        found = queries.canned_queries(await db.table_columns("sites"))
        if "article_list" not in await db.view_names():
            # An older archive, opened read-only and never migrated (m013):
            # the same rows as a canned query, so every article_list link works.
            found["article_list"] = queries.article_list_query()
        return found

    return inner


@hookimpl(trylast=True)  # after Datasette's own, so escape_fts below wins
def prepare_connection(conn, database, datasette):
    queries.register_functions(conn)
    if is_archive(datasette, database):
        # The tables' search box gets the same tolerant syntax as the search
        # query: prefix terms (therap*) work and a stray quote is no error.
        conn.create_function("escape_fts", 1, queries.fts_query, deterministic=True)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not is_archive(datasette, database):
        return None
    return cells.render(row, value, column, table, database, datasette)


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    return [datasette.urls.static_plugins("wellness-archiver", "wellness.css")] if is_archive(datasette, database) else []


@hookimpl
def extra_js_urls(template, database, table, columns, view_name, request, datasette):
    if view_name == "table" and is_archive(datasette, database):
        return [datasette.urls.static_plugins("wellness-archiver", "wellness.js")]
    return []


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    if view_name != "row" or table != "articles" or not is_archive(datasette, database):
        return {}

    async def inner():
        from wellness_archiver.datasette_plugin.article import article_context

        return {"wellness_article": await article_context(datasette, database, tilde_decode(request.url_vars["pks"]))}

    return inner


@hookimpl
def handle_exception(datasette, request, exception):
    """An unknown _sort column (e.g. _sort=rank) is a bad request, not a
    server error: 400, with where ranked results are."""
    message = str(exception)
    database = (request.url_vars or {}).get("database") if request else None
    if not (isinstance(exception, DatasetteError) and message.startswith("Cannot sort table by ")):
        return None
    if database and is_archive(datasette, tilde_decode(database)):
        message += ": for results ranked by relevance, use the 'search' query"
    if request.path.endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": 400, "title": None}, status=400)

    async def inner():
        html = await datasette.render_template(
            "error.html", {"ok": False, "error": message, "status": 400, "title": "Bad request"}, request=request)
        return Response.html(html, status=400)

    return inner


@hookimpl
def register_routes():
    return [(r"^/-/wellness/capture/(?P<database>[^/]+)/(?P<id>\d+)$", raw_capture)]


async def raw_capture(datasette, request):
    """A capture's raw page, decompressed, as inert text (never as HTML)."""
    from wellness_archiver.archive.captures import decompress

    database = tilde_decode(request.url_vars["database"])
    if not is_archive(datasette, database):
        return Response.text("Not an archive", status=404)
    await datasette.ensure_permissions(
        request.actor, [("view-table", (database, "captures")), ("view-database", database), "view-instance"]
    )
    row = (await datasette.get_database(database).execute(
        "select body, body_encoding, noarchive from captures where id = ?", [int(request.url_vars["id"])]
    )).first()
    if row is None:
        return Response.text("No such capture", status=404)
    if row["body"] is None:
        return Response.text("Not kept: the page said noarchive" if row["noarchive"] else "No body stored", status=404)
    body = decompress(row["body"], row["body_encoding"]) or b""
    return Response(
        body.decode("utf-8", "replace"),
        content_type="text/plain; charset=utf-8",
        headers={"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"},
    )
