"""``serve``: the archive in Datasette (its own module: Datasette loads only for it)."""

from __future__ import annotations

import click
from datasette.cli import serve as datasette_serve

from wellness_archiver.cli.common import existing_db_argument, open_archive


@click.command(context_settings={"ignore_unknown_options": True})
@existing_db_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port (0 picks a free one)")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED, metavar="[DATASETTE OPTIONS]...")
def serve(db_path, host, port, datasette_args):
    """Explore an archive in Datasette: articles, ranked search, QA queries.

    The research UI is the package's Datasette plugin, so plain
    `datasette DB` shows the same; other options go to `datasette serve`.

    Example:

    \b
        wellness-archiver serve archive.db --port 8001
        wellness-archiver serve archive.db --setting sql_time_limit_ms 5000 --open
    """
    with open_archive(db_path):  # an archive of this version, or a clear refusal
        pass
    datasette_serve.main(
        [db_path, "--host", host, "--port", str(port), "--setting", "facet_time_limit_ms", "500", *datasette_args],
        standalone_mode=True,
    )
