"""Commands for the archive of earlier fact-checks and for search: import-factchecks, search, match."""

from __future__ import annotations

import json

import click

from .common import Progress, cli, db_option, load_model, model_option, open_store
from .output import emit, format_option


def _parse_map(ctx, param, values) -> dict[str, str]:
    mapping = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"{value!r}: use FIELD=COLUMN, e.g. claim=Behauptung")
        mapping[field.strip()] = column.strip()
    return mapping


@cli.command("import-factchecks")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    callback=_parse_map,
    metavar="FIELD=COLUMN",
    help="Read FIELD from COLUMN (repeatable), e.g. --map claim=Behauptung. Fields: claim, verdict, publisher, "
    "url, title, date, claimant, id, lang.",
)
@click.option(
    "--publisher", default="", help="Publisher of every item (replaces the files' author/publisher fields)."
)
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input files.")
@db_option
@model_option
def import_factchecks_command(paths, mapping, publisher, encoding, db_path, model):
    """Import earlier fact-checks (the archive) from .jsonl, .csv/.tsv, .json or ClaimReview .jsonld files
    or folders, then mark the article claims they already checked. Fields are recognised by common names
    (claim/vclaim/claimReviewed/text, verdict/rating/truth_label, url, date, publisher/author, speaker...);
    --map names others. Items already stored are skipped; any bad input stores nothing."""
    from ..formats.factchecks import MAX_CLAIM_CHARS, MAX_TITLE_CHARS, read_factchecks
    from ..formats.files import describe_bad_lines
    from ..pipeline import import_factchecks

    cut = []
    try:
        items = read_factchecks(list(paths), mapping, encoding=encoding, publisher=publisher, cut=cut)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if cut:
        click.echo(
            f"note: {len(cut)} item(s) had a claim over {MAX_CLAIM_CHARS:,} or a title over {MAX_TITLE_CHARS:,}"
            f" characters and were cut to that length: {describe_bad_lines(cut)}",
            err=True,
        )
    db = open_store(db_path)
    try:
        report = import_factchecks(db, items, load_model(model), progress=Progress())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    matched = report.matched_claims
    click.echo(
        f"{report.added:,} fact-checks added, {report.skipped:,} already stored; "
        f"{matched:,} article claim{' matches' if matched == 1 else 's match'} one"
    )


def _refresh_search_vectors(db, embedder) -> None:
    """Embed stored claims that lack a vector of this model; the pipeline (a fifth of a second of imports)
    only when some do."""
    from ..search import claims_lack_vectors

    # a database opened read-only stores nothing: claims without a vector are found by their words only
    if not db.read_only and claims_lack_vectors(db, embedder.name):
        from ..pipeline import refresh_claim_vectors

        refresh_claim_vectors(db, embedder)


scope_option = click.option(
    "--scope",
    type=click.Choice(["all", "claims", "factchecks"]),
    default="all",
    show_default=True,
    help="Search article claims, the archive of earlier fact-checks, or both.",
)


@cli.command()
@click.argument("text")
@click.option("--k", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many results.")
@scope_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
@model_option
def search(text, k, scope, as_json, db_path, model):
    """Find the stored claims and earlier fact-checks most similar to TEXT (keywords and meaning)."""
    from dataclasses import asdict

    from ..search import MAX_QUERY_CHARS, limit_query
    from ..search import search as search_claims

    if limit_query(text)[1]:
        click.echo(f"note: the search text was cut to its first {MAX_QUERY_CHARS:,} characters", err=True)
    try:
        db, embedder = open_store(db_path), load_model(model)
        _refresh_search_vectors(db, embedder)
        hits = search_claims(db, text, embedder, k, scope)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(
            json.dumps([asdict(h) | {"match_id": h.match_id} for h in hits], ensure_ascii=False, indent=2)
        )
        return
    for h in hits:
        state = f"{h.status}/{h.verdict or '-'}" if h.kind == "claim" else f"fact-check: {h.verdict or '-'}"
        words = f"  (words: {', '.join(h.matched)})" if h.matched else ""
        click.echo(f"{h.score:6.2f}  {h.kind} {h.match_id}  {h.source}  [{state}]  {h.text}{words}")


MATCH_COLUMNS = [
    "query_index", "query", "rank", "score", "match_id", "match_text", "verdict", "source",
    "kind", "cosine", "bm25", "matched_words", "speaker", "date", "url",
]  # fmt: skip


@cli.command()
@click.argument("queries")
@click.option("--k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per query.")
@format_option(["csv", "json"], "csv")
@scope_option
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of QUERIES.")
@db_option
@model_option
def match(queries, k, fmt, scope, encoding, db_path, model):
    """Batch search: the best matches for each query in QUERIES.

    QUERIES is a .txt file with one query per line, a .csv file with a `text` column, or - (stdin).
    Prints one row per hit: query_index (0-based), query, rank (1-based), score, match_id (the archive
    item's own id, or the claim id), match_text, verdict, source, and kind, cosine, bm25, matched_words,
    speaker, date, url.
    """
    from ..formats.articles import read_texts
    from ..formats.files import IngestError
    from ..search import MAX_QUERY_CHARS, limit_query
    from ..search import match as match_queries

    try:
        texts = read_texts(queries, encoding=encoding)
        cut = [i for i, text in enumerate(texts) if limit_query(text)[1]]
        if cut:
            listed = ", ".join(map(str, cut[:10])) + (f" and {len(cut) - 10} more" if len(cut) > 10 else "")
            click.echo(
                f"note: {len(cut)} quer{'y' if len(cut) == 1 else 'ies'} over {MAX_QUERY_CHARS:,} characters"
                f" cut to that length (query_index {listed})",
                err=True,
            )
        db, embedder = open_store(db_path), load_model(model)
        _refresh_search_vectors(db, embedder)
        results = match_queries(db, texts, embedder, k, scope)
    except (IngestError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    rows = [
        {
            "query_index": qi,
            "query": text,
            "rank": rank,
            "score": h.score,
            "match_id": h.match_id,
            "match_text": h.text,
            "verdict": h.verdict,
            "source": h.source,
            "kind": h.kind,
            "cosine": "" if h.cosine is None else round(h.cosine, 4),
            "bm25": "" if h.bm25 is None else round(h.bm25, 3),
            "matched_words": " ".join(h.matched),
            "speaker": h.speaker,
            "date": h.date,
            "url": h.url,
        }  # fmt: skip
        for qi, (text, hits) in enumerate(zip(texts, results))
        for rank, h in enumerate(hits, 1)
    ]
    emit(rows, MATCH_COLUMNS, fmt)
