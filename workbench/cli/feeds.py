"""Commands for feeds: follow, feeds, unfollow, poll."""

from __future__ import annotations

import sys

import click

from .common import (
    Progress,
    acting_account,
    allow_private_option,
    as_option,
    cli,
    db_option,
    keep_other_option,
    load_model,
    model_option,
    open_store,
)
from .output import emit, format_option

FEED_COLUMNS = ["id", "url", "outlet", "title", "articles", "polled_at", "result", "added_by", "polled_by"]


@cli.command()
@click.argument("feed_url")
@click.option(
    "--outlet", default="", help="The outlet of the feed's articles [default: each page's own site name]."
)
@allow_private_option
@as_option
@db_option
def follow(feed_url, outlet, allow_private, as_, db_path):
    """Follow an RSS or Atom feed: it is fetched once to check it is a feed; `workbench poll` then ingests
    its new items. An editor's or admin's choice (--as)."""
    from ..feeds import FeedError, follow
    from ..formats.files import IngestError
    from ..web import FetchError

    db = open_store(db_path)
    by = acting_account(db, as_, "", "feeds")
    try:
        feed = follow(db, feed_url, by=by, outlet=outlet, allow_private=allow_private)
    except (FeedError, FetchError, IngestError, PermissionError) as exc:
        raise click.ClickException(f"{exc}; not followed") from exc
    click.echo(f"following feed {feed.id}: {feed.title or feed.url} ({feed.url})")


@cli.command()
@format_option()
@db_option
def feeds(fmt, db_path):
    """List the followed feeds with their last poll and its result, and who followed and last polled each."""
    from ..feeds import list_feeds

    rows = [
        {
            "id": f.id,
            "url": f.url,
            "outlet": f.outlet,
            "title": f.title,
            "articles": f.articles,
            "polled_at": f.polled_at,
            "result": f.result,
            "added_by": f.added_by,
            "polled_by": f.polled_by,
        }
        for f in list_feeds(open_store(db_path))
    ]
    emit(rows, FEED_COLUMNS, fmt, _feeds_table)


def _feeds_table(rows: list[dict]) -> None:
    if not rows:
        click.echo("no feeds followed (workbench follow FEED_URL)")
    for r in rows:
        outlet = f" [{r['outlet']}]" if r["outlet"] else ""
        by = f" by {r['polled_by']}" if r["polled_by"] else ""
        last = f"last poll {r['polled_at']}{by}: {r['result']}" if r["polled_at"] else "not polled yet"
        click.echo(f"{r['id']:>3}  {r['url']}{outlet}  {r['articles']} article(s); {last}")


@cli.command()
@click.argument("feed")
@as_option
@db_option
def unfollow(feed, as_, db_path):
    """Stop following a feed, named by its id or address; the articles it brought stay. An editor's or
    admin's choice (--as)."""
    from ..feeds import FeedError, unfollow

    db = open_store(db_path)
    by = acting_account(db, as_, "", "feeds")
    try:
        gone = unfollow(db, feed, by)
    except (FeedError, PermissionError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"no longer following feed {gone.id}: {gone.url}")


@cli.command()
@allow_private_option
@keep_other_option
@as_option
@db_option
@model_option
def poll(allow_private, keep_other, as_, db_path, model):
    """Fetch every followed feed and ingest the items not seen before, as an account (--as; for cron, set
    $WORKBENCH_USER); one line per feed. Items and feeds that fail are tried again on the next poll. Exit
    code 1 if anything failed (for cron)."""
    from ..feeds import list_feeds, poll

    db = open_store(db_path)
    by = acting_account(db, as_, "", "ingest")
    if not list_feeds(db):
        click.echo("no feeds followed (workbench follow FEED_URL)")
        return
    try:
        results = poll(
            db,
            load_model(model),
            allow_private=allow_private,
            keep_other=keep_other,
            progress=Progress(),
            by=by,
        )
    except PermissionError as exc:  # disabled meanwhile
        raise click.ClickException(str(exc)) from exc
    for result in results:
        click.echo(f"feed {result.feed.id} {result.feed.url}: {result.line()}")
        for failure in result.failures[1:]:
            click.echo(f"  failed: {failure}", err=True)
        for skipped in result.skipped:
            click.echo(f"  skipped: {skipped}", err=True)
    if any(r.failed for r in results):
        sys.exit(1)
