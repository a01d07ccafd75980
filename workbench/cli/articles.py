"""Commands for articles and their claims: ingest, articles, claims, score."""

from __future__ import annotations

import click

from .common import Progress, cli, db_option, load_model, model_option, open_store
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
]


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input files.")
@click.option(
    "--skip-bad-lines",
    is_flag=True,
    help="Ingest the good lines of .jsonl/.csv batches and report the bad ones [default: refuse a batch "
    "with any bad line, storing nothing].",
)
@db_option
@model_option
def ingest(paths, encoding, skip_bad_lines, db_path, model):
    """Add articles: .txt/.md files (first line = title), .html pages, folders, .jsonl/.csv batches
    (fields text and optional id, title, source, url, date), or - for stdin. Already stored texts are skipped.
    Any bad input stores nothing."""
    from ..formats.files import MAX_LISTED_LINES, BadLinesError, IngestError, describe_bad_lines
    from ..pipeline import ingest_paths

    db = open_store(db_path)
    bad_lines = []
    try:
        report = ingest_paths(
            db,
            list(paths),
            load_model(model),
            encoding=encoding,
            progress=Progress(),
            skip_bad=skip_bad_lines,
            skipped=bad_lines,
        )
    except BadLinesError as exc:
        why = (
            "no good lines" if skip_bad_lines else "nothing stored (--skip-bad-lines ingests the good lines)"
        )
        raise click.ClickException(f"{exc}; {why}") from exc
    except (IngestError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for bad in bad_lines[:MAX_LISTED_LINES]:
        click.echo(f"skipped {bad}", err=True)
    if len(bad_lines) > MAX_LISTED_LINES:
        click.echo(f"skipped {len(bad_lines) - MAX_LISTED_LINES} more bad lines", err=True)
    if report.long_sentences:
        from ..text.sentences import MAX_SENTENCE_CHARS

        click.echo(
            f"note: {report.long_sentences} sentence(s) over {MAX_SENTENCE_CHARS:,} characters were each cut"
            " into several claims",
            err=True,
        )
    click.echo(
        f"{len(report.added)} article(s) added, {report.skipped} already stored; {report.claims} claims; "
        f"{report.groups} groups of two or more claims"
        + (f"; {len(bad_lines)} bad line(s) skipped: {describe_bad_lines(bad_lines)}" if bad_lines else "")
    )


@cli.command()
@db_option
def articles(db_path):
    """List the stored articles."""
    from ..claims import list_articles

    for a in list_articles(open_store(db_path)):
        click.echo(f"{a.id}\t{a.lang}\t{a.source}\t{a.title}")


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
@db_option
def claims(article_id, fmt, order, db_path):
    """List claims with their speaker, role, kind, offsets and check-worthiness."""
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
        }
        for c in list_claims(db, article_id)
    ]
    if order == "checkworthiness":
        rows.sort(key=lambda r: -r["checkworthiness"])  # stable: ties stay in reading order
    emit(rows, CLAIM_COLUMNS, fmt, _claims_table)


def _claims_table(rows: list[dict]) -> None:
    for r in rows:
        speaker = f" [{r['speaker']}]" if r["speaker"] else ""
        kind = f" ({r['kind']})" if r["kind"] != "claim" else ""
        click.echo(
            f"{r['claim_id']:>5}  a{r['article_id']}  {r['checkworthiness']:.2f}{speaker}{kind}  {r['claim']}"
        )


@cli.command()
@click.argument("file")
@click.option("--explain", is_flag=True, help="Add a 'cues' column: the strongest reasons for each score.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input file.")
def score(file, explain, encoding):
    """Check-worthiness of texts: FILE is a CSV with a 'text' column, a .txt file with one text per line,
    or - for lines on stdin. Prints CSV 'text,score' in input order; 0.5 and above means worth checking."""
    from ..formats.articles import read_texts
    from ..formats.files import IngestError
    from ..text import checkworthy

    try:
        texts = read_texts(file, encoding=encoding)
    except IngestError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = []
    for text in texts:
        row = {"text": text, "score": checkworthy.score(text) if text else 0.0}
        if explain:
            row["cues"] = (
                "; ".join(f"{c.label}: {c.words}" for c in checkworthy.explain(text)) if text else ""
            )
        rows.append(row)
    emit(rows, ["text", "score", "cues"] if explain else ["text", "score"], "csv")
