"""The ``wellness-archiver`` command line: the root group, loading each command when it runs.

Commands live in modules grouped by purpose (crawl, corpus, export, explore; serve and extract alone, for what they load);
the root group imports one only when that command is invoked, so ``--help``
and the extraction workers, which import this package as their parent's
``__main__``, load neither sqlite-utils nor Scrapy. Listing the commands
reads :data:`COMMANDS`, whose short help tests compare with each command's own.
"""

from __future__ import annotations

import importlib

import click

from wellness_archiver import __version__

# name: ("module:function", short help, as the command's docstring starts)
COMMANDS: dict[str, tuple[str, str]] = {
    "crawl": ("wellness_archiver.cli.crawl:crawl", "Crawl the blogs at URLS and store every post in the archive."),
    "demo": ("wellness_archiver.cli.crawl:demo", "Serve the bundled fixture blogs on 127.0.0.1 and crawl them."),
    "frontier": ("wellness_archiver.cli.crawl:frontier",
                 "The shared queue of a multi-worker crawl: pending, leased, done, per host, workers."),
    "merge": ("wellness_archiver.cli.crawl:merge",
              "Fold archive shards (one per frontier worker) into the archive OUT."),
    "serve": ("wellness_archiver.cli.serve:serve",
              "Explore an archive in Datasette: articles, ranked search, QA queries."),
    "stats": ("wellness_archiver.cli.explore:stats", "Counts of articles, pages, sites and errors in an archive."),
    "history": ("wellness_archiver.cli.explore:history",
                "Show how an article's text changed between crawls and re-extractions."),
    "extract": ("wellness_archiver.cli.extract:extract",
                "Extract the article from one page, to check extraction by hand."),
    "dedup": ("wellness_archiver.cli.corpus:dedup", "Recompute the duplicate clusters across all sites."),
    "reextract": ("wellness_archiver.cli.corpus:reextract",
                  "Extract every post again from its stored capture, with no network."),
    "import-warc": ("wellness_archiver.cli.corpus:import_warc",
                    "Import WARC or ARC files (wget --warc-file, Common Crawl, our own export)."),
    "forget": ("wellness_archiver.cli.corpus:forget",
               "Remove a post or a site for good, and keep it out of later crawls and imports."),
    "export": ("wellness_archiver.cli.export:export",
               "Export articles (or raw captures as WARC) with OUT.manifest.json beside OUT."),
    "datasheet": ("wellness_archiver.cli.export:datasheet",
                  "Write a Markdown datasheet of the archive, for a paper's appendix."),
}


def load(spec: str):
    """The object ``module:name``, its module imported now (a command's, or what
    one needs only with some option: crawl's --analyse, the analysis stack)."""
    modname, _, attr = spec.partition(":")
    return getattr(importlib.import_module(modname), attr)


class LazyGroup(click.Group):
    """click's lazily loading group (docs: "Lazily Loading Subcommands"), with
    the command list drawn from a static table so that listing loads nothing."""

    def __init__(self, *args, lazy_subcommands: dict[str, tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = lazy_subcommands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_subcommands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_subcommands:
            return self._lazy_load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def _lazy_load(self, cmd_name: str) -> click.Command:
        command = load(self.lazy_subcommands[cmd_name][0])
        if not isinstance(command, click.Command):
            raise ValueError(f"lazy loading of {cmd_name} gave {type(command).__name__}, not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help, from the table: no command module is imported."""
        rows = [(name, self.lazy_subcommands[name][1]) for name in self.list_commands(ctx)
                if name in self.lazy_subcommands]
        rows += [(name, command.get_short_help_str()) for name, command in self.commands.items()]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(sorted(rows))


@click.group(cls=LazyGroup, lazy_subcommands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wellness-archiver")
def cli():
    """Crawl wellness, therapy and mental-health blogs into a clean,
    searchable SQLite archive."""
