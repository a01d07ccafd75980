"""Commands around the database: export, backup, and the web app (serve, demo)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import config
from .common import Progress, cli, db_option, load_model, model_option, open_store
from .output import write_file


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "claimreview"]),
    default="csv",
    show_default=True,
    help="csv: one row per claim with its group and review; claimreview: schema.org ClaimReview JSON-LD "
    "(a JSON array) of the claims whose review is done and has a verdict.",
)
@click.option(
    "--organisation",
    envvar=config.ORGANISATION_ENV,
    default="",
    help="ClaimReview: the fact-checking organisation, named as author [default: $WORKBENCH_ORGANISATION].",
)
@click.option(
    "--url-template",
    envvar=config.URL_TEMPLATE_ENV,
    default="",
    metavar="TEMPLATE",
    help="ClaimReview: the address of each fact-check, with {claim_id} and/or {article_id}, e.g. "
    "https://factcheck.example.org/claims/{claim_id} [default: $WORKBENCH_URL_TEMPLATE, else no url].",
)
@click.option(
    "--labels",
    type=click.Choice(["en", "de"], case_sensitive=False),
    envvar=config.LABELS_ENV,
    default="en",
    help="ClaimReview: language of the verdict words (alternateName) [default: $WORKBENCH_LABELS, else en].",
)
@click.option(
    "--include-boilerplate",
    is_flag=True,
    help="CSV: also the sentences kept aside as page furniture (kind boilerplate) [default: left out].",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="File [stdout]."
)
@db_option
def export(fmt, organisation, url_template, labels, include_boilerplate, output, db_path):
    """Export verdicts: the verdict CSV (one row per claim with its group and review), or with --format
    claimreview schema.org ClaimReview JSON-LD to publish, which import-factchecks reads back."""
    if fmt == "csv":
        ctx = click.get_current_context()
        given = [
            f"--{name.replace('_', '-')}"
            for name in ("organisation", "url_template", "labels")
            if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
        ]
        if given:
            raise click.UsageError(f"{', '.join(given)} only apply to --format claimreview")
        from ..export import export_rows, to_csv

        text = to_csv(export_rows(open_store(db_path), include_boilerplate=include_boilerplate))
    else:
        from ..export import claim_reviews, unpublished_verdicts
        from ..formats.claimreview import to_jsonld

        db = open_store(db_path)
        try:
            reviews = claim_reviews(db, organisation=organisation, url_template=url_template, labels=labels)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        text = to_jsonld(reviews)
        waiting = unpublished_verdicts(db)
        click.echo(
            f"{len(reviews)} ClaimReview(s)"
            + (f"; {waiting} claim(s) with a verdict not done yet left out" if waiting else "")
            + ("" if organisation.strip() else "; no --organisation, so no author"),
            err=True,
        )
    if output:
        write_file(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("target", type=click.Path(dir_okay=False))
@db_option
def backup(target, db_path):
    """Write a consistent copy of the database to TARGET (a new file), safe while others are working; it
    gets its name only once it is whole and checked. To restore: check it (workbench check --db TARGET), stop
    every workbench process, then copy TARGET over the database file."""
    db = open_store(db_path)
    try:
        path = db.backup(target)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    size = path.stat().st_size
    click.echo(f"backed up {db_path or config.db_path()} to {path} ({size:,} bytes, integrity ok)")


@cli.command()
@db_option
def check(db_path):
    """Check a database or a backup: SQLite's integrity check, the schema version, and how many articles,
    claims, reviews and fact-checks it holds. Exit code 1 if it is damaged."""
    db = open_store(db_path)
    found = db.check()
    name = db_path or config.db_path()
    if found["integrity"] != "ok":
        raise click.ClickException(
            f"{name} is damaged ({found['integrity']}); restore it from a backup (README: Backup and restore)"
        )
    counts = found["counts"]
    click.echo(
        f"{name}: integrity ok; schema {found['schema']}; {counts['articles']:,} articles, "
        f"{counts['claims']:,} claims, {counts['reviews']:,} reviews, {counts['factchecks']:,} fact-checks"
    )


def _serve(db_path: str, port: int, model: str | None, headless: bool) -> None:
    import subprocess

    app = Path(__file__).parents[1] / "ui" / "app.py"
    env = config.child_environment(str(Path(db_path).resolve()), model)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    if headless:
        cmd += ["--server.headless", "true"]
    click.echo(f"Claim Workbench on {db_path}: http://localhost:{port}  (Ctrl-C stops it)", err=True)
    if os.name == "posix":
        # become the server: a signal sent to this process (a service manager's or a test's SIGTERM) then
        # stops Streamlit itself instead of orphaning a child server on the port
        sys.stderr.flush()
        os.execve(sys.executable, cmd, env)
    try:
        sys.exit(subprocess.call(cmd, env=env))
    except KeyboardInterrupt:
        pass


serve_options = [
    click.option("--port", type=int, default=8501, show_default=True),
    click.option("--headless", is_flag=True, help="Do not open a browser."),
]


def _with(options):
    def decorate(f):
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


@cli.command()
@_with(serve_options)
@db_option
@model_option
def serve(port, headless, db_path, model):
    """Start the web app on a database."""
    open_store(db_path)  # creates it, and fails here with a clear message rather than inside the app
    _serve(db_path or config.db_path(), port, model, headless)


@cli.command()
@_with(serve_options)
@db_option
@model_option
def demo(port, headless, db_path, model):
    """Seed the database with the two bundled sample articles and start the web app on it."""
    from ..pipeline import seed_samples

    db = open_store(db_path)
    report = seed_samples(db, load_model(model), progress=Progress())
    click.echo(f"samples: {len(report.added)} added, {report.skipped} already stored", err=True)
    _serve(db_path or config.db_path(), port, model, headless)
