"""Commands around the database: export, backup, copy-db, and the web app (serve, demo)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import config
from ..store import display_name, is_postgres
from .common import (
    Progress,
    account_name,
    acting_account,
    cli,
    db_option,
    identity_options,
    load_model,
    model_option,
    open_store,
)
from .output import write_file


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "claimreview"]),
    default="csv",
    show_default=True,
    help="csv: one row per claim with its group and review (UTF-8 with a byte-order mark, for spreadsheets); "
    "claimreview: schema.org ClaimReview JSON-LD (a JSON array) of the claims whose review is done and has a "
    "verdict, which an editor or admin publishes (--as).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="csv: for German Excel, cells separated by ';' and decimals written with a comma.",
)
@click.option(
    "--organisation",
    envvar=config.ORGANISATION_ENV,
    default=None,
    help="ClaimReview: the fact-checking organisation, named as author [default: $WORKBENCH_ORGANISATION, "
    "else the desk's setting].",
)
@click.option(
    "--url-template",
    envvar=config.URL_TEMPLATE_ENV,
    default=None,
    metavar="TEMPLATE",
    help="ClaimReview: the address of each fact-check, with {claim_id} and/or {article_id}, e.g. "
    "https://factcheck.example.org/claims/{claim_id} [default: $WORKBENCH_URL_TEMPLATE, else the desk's "
    "setting, else no url].",
)
@click.option(
    "--labels",
    type=click.Choice(["en", "de"], case_sensitive=False),
    envvar=config.LABELS_ENV,
    default=None,
    help="ClaimReview: language of the verdict words (alternateName) [default: $WORKBENCH_LABELS, else the "
    "desk's setting].",
)
@identity_options
@click.option(
    "--include-boilerplate",
    is_flag=True,
    help="CSV: also the sentences kept aside as page furniture (kind boilerplate) [default: left out].",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="File [stdout]."
)
@db_option
def export(
    fmt, excel, organisation, url_template, labels, as_, reviewer, include_boilerplate, output, db_path
):
    """Export verdicts: the verdict CSV (one row per claim with its group and review), or with --format
    claimreview schema.org ClaimReview JSON-LD to publish, which import-factchecks reads back. With --as, the
    CSV leaves out what that account may not see yet (a first verdict before their blind second one)."""
    db = open_store(db_path)
    ctx = click.get_current_context()
    if fmt == "csv":
        given = [
            f"--{name.replace('_', '-')}"
            for name in ("organisation", "url_template", "labels")
            if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
        ]
        if given:
            raise click.UsageError(f"{', '.join(given)} only apply to --format claimreview")
        from ..export import csv_file, export_rows

        viewer = acting_account(db, as_, reviewer, "review") if account_name(as_, reviewer) else None
        rows = export_rows(db, viewer=viewer, include_boilerplate=include_boilerplate)
        data = csv_file(rows, excel_de=excel)
    else:
        if excel:
            raise click.UsageError("--excel only applies to --format csv")
        from ..export import claim_reviews, unpublished_verdicts
        from ..formats.claimreview import to_jsonld
        from ..settings import desk_settings

        publisher = acting_account(db, as_, reviewer, "publish")
        desk = desk_settings(db)
        organisation = desk.organisation if organisation is None else organisation
        try:
            reviews = claim_reviews(
                db,
                organisation=organisation,
                url_template=desk.url_template if url_template is None else url_template,
                labels=desk.labels if labels is None else labels,
                by=publisher,
            )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        data = to_jsonld(reviews).encode("utf-8")
        waiting = unpublished_verdicts(db)
        click.echo(
            f"{len(reviews)} ClaimReview(s)"
            + (f"; {waiting} claim(s) with a verdict not done yet left out" if waiting else "")
            + ("" if organisation.strip() else "; no --organisation, so no author"),
            err=True,
        )
    if output:
        write_file(output, data)
        click.echo(f"wrote {output}", err=True)
    else:
        stdout = click.get_binary_stream("stdout")
        stdout.write(data)
        stdout.flush()


@cli.command()
@click.argument("target", type=click.Path(dir_okay=False))
@db_option
def backup(target, db_path):
    """Write a consistent copy of the database to TARGET (a new file), safe while others are working; it
    gets its name only once it is whole and checked. To restore: check it (workbench check --db TARGET), stop
    every workbench process, then copy TARGET over the database file. A PostgreSQL database is backed up with
    the server's own pg_dump instead (the command says so)."""
    db = open_store(db_path)
    try:
        path = db.backup(target)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    size = path.stat().st_size
    click.echo(f"backed up {db_path or config.db_path()} to {path} ({size:,} bytes, integrity ok)")


@cli.command("copy-db")
@click.argument("source")
@click.argument("target")
def copy_db_command(source, target):
    """Copy a whole desk from SOURCE into the empty database TARGET: articles and their versions, claims,
    speaker changes, vectors, groups, suggestions, link decisions, reviews with their history, group
    verdicts, second reviews, the fact-check archive and its matches, feeds, accounts and sessions, settings.
    Each is a SQLite file or a PostgreSQL URL (postgresql://user:password@host:port/dbname), so a desk moves
    from SQLite to PostgreSQL and back; ids are kept, and every table is counted afterwards. Nothing is kept
    in TARGET if anything fails. Claim locks are not copied (they expire in minutes)."""
    from ..store import open_db
    from ..store.copy_db import copy_db

    if not is_postgres(source) and not Path(source).is_file():
        raise click.ClickException(f"{source} does not exist: nothing to copy")
    if not is_postgres(source) and not is_postgres(target) and Path(target).exists():
        if Path(target).resolve() == Path(source).resolve():
            raise click.ClickException(f"{target} is the source itself; choose another database")
    if source == target:
        raise click.ClickException("the source and the target are the same database")
    created = not is_postgres(target) and not Path(target).exists()
    src = dst = None
    try:
        try:
            src = open_db(source)
            dst = open_db(target)
        except (ValueError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
        try:
            copied = copy_db(src, dst, progress=Progress())
        except Exception as exc:
            told = (dst.explain(exc) or src.explain(exc)) if not isinstance(exc, ValueError) else None
            raise click.ClickException(told or str(exc)) from exc
    except BaseException:
        if dst is not None:
            dst.close()
            dst = None
        if created:  # the target file did not exist before: take away the empty database made for the copy
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        for opened in (src, dst):
            if opened is not None:
                opened.close()
    total = sum(copied.values())
    click.echo(
        f"copied {total:,} rows in {sum(1 for n in copied.values() if n)} tables from {display_name(source)} to "
        f"{display_name(target)}: {copied['articles']:,} articles, {copied['claims']:,} claims, "
        f"{copied['reviews']:,} reviews ({copied['review_history']:,} changes), {copied['accounts']:,} accounts; "
        "every table's count checked"
    )


@cli.command()
@db_option
def check(db_path):
    """Check a database or a backup: SQLite's integrity check (on PostgreSQL: that every table is there),
    the schema version, and how many articles, claims, reviews and fact-checks it holds. Exit code 1 if it
    is damaged."""
    db = open_store(db_path)
    found = db.check()
    name = display_name(db_path)
    if found["integrity"] != "ok":
        raise click.ClickException(
            f"{name} is damaged ({found['integrity']}); restore it from a backup (README: Backup and restore)"
        )
    counts = found["counts"]
    click.echo(
        f"{name}: integrity ok; schema {found['schema']}; {counts['articles']:,} articles, "
        f"{counts['claims']:,} claims, {counts['reviews']:,} reviews, {counts['factchecks']:,} fact-checks"
    )


LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"]


def _is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


def _host_names(host: str, public_names: tuple[str, ...]) -> list[str]:
    """The host names browsers may use for a server bound to ``host``: loopback names, ``host`` itself, the
    names given with --public-name, and for a wildcard address this machine's own names and addresses."""
    import socket

    names = [*LOOPBACK_NAMES]
    if not _is_wildcard(host):
        names.append(host)
    else:
        for name in {socket.gethostname(), socket.getfqdn()}:
            names.append(name)
            try:
                names.extend(socket.gethostbyname_ex(name)[2])
            except OSError:  # a machine name that does not resolve: only the name itself
                pass
    names.extend(public_names)
    return list(dict.fromkeys(n.strip().lower().strip("[]") for n in names if n.strip()))


def _check_exposure(db, host: str, public_names: tuple[str, ...]) -> None:
    """Refuse to serve beyond this machine while nobody would have to sign in."""
    from ..accounts import local_desk_open
    from ..records import is_loopback

    if local_desk_open(db) and (not is_loopback(host) or public_names):
        where = f"--host {host}" if not is_loopback(host) else "--public-name"
        raise click.ClickException(
            f"refusing {where} while this database has no account to sign in with: anyone who reaches the"
            " port could write. Add one first (`workbench user add NAME --role admin`), or serve on"
            " 127.0.0.1 (the default)"
        )


def _serve(db_path: str, port: int, model: str | None, headless: bool, host: str, names: list[str]) -> None:
    import subprocess

    server = Path(__file__).parents[1] / "ui" / "server.py"
    # a file is passed on as an absolute path (the server may run elsewhere); a PostgreSQL URL as it is
    target = db_path if is_postgres(db_path) else str(Path(db_path).resolve())
    env = config.child_environment(target, model, bind=host, hosts=names)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(server),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # users never see tracebacks (the console still logs them), no Deploy button or developer menu
        "--client.showErrorDetails",
        "none",
        "--client.toolbarMode",
        "minimal",
        # XSRF tokens on uploads, same-origin WebSockets, and no reloading of code from disk
        "--server.enableXsrfProtection",
        "true",
        "--server.enableCORS",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]
    for name in names:  # Streamlit's own WebSocket host check, besides ours (ui/web.py)
        cmd += ["--server.allowedHosts", name]
    if headless:
        cmd += ["--server.headless", "true"]
    shown = "localhost" if host in ("127.0.0.1", "::1", "localhost") else host
    if _is_wildcard(host):
        import socket

        shown = socket.gethostname()
    click.echo(
        f"Claim Workbench on {db_path}: http://{'[' + shown + ']' if ':' in shown else shown}:{port}"
        f"  (listening on {host}; answers to {', '.join(names)}; Ctrl-C stops it)",
        err=True,
    )
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
    click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="The address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 or an address of the machine "
        "opens it to the network, which needs accounts (`workbench user add`).",
    ),
    click.option(
        "--public-name",
        multiple=True,
        metavar="NAME",
        help="A host name browsers use to reach the server (a reverse proxy's, say); repeat for several. "
        "Requests naming any other host are refused.",
    ),
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
def serve(port, host, public_name, headless, db_path, model):
    """Start the web app on a database, on this machine only unless --host says otherwise. Everyone signs in
    with an account (`workbench user add`); a database without accounts, served on 127.0.0.1, opens as a
    local desk with one admin, "desk"."""
    db = open_store(db_path)  # creates it, and fails here with a clear message rather than inside the app
    _check_exposure(db, host, public_name)
    _serve(db_path or config.db_path(), port, model, headless, host, _host_names(host, public_name))


@cli.command()
@_with(serve_options)
@db_option
@model_option
def demo(port, host, public_name, headless, db_path, model):
    """Seed the database with the two bundled sample articles and start the web app on it (see serve)."""
    from ..pipeline import seed_samples

    db = open_store(db_path)
    _check_exposure(db, host, public_name)
    report = seed_samples(db, load_model(model), progress=Progress())
    click.echo(f"samples: {len(report.added)} added, {report.skipped} already stored", err=True)
    _serve(db_path or config.db_path(), port, model, headless, host, _host_names(host, public_name))
