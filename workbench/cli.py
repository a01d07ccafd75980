"""The ``workbench`` command line: thin click commands over the library, no SQL here.

Heavy modules (numpy, the embedding model, streamlit) are imported inside commands so ``workbench --help``
answers at once.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from .db import default_db_path  # stdlib only: sqlite_utils is imported lazily
from .records import STANCES, STATUSES, VERDICTS

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

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Database file [default: $WORKBENCH_DB, else ./claims.db].",
)
model_option = click.option(
    "--model",
    default=None,
    help="Embedding model: the default offline 'multilingual-e5-small', 'all-MiniLM-L6-v2', or any "
    "sentence-transformers name or folder [default: $WORKBENCH_MODEL, else multilingual-e5-small].",
)


def _open(db_path: str | None):
    from .db import open_db

    try:
        return open_db(db_path or default_db_path())
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


def _embedder(model: str | None):
    from .embed import load_embedder

    try:
        return load_embedder(model)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


class _Progress:
    """Progress of long stages on stderr: a live counter on a terminal, one line per stage otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total:
            click.echo(f"\r{stage}: {done}/{total} done", err=True)
        elif self.tty and now - self.last > 0.2:
            click.echo(f"\r{stage}: {done}/{total}", err=True, nl=False)
            self.last = now


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claim-workbench")
def cli() -> None:
    """Claim Workbench: split articles into claims, group the same claim across outlets, review, export.

    Every command works on one SQLite database (--db, $WORKBENCH_DB, else ./claims.db).
    """


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
    from .ingest import MAX_LISTED_LINES, BadLinesError, IngestError, describe_bad_lines
    from .pipeline import ingest_paths

    db = _open(db_path)
    bad_lines = []
    try:
        report = ingest_paths(
            db,
            list(paths),
            _embedder(model),
            encoding=encoding,
            progress=_Progress(),
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
    click.echo(
        f"{len(report.added)} article(s) added, {report.skipped} already stored; {report.claims} claims; "
        f"{report.groups} groups of two or more claims"
        + (f"; {len(bad_lines)} bad line(s) skipped: {describe_bad_lines(bad_lines)}" if bad_lines else "")
    )


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
    from .archive import import_factchecks, read_factchecks

    try:
        items = read_factchecks(list(paths), mapping, encoding=encoding, publisher=publisher)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    db = _open(db_path)
    try:
        report = import_factchecks(db, items, _embedder(model), progress=_Progress())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    matched = report.matched_claims
    click.echo(
        f"{report.added:,} fact-checks added, {report.skipped:,} already stored; "
        f"{matched:,} article claim{' matches' if matched == 1 else 's match'} one"
    )


@cli.command()
@db_option
def articles(db_path):
    """List the stored articles."""
    from .ingest import list_articles

    for a in list_articles(_open(db_path)):
        click.echo(f"{a.id}\t{a.lang}\t{a.source}\t{a.title}")


@cli.command()
@click.option("--article", "article_id", type=int, default=None, help="Only the claims of this article id.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
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
    from .claims import list_claims
    from .export import to_csv
    from .ingest import get_article

    db = _open(db_path)
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
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(rows, CLAIM_COLUMNS), nl=False)
    else:
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
    from . import checkworthy
    from .export import to_csv
    from .ingest import IngestError, read_texts

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
    click.echo(to_csv(rows, ["text", "score", "cues"] if explain else ["text", "score"]), nl=False)


reviewer_option = click.option(
    "--reviewer", envvar="WORKBENCH_REVIEWER", default="", help="Your name [default: $WORKBENCH_REVIEWER]."
)


@cli.command()
@click.option(
    "--threshold", type=float, default=None, help="Confirm threshold [default: calibrated per model]."
)
@click.option(
    "--suggest", type=float, default=None, help="Suggest threshold [default: calibrated per model]."
)
@click.option("--regroup/--no-regroup", default=True, show_default=True, help="Regroup first, or only list.")
@click.option(
    "--min-sources", type=int, default=2, show_default=True, help="Show groups spanning this many articles."
)
@db_option
@model_option
def group(threshold, suggest, regroup, min_sources, db_path, model):
    """Regroup all claims (new claims are grouped at each ingest) and print the groups across sources,
    what differs between their claims, and the suggested links waiting for a reviewer.

    Reviewer decisions (accept, reject, merge, split) are applied by every regroup.
    """
    from .disagree import describe, disagreements
    from .group import list_groups
    from .group import regroup as regroup_all

    db = _open(db_path)
    if regroup:
        n_groups, n_claims = regroup_all(db, _embedder(model), threshold, suggest)
        click.echo(f"{n_groups} groups of two or more claims ({n_claims} claims)")
    for g in list_groups(db, min_sources=1):
        if (
            g.sources < min_sources
            and len({m.source for m in g.members} | {s.source for s in g.suggestions}) < min_sources
        ):
            continue
        click.echo(f"\ngroup {g.id}: {g.size} claims from {g.sources} articles")
        flags = disagreements([m.text for m in g.members], [m.lang for m in g.members])
        for m, diffs in zip(g.members, flags):
            speaker = f" [{m.speaker}]" if m.speaker else ""
            click.echo(f"  {m.claim_id:>5}  {m.similarity:.3f}  {m.source}{speaker}: {m.text}")
            for d in diffs:
                click.echo(f"         differs: {describe(d)}")
        for sg in g.suggestions:
            click.echo(
                f"  suggested: claim {sg.claim_id} ({sg.similarity:.3f} to {sg.via_claim}) {sg.source}: {sg.text}"
            )


def _decide_links(action: str, group_id: int, claims: tuple[int, ...], all_: bool, reviewer: str, db_path):
    from .group import accept_suggestions, list_groups, reject_suggestions

    db = _open(db_path)
    pending = {s.claim_id for g in list_groups(db, min_size=1) if g.id == group_id for s in g.suggestions}
    chosen = sorted(pending) if all_ else list(claims)
    if not chosen:
        raise click.ClickException(
            f"group {group_id} has no suggestions" if all_ else "name claims, or --all"
        )
    unknown = [c for c in chosen if c not in pending]
    if unknown:
        raise click.ClickException(f"not suggested for group {group_id}: {', '.join(map(str, unknown))}")
    decide = accept_suggestions if action == "accept" else reject_suggestions
    n = decide(db, [(c, group_id) for c in chosen], reviewer)
    click.echo(f"{n} suggestion(s) {action}ed for group {group_id}")


@cli.command()
@click.argument("group_id", type=int)
@click.argument("claims", type=int, nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every claim suggested for the group.")
@reviewer_option
@db_option
def accept(group_id, claims, all_, reviewer, db_path):
    """Accept suggested CLAIMS (or --all) into group GROUP_ID: they make the same assertion."""
    _decide_links("accept", group_id, claims, all_, reviewer, db_path)


@cli.command()
@click.argument("group_id", type=int)
@click.argument("claims", type=int, nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every claim suggested for the group.")
@reviewer_option
@db_option
def reject(group_id, claims, all_, reviewer, db_path):
    """Reject suggested CLAIMS (or --all) for group GROUP_ID: they assert something else; never suggested again."""
    _decide_links("reject", group_id, claims, all_, reviewer, db_path)


@cli.command()
@click.argument("group_ids", type=int, nargs=-1, required=True)
@reviewer_option
@db_option
def merge(group_ids, reviewer, db_path):
    """Merge groups GROUP_IDS into one (a claim alone is the group numbered like the claim)."""
    from .group import merge_groups

    try:
        click.echo(f"merged into group {merge_groups(_open(db_path), group_ids, reviewer)}")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("group_id", type=int)
@click.argument("claims", type=int, nargs=-1, required=True)
@reviewer_option
@db_option
def split(group_id, claims, reviewer, db_path):
    """Move CLAIMS out of group GROUP_ID into a group of their own; they never rejoin the others."""
    from .group import split_group

    try:
        click.echo(
            f"claims {', '.join(map(str, claims))} now form group {split_group(_open(db_path), group_id, claims, reviewer)}"
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("claim_id", type=int)
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Workflow status.")
@click.option(
    "--verdict", type=click.Choice(VERDICTS + ["none"]), default=None, help="Verdict ('none' clears it)."
)
@click.option("--note", default=None, help="Reviewer's note (replaces the previous note).")
@click.option(
    "--evidence",
    multiple=True,
    help="An evidence link (http/https); repeat for several. A link already there is not added twice.",
)
@click.option(
    "--stance",
    type=click.Choice(STANCES),
    multiple=True,
    help="What the --evidence link does to the claim [new links: context]. One --stance applies to every "
    "--evidence of the command; for several, give one per --evidence, paired in order. For a link already "
    "there it replaces the stored stance.",
)
@click.option(
    "--evidence-note",
    multiple=True,
    help="A note on the --evidence link, paired with the links like --stance (one for all, or one each).",
)
@click.option(
    "--reviewer", envvar="WORKBENCH_REVIEWER", default="", help="Your name [default: $WORKBENCH_REVIEWER]."
)
@click.option(
    "--if-version",
    type=click.IntRange(0),
    default=None,
    help="Save only if the review is still at this version (as printed when it was read); else show what "
    "changed meanwhile and save nothing.",
)
@db_option
def review(claim_id, status, verdict, note, evidence, stance, evidence_note, reviewer, if_version, db_path):
    """Set a claim's status, verdict, note or evidence; the change is kept in its history. Without any
    change it prints the claim's current review and its version (for --if-version).

    Evidence with a stance and a note: --evidence URL --stance refutes --evidence-note "census 2023"."""
    from .review import ReviewError, set_review

    try:
        r = set_review(
            _open(db_path),
            claim_id,
            status=status,
            verdict="" if verdict == "none" else verdict,
            note=note,
            evidence=_evidence_items(evidence, stance, evidence_note),
            reviewer=reviewer,
            expected_version=if_version,
        )
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"claim {claim_id}: {r.status}, verdict {r.verdict or '-'}"
        + (f", by {r.reviewer}" if r.reviewer else "")
        + f" (version {r.version})"
    )


def _evidence_items(links, stances, notes) -> list:
    """--evidence links paired with --stance and --evidence-note: none, one for all, or one per link."""
    if (stances or notes) and not links:
        raise click.UsageError("--stance and --evidence-note describe an --evidence link: give the link too")

    def paired(values, name):
        if not values:
            return [None] * len(links)
        if len(values) == 1:
            return list(values) * len(links)
        if len(values) == len(links):
            return list(values)
        raise click.UsageError(
            f"{len(links)} --evidence but {len(values)} {name}: give one {name} for all links, or one per "
            "link in the same order"
        )

    items = []
    for link, stance, note in zip(links, paired(stances, "--stance"), paired(notes, "--evidence-note")):
        given = {k: v for k, v in (("stance", stance), ("note", note)) if v is not None}
        # a bare link keeps the stance and note of a link already stored
        items.append({"url": link, **given} if given else link)
    return items


def _reviewer_required(reviewer: str) -> str:
    if not reviewer.strip():
        raise click.UsageError("name yourself with --reviewer or $WORKBENCH_REVIEWER")
    return reviewer.strip()


@cli.command("group-verdict")
@click.argument("group_id", type=int)
@click.argument("verdict", type=click.Choice(VERDICTS))
@click.option("--note", default="", help="Why: kept with the group verdict (members' own notes stay).")
@reviewer_option
@db_option
def group_verdict(group_id, verdict, note, reviewer, db_path):
    """Give VERDICT to every claim of group GROUP_ID, except claims whose verdict was set on the claim
    itself; claims that follow the group get later group verdicts too. Each change is kept in the claim's
    history as coming from the group."""
    from .review import ReviewError, set_group_verdict

    try:
        result = set_group_verdict(_open(db_path), group_id, verdict, _reviewer_required(reviewer), note)
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"group {group_id}: {verdict} given to {len(result.updated)} claim(s)"
        + (f", {len(result.unchanged)} had it already" if result.unchanged else "")
        + (f"; kept their own verdict: claims {', '.join(map(str, result.kept))}" if result.kept else "")
    )


@cli.command("request-second-review")
@click.argument("claim_ids", type=int, nargs=-1, required=True)
@reviewer_option
@db_option
def request_second_review_command(claim_ids, reviewer, db_path):
    """Mark CLAIM_IDS (each with a verdict) for a blind second review by someone other than the reviewer who
    gave the verdict; their status becomes needs_second_review."""
    from .review import ReviewError, request_second_review

    db = _open(db_path)
    who = _reviewer_required(reviewer)
    for claim_id in claim_ids:
        try:
            second = request_second_review(db, claim_id, who)
        except ReviewError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"claim {claim_id}: waits for a second review (first by {second.first_reviewer})")


@cli.command("second-review")
@click.argument("claim_id", type=int)
@click.argument("verdict", type=click.Choice(VERDICTS))
@click.option("--note", default="", help="Your note on the claim.")
@reviewer_option
@db_option
def second_review_command(claim_id, verdict, note, reviewer, db_path):
    """Give the blind second VERDICT on CLAIM_ID (marked by request-second-review); you cannot be the first
    reviewer, and the first verdict is shown only once yours is recorded."""
    from .review import ReviewError, second_review

    try:
        second = second_review(_open(db_path), claim_id, _reviewer_required(reviewer), verdict, note)
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    if second.disagrees:
        click.echo(
            f"claim {claim_id}: you said {second.verdict}, {second.first_reviewer} said {second.first_verdict};"
            " listed by `workbench disagreements` until resolved"
        )
    else:
        click.echo(f"claim {claim_id}: agrees with {second.first_reviewer} ({second.verdict})")


DISAGREEMENT_COLUMNS = [
    "claim_id", "claim", "first_reviewer", "first_verdict", "second_reviewer", "second_verdict",
    "second_note", "resolved_verdict", "resolved_by",
]  # fmt: skip


@cli.command("disagreements")
@click.option("--all", "all_", is_flag=True, help="Also the disagreements already resolved.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@db_option
def disagreements_command(all_, fmt, db_path):
    """List claims whose first and second verdicts differ (unresolved ones unless --all); settle each with
    `workbench resolve`."""
    from .claims import claim_texts
    from .review import disagreements

    db = _open(db_path)
    texts = claim_texts(db)
    rows = [
        {
            "claim_id": d.claim_id,
            "claim": texts.get(d.claim_id, ""),
            "first_reviewer": d.first_reviewer,
            "first_verdict": d.first_verdict,
            "second_reviewer": d.reviewer,
            "second_verdict": d.verdict,
            "second_note": d.note,
            "resolved_verdict": d.resolved_verdict,
            "resolved_by": d.resolved_by,
        }
        for d in disagreements(db, include_resolved=all_)
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        from .export import to_csv

        click.echo(to_csv(rows, DISAGREEMENT_COLUMNS), nl=False)
    else:
        for r in rows:
            resolved = f" -> {r['resolved_verdict']} ({r['resolved_by']})" if r["resolved_verdict"] else ""
            click.echo(
                f"{r['claim_id']:>5}  {r['first_reviewer']}: {r['first_verdict']}  "
                f"{r['second_reviewer']}: {r['second_verdict']}{resolved}  {r['claim']}"
            )


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("verdict", type=click.Choice(VERDICTS))
@reviewer_option
@db_option
def resolve(claim_id, verdict, reviewer, db_path):
    """Settle a claim after its second review: VERDICT becomes its final verdict (status done), kept in its
    history as a resolution."""
    from .review import ReviewError
    from .review import resolve as resolve_claim

    try:
        r = resolve_claim(_open(db_path), claim_id, verdict, _reviewer_required(reviewer))
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"claim {claim_id}: {r.status}, verdict {r.verdict} (version {r.version})")


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@db_option
def agreement(fmt, db_path):
    """Agreement between reviewers over the claims one reviewed first and the other second: per pair the
    number of claims (n), raw agreement and Cohen's kappa (empty when undefined: one verdict throughout)."""
    from dataclasses import asdict

    from .review import AGREEMENT_COLUMNS
    from .review import agreement as pair_agreement

    pairs = pair_agreement(_open(db_path))
    rows = [
        asdict(p) | {"raw": round(p.raw, 4), "kappa": None if p.kappa is None else round(p.kappa, 4)}
        for p in pairs
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        from .export import to_csv

        click.echo(to_csv(rows, AGREEMENT_COLUMNS), nl=False)
    elif not rows:
        click.echo("no claim has both a first and a second review yet")
    else:
        for r in rows:
            kappa = "-" if r["kappa"] is None else f"{r['kappa']:.3f}"
            click.echo(
                f"{r['reviewer_a']} / {r['reviewer_b']}: n={r['n']}  raw={r['raw']:.3f}  kappa={kappa}"
            )


@cli.command()
@click.argument("claim_id", type=int, required=False)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@db_option
def history(claim_id, fmt, db_path):
    """Every review change (of one claim, or all), oldest first."""
    from .claims import get_claim
    from .export import to_csv
    from .review import HISTORY_COLUMNS
    from .review import history as review_history

    db = _open(db_path)
    if claim_id is not None and get_claim(db, claim_id) is None:
        raise click.ClickException(f"no claim with id {claim_id}")
    rows = review_history(db, claim_id)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(to_csv(rows, HISTORY_COLUMNS), nl=False)


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

    from .search import search as search_claims

    try:
        hits = search_claims(_open(db_path), text, _embedder(model), k, scope)
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
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
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
    from .ingest import IngestError, read_texts
    from .search import match as match_queries

    try:
        texts = read_texts(queries, encoding=encoding)
        results = match_queries(_open(db_path), texts, _embedder(model), k, scope)
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
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from .export import to_csv

        click.echo(to_csv(rows, MATCH_COLUMNS), nl=False)


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
    envvar="WORKBENCH_ORGANISATION",
    default="",
    help="ClaimReview: the fact-checking organisation, named as author [default: $WORKBENCH_ORGANISATION].",
)
@click.option(
    "--url-template",
    envvar="WORKBENCH_URL_TEMPLATE",
    default="",
    metavar="TEMPLATE",
    help="ClaimReview: the address of each fact-check, with {claim_id} and/or {article_id}, e.g. "
    "https://factcheck.example.org/claims/{claim_id} [default: $WORKBENCH_URL_TEMPLATE, else no url].",
)
@click.option(
    "--labels",
    type=click.Choice(["en", "de"], case_sensitive=False),
    envvar="WORKBENCH_LABELS",
    default="en",
    help="ClaimReview: language of the verdict words (alternateName) [default: $WORKBENCH_LABELS, else en].",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="File [stdout]."
)
@db_option
def export(fmt, organisation, url_template, labels, output, db_path):
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
        from .export import export_rows, to_csv

        text = to_csv(export_rows(_open(db_path)))
    else:
        from .export import claim_reviews, to_jsonld, unpublished_verdicts

        db = _open(db_path)
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
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("target", type=click.Path(dir_okay=False))
@db_option
def backup(target, db_path):
    """Write a consistent copy of the database to TARGET (a new file), safe while others are working. To
    restore: stop every workbench process, then copy TARGET over the database file."""
    from .db import backup as backup_db

    db = _open(db_path)
    try:
        path = backup_db(db, target)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    size = path.stat().st_size
    click.echo(f"backed up {db_path or default_db_path()} to {path} ({size:,} bytes, integrity ok)")


def _serve(db_path: str, port: int, model: str | None, headless: bool) -> None:
    import subprocess

    app = Path(__file__).parent / "ui" / "app.py"
    env = dict(os.environ, WORKBENCH_DB=str(Path(db_path).resolve()))
    if model:
        env["WORKBENCH_MODEL"] = model
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
    _open(db_path)  # creates it, and fails here with a clear message rather than inside the app
    _serve(db_path or default_db_path(), port, model, headless)


@cli.command()
@_with(serve_options)
@db_option
@model_option
def demo(port, headless, db_path, model):
    """Seed the database with the two bundled sample articles and start the web app on it."""
    from .pipeline import seed_samples

    db = _open(db_path)
    report = seed_samples(db, _embedder(model), progress=_Progress())
    click.echo(f"samples: {len(report.added)} added, {report.skipped} already stored", err=True)
    _serve(db_path or default_db_path(), port, model, headless)
