"""Commands for reviews: review, group-verdict, request-second-review, second-review, disagreements,
resolve, agreement, history."""

from __future__ import annotations

import click

from ..records import STANCES, STATUSES, VERDICTS
from .common import acting_account, cli, db_option, identity_options, open_store
from .output import emit, format_option


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
@identity_options
@click.option(
    "--if-version",
    type=click.IntRange(0),
    default=None,
    help="Save only if the review is still at this version (as printed when it was read); else show what "
    "changed meanwhile and save nothing.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace a verdict another account gave (without it, such a change is refused and names them).",
)
@db_option
def review(
    claim_id,
    status,
    verdict,
    note,
    evidence,
    stance,
    evidence_note,
    as_,
    reviewer,
    if_version,
    overwrite,
    db_path,
):
    """Set a claim's status, verdict, note or evidence as the account --as; the change is kept in its
    history. Without any change it prints the claim's current review and its version (for --if-version).

    Evidence with a stance and a note: --evidence URL --stance refutes --evidence-note "census 2023"."""
    from ..records import ReviewError, VerdictOverwrite
    from ..review import get_review, set_review

    db = open_store(db_path)
    items = _evidence_items(evidence, stance, evidence_note)
    if status is None and verdict is None and note is None and not items:
        if not db.claims.exists(claim_id):
            raise click.ClickException(f"no claim with id {claim_id}")
        r = get_review(db, claim_id)
    else:
        try:
            r = set_review(
                db,
                claim_id,
                status=status,
                verdict="" if verdict == "none" else verdict,
                note=note,
                evidence=items,
                reviewer=acting_account(db, as_, reviewer, "review"),
                expected_version=if_version,
                overwrite=overwrite,
            )
        except VerdictOverwrite as exc:
            raise click.ClickException(f"{exc} (add --overwrite)") from exc
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


@cli.command("group-verdict")
@click.argument("group_id", type=int)
@click.argument("verdict", type=click.Choice(VERDICTS))
@click.option("--note", default="", help="Why: kept with the group verdict (members' own notes stay).")
@identity_options
@db_option
def group_verdict(group_id, verdict, note, as_, reviewer, db_path):
    """Give VERDICT to every claim of group GROUP_ID, except claims whose verdict was set on the claim
    itself; claims that follow the group get later group verdicts too. Each change is kept in the claim's
    history as coming from the group. An editor's or admin's decision (--as)."""
    from ..records import ReviewError
    from ..review import set_group_verdict

    db = open_store(db_path)
    try:
        result = set_group_verdict(
            db, group_id, verdict, acting_account(db, as_, reviewer, "group_verdict"), note
        )
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"group {group_id}: {verdict} given to {len(result.updated)} claim(s)"
        + (f", {len(result.unchanged)} had it already" if result.unchanged else "")
        + (f"; kept their own verdict: claims {', '.join(map(str, result.kept))}" if result.kept else "")
        + (
            f"; left the group since its earlier verdict and keep that: claims {', '.join(map(str, result.left))}"
            if result.left
            else ""
        )
    )


@cli.command("request-second-review")
@click.argument("claim_ids", type=int, nargs=-1, required=True)
@identity_options
@db_option
def request_second_review_command(claim_ids, as_, reviewer, db_path):
    """Mark CLAIM_IDS (each with a verdict) for a blind second review by someone other than the reviewer who
    gave the verdict and you (--as); their status becomes needs_second_review."""
    from ..records import ReviewError
    from ..review import request_second_review

    db = open_store(db_path)
    who = acting_account(db, as_, reviewer, "review")
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
@identity_options
@db_option
def second_review_command(claim_id, verdict, note, as_, reviewer, db_path):
    """Give the blind second VERDICT on CLAIM_ID (marked by request-second-review) as the account --as; you
    cannot be the first reviewer or whoever asked for it, and the first verdict is shown only once yours is
    recorded."""
    from ..records import ReviewError
    from ..review import second_review

    db = open_store(db_path)
    try:
        second = second_review(db, claim_id, acting_account(db, as_, reviewer, "review"), verdict, note)
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
@format_option()
@db_option
def disagreements_command(all_, fmt, db_path):
    """List claims whose first and second verdicts differ (unresolved ones unless --all); settle each with
    `workbench resolve`."""
    from ..claims import claim_texts
    from ..review import reviewer_disagreements

    db = open_store(db_path)
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
        for d in reviewer_disagreements(db, include_resolved=all_)
    ]
    emit(rows, DISAGREEMENT_COLUMNS, fmt, _disagreements_table)


def _disagreements_table(rows: list[dict]) -> None:
    for r in rows:
        resolved = f" -> {r['resolved_verdict']} ({r['resolved_by']})" if r["resolved_verdict"] else ""
        click.echo(
            f"{r['claim_id']:>5}  {r['first_reviewer']}: {r['first_verdict']}  "
            f"{r['second_reviewer']}: {r['second_verdict']}{resolved}  {r['claim']}"
        )


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("verdict", type=click.Choice(VERDICTS))
@identity_options
@db_option
def resolve(claim_id, verdict, as_, reviewer, db_path):
    """Settle a claim after its second review: VERDICT becomes its final verdict (status done), kept in its
    history as a resolution. An editor's or admin's decision (--as)."""
    from ..records import ReviewError
    from ..review import resolve as resolve_claim

    db = open_store(db_path)
    try:
        r = resolve_claim(db, claim_id, verdict, acting_account(db, as_, reviewer, "resolve"))
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"claim {claim_id}: {r.status}, verdict {r.verdict} (version {r.version})")


@cli.command()
@format_option()
@db_option
def agreement(fmt, db_path):
    """Agreement between reviewers over the claims one reviewed first and the other second: per pair the
    number of claims (n), raw agreement and Cohen's kappa (empty when undefined: one verdict throughout)."""
    from dataclasses import asdict

    from ..agreement import AGREEMENT_COLUMNS
    from ..agreement import agreement as pair_agreement

    pairs = pair_agreement(open_store(db_path))
    rows = [
        asdict(p) | {"raw": round(p.raw, 4), "kappa": None if p.kappa is None else round(p.kappa, 4)}
        for p in pairs
    ]
    emit(rows, AGREEMENT_COLUMNS, fmt, _agreement_table)


def _agreement_table(rows: list[dict]) -> None:
    if not rows:
        click.echo("no claim has both a first and a second review yet")
    for r in rows:
        kappa = "-" if r["kappa"] is None else f"{r['kappa']:.3f}"
        click.echo(f"{r['reviewer_a']} / {r['reviewer_b']}: n={r['n']}  raw={r['raw']:.3f}  kappa={kappa}")


@cli.command()
@click.argument("claim_id", type=int, required=False)
@format_option(["csv", "json"], "csv")
@db_option
def history(claim_id, fmt, db_path):
    """Every review change (of one claim, or all), oldest first. For one claim, a line on stderr says when its
    group changed under a group verdict (it left the group its verdict came from, or joined after it)."""
    from ..claims import get_claim
    from ..review import HISTORY_COLUMNS
    from ..review import history as review_history

    db = open_store(db_path)
    if claim_id is not None and get_claim(db, claim_id) is None:
        raise click.ClickException(f"no claim with id {claim_id}")
    emit(review_history(db, claim_id), HISTORY_COLUMNS, fmt)
    if claim_id is not None:
        from ..review import membership_note

        # on stderr, so the CSV or JSON on stdout stays whole
        if note := membership_note(db, claim_id):
            click.echo(f"claim {claim_id}: {note}", err=True)
