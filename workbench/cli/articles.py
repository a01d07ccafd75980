"""Commands for articles and their claims: speaker, ingest, articles, claims, score."""

from __future__ import annotations

import sys

import click

from .common import (
    Progress,
    account_name,
    acting_account,
    allow_private_option,
    as_option,
    cli,
    db_option,
    identity_options,
    keep_other_option,
    load_model,
    model_option,
    open_store,
)
from .output import emit, format_option

CLAIM_COLUMNS = [
    "claim_id",
    "article_id",
    "position",
    "start",
    "end",
    "span_start",
    "span_end",
    "speaker",
    "role",
    "kind",
    "checkworthiness",
    "claim",
    "sentence",
    "frame",
    "speaker_unclear",
]


def is_link(given: str) -> bool:
    """Whether a command-line argument is a link (``scheme://…``) rather than a path."""
    head, sep, _ = given.partition("://")
    return bool(sep) and head.isalpha()


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("name", required=False, default=None)
@click.option("--role", default="", help="The speaker's role or office (e.g. 'Sprecherin der Initiative').")
@click.option("--clear", is_flag=True, help="Remove the speaker: the claim is the outlet's own.")
@identity_options
@db_option
def speaker(claim_id, name, role, clear, as_, reviewer, db_path):
    """Correct the speaker of claim CLAIM_ID to NAME (with --role), or --clear it. The change is kept in the
    claim's history (who, when, old -> new), survives regrouping and a new ingest of the same text, and the
    export and ClaimReview use it."""
    from ..claims import set_speaker
    from ..records import ReviewError

    if clear == (name is not None):
        raise click.UsageError("give the speaker's NAME, or --clear to remove the speaker")
    if clear and role:
        raise click.UsageError("--role goes with a NAME, not with --clear")
    if name is not None and not name.strip():
        raise click.UsageError("NAME is empty: give the speaker's name, or --clear")
    db = open_store(db_path)
    try:
        claim = set_speaker(db, claim_id, name or "", role, acting_account(db, as_, reviewer, "review"))
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    who = (
        claim.speaker + (f" ({claim.role})" if claim.role else "")
        if claim.speaker
        else "no speaker (the outlet's own)"
    )
    click.echo(f"claim {claim_id}: {who}")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input files.")
@click.option(
    "--skip-bad-lines",
    is_flag=True,
    help="Ingest the good lines of .jsonl/.csv batches and report the bad ones [default: refuse a batch "
    "with any bad line, storing nothing].",
)
@click.option(
    "--outlet",
    "--source",
    "outlet",
    default="",
    help="The outlet of these articles, shown everywhere [default: a batch row's source, else the page's "
    "site name, else the link's host, else the file name].",
)
@click.option(
    "--date", default="", help="The publication date of these articles, YYYY-MM-DD [default: the page's]."
)
@allow_private_option
@keep_other_option
@as_option
@db_option
@model_option
def ingest(paths, encoding, skip_bad_lines, outlet, date, allow_private, keep_other, as_, db_path, model):
    """Add articles: .txt/.md files (first line = title), .html pages, folders, .jsonl/.csv batches
    (fields text and optional id, title, source, url, date), - for stdin, or http(s) links to web pages.
    Already stored texts are skipped. Any bad file stores nothing; a link that fails is reported on its own
    line and the other links still go in (the exit code is then 1). Links are fetched as an account (--as);
    files need none, and record the account when one is named."""
    from ..formats.files import MAX_LISTED_LINES, BadLinesError, IngestError, describe_bad_lines
    from ..pipeline import ingest_links, ingest_paths
    from ..records import check_date

    links = [p for p in paths if is_link(p)]
    files = [p for p in paths if not is_link(p)]
    try:
        date = check_date(date)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    db = open_store(db_path)
    # refused before anything is read or stored: links always need an account, files only one that is named
    by = acting_account(db, as_, "", "ingest") if links or account_name(as_, "") else None
    embedder = load_model(model)
    bad_lines = []
    failures: list[str] = []
    try:
        report = ingest_paths(
            db,
            files,
            embedder,
            encoding=encoding,
            progress=Progress(),
            skip_bad=skip_bad_lines,
            skipped=bad_lines,
            outlet=outlet,
            date=date,
            keep_other=keep_other,
            by=by,
        )
        if links:
            from_links, failures = ingest_links(
                db,
                links,
                embedder,
                allow_private=allow_private,
                outlet=outlet,
                date=date,
                keep_other=keep_other,
                progress=Progress(),
                by=by,
            )
            report = _combined(report, from_links)
    except BadLinesError as exc:
        why = (
            "no good lines" if skip_bad_lines else "nothing stored (--skip-bad-lines ingests the good lines)"
        )
        raise click.ClickException(f"{exc}; {why}") from exc
    except (IngestError, ValueError, PermissionError) as exc:  # PermissionError: disabled meanwhile
        raise click.ClickException(str(exc)) from exc
    for bad in bad_lines[:MAX_LISTED_LINES]:
        click.echo(f"skipped {bad}", err=True)
    if len(bad_lines) > MAX_LISTED_LINES:
        click.echo(f"skipped {len(bad_lines) - MAX_LISTED_LINES} more bad lines", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for v in report.versions:
        click.echo(
            f"note: article {v['article_id']} is a new version of article {v['replaces']} ({v['why']}):"
            f" {v['unchanged']} claims unchanged ({v['carried']} reviews carried), {v['changed']} changed,"
            f" {v['gone']} gone",
            err=True,
        )
    if report.long_sentences:
        from ..text.sentences import MAX_SENTENCE_CHARS

        click.echo(
            f"note: {report.long_sentences} sentence(s) over {MAX_SENTENCE_CHARS:,} characters were each cut"
            " into several claims",
            err=True,
        )
    for failure in failures:
        click.echo(f"failed: {failure}", err=True)
    click.echo(
        f"{len(report.added)} article(s) added, {report.skipped} already stored; {report.claims} claims; "
        f"{report.groups} groups of two or more claims"
        + (f"; {report.boilerplate} boilerplate sentence(s) kept aside" if report.boilerplate else "")
        + (f"; {len(bad_lines)} bad line(s) skipped: {describe_bad_lines(bad_lines)}" if bad_lines else "")
        + (f"; {len(failures)} link(s) failed" if failures else "")
    )
    if failures:
        sys.exit(1)


def _combined(first, second):
    """One report for files and links ingested one after the other (groups: after the last)."""
    from ..pipeline import IngestReport

    return IngestReport(
        added=first.added + second.added,
        skipped=first.skipped + second.skipped,
        claims=first.claims + second.claims,
        groups=second.groups if second.added else first.groups,
        boilerplate=first.boilerplate + second.boilerplate,
        notes=first.notes + second.notes,
    )


@cli.command()
@db_option
def articles(db_path):
    """List the stored articles: id, language, outlet, date, title; an article a newer version replaced
    says so ("replaced by N")."""
    from ..claims import list_articles

    for a in list_articles(open_store(db_path)):
        replaced = f"\t(replaced by {a.replaced_by})" if a.replaced_by else ""
        click.echo(f"{a.id}\t{a.lang}\t{a.outlet}\t{a.date}\t{a.title}{replaced}")


@cli.command()
@click.option("--article", "article_id", type=int, default=None, help="Only the claims of this article id.")
@format_option()
@click.option(
    "--order",
    type=click.Choice(["checkworthiness", "reading"]),
    default="checkworthiness",
    show_default=True,
    help="Most check-worthy first (the review queue), or in article and reading order.",
)
@click.option(
    "--include-boilerplate",
    is_flag=True,
    help="Also list page furniture kept aside (kind boilerplate: menus, share bars, bylines, lone dates).",
)
@db_option
def claims(article_id, fmt, order, include_boilerplate, db_path):
    """List claims with their speaker, role, kind, offsets and check-worthiness; the frame (the words that
    attribute the claim) and whether the speaker is unclear are in the CSV and JSON output."""
    from ..claims import get_article, list_claims

    db = open_store(db_path)
    if article_id is not None and get_article(db, article_id) is None:
        raise click.ClickException(f"no article with id {article_id}")
    rows = [
        {  # keys in the order of CLAIM_COLUMNS
            "claim_id": c.id,
            "article_id": c.article_id,
            "position": c.position,
            "start": c.start,
            "end": c.end,
            "span_start": c.span_start,
            "span_end": c.span_end,
            "speaker": c.speaker,
            "role": c.role,
            "kind": c.kind,
            "checkworthiness": round(c.checkworthiness, 3),
            "claim": c.text,
            "sentence": c.sentence,
            "frame": c.frame,
            "speaker_unclear": c.speaker_unclear,
        }
        for c in list_claims(db, article_id, include_boilerplate=include_boilerplate)
    ]
    if order == "checkworthiness":
        rows.sort(key=lambda r: -r["checkworthiness"])  # stable: ties stay in reading order
    emit(rows, CLAIM_COLUMNS, fmt, _claims_table)


def _claims_table(rows: list[dict]) -> None:
    for r in rows:
        speaker = (
            f" [{r['speaker']}]" if r["speaker"] else (" [speaker unclear]" if r["speaker_unclear"] else "")
        )
        kind = f" ({r['kind']})" if r["kind"] != "claim" else ""
        click.echo(
            f"{r['claim_id']:>5}  a{r['article_id']}  {r['checkworthiness']:.2f}{speaker}{kind}  {r['claim']}"
        )


@cli.command()
@click.argument("file")
@click.option("--explain", is_flag=True, help="Add a 'cues' column: the strongest reasons for each score.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input file.")
@click.option(
    "--vectors",
    is_flag=True,
    help="Embed the texts with the default model (multilingual-e5-small) and score them with the vector model,"
    " as ingest scores claims; without it the n-gram model scores them (faster, less accurate).",
)
def score(file, explain, encoding, vectors):
    """Check-worthiness of texts: FILE is a CSV with a 'text' column, a .txt file with one text per line,
    or - for lines on stdin. Prints CSV 'text,score' in input order. A score is a calibrated probability
    (0.7: about 7 in 10 such claims are worth checking); the model's decision thresholds are in the guide."""
    from ..formats.articles import read_texts
    from ..formats.files import IngestError
    from ..text import checkworthy

    try:
        texts = read_texts(file, encoding=encoding)
    except IngestError as exc:
        raise click.ClickException(str(exc)) from exc
    vecs: list = [None] * len(texts)
    if vectors and any(texts):
        embedder = load_model(checkworthy.E5_MODEL)
        if embedder.name != checkworthy.E5_MODEL:  # the vector model reads e5 vectors only
            raise click.ClickException(f"--vectors needs {checkworthy.E5_MODEL}, got {embedder.name}")
        given = [i for i, t in enumerate(texts) if t]
        for i, v in zip(given, embedder.encode([texts[i] for i in given])):
            vecs[i] = v
    scores = checkworthy.score_texts([t or "" for t in texts], vecs)
    rows = []
    for text, vector, s in zip(texts, vecs, scores):
        row = {"text": text, "score": s if text else 0.0}
        if explain:
            row["cues"] = (
                "; ".join(f"{c.label}: {c.words}" for c in checkworthy.explain(text, vector)) if text else ""
            )
        rows.append(row)
    emit(rows, ["text", "score", "cues"] if explain else ["text", "score"], "csv")
