"""Commands for groups of the same claim across outlets: group, accept, reject, merge, split."""

from __future__ import annotations

import click

from .common import (
    Progress,
    acting_account,
    cli,
    db_option,
    identity_options,
    load_model,
    model_option,
    open_store,
)


@cli.command()
@click.option(
    "--threshold",
    type=float,
    default=None,
    help="Confirm level: a probability with the pair judge (every language pair), else a cosine"
    " [default: calibrated per language pair / model].",
)
@click.option(
    "--suggest",
    type=float,
    default=None,
    help="Suggest level: a probability with the pair judge, else a cosine [default: calibrated].",
)
@click.option("--regroup/--no-regroup", default=True, show_default=True, help="Regroup first, or only list.")
@click.option(
    "--min-sources", type=int, default=2, show_default=True, help="Show groups spanning this many outlets."
)
@click.option(
    "--confirm-model-switch",
    is_flag=True,
    help="Regroup every stored group with --model although they were made with another model.",
)
@db_option
@model_option
def group(threshold, suggest, regroup, min_sources, confirm_model_switch, db_path, model):
    """Regroup all claims (new claims are grouped at each ingest) and print the groups across sources, each
    led by its canonical statement (*), with each member's judge probability (P) and cosine to it, what
    differs between their claims, and the suggested links waiting for a reviewer.

    Reviewer decisions (accept, reject, merge, split) are applied by every regroup. Groups made with
    another model are regrouped only with --confirm-model-switch.
    """
    from ..group import grouping_method, list_groups
    from ..pipeline import regroup_all
    from ..text.details import describe, differences

    db = open_store(db_path)
    if regroup:
        embedder = load_model(model)
        n_groups, n_claims = regroup_all(db, embedder, threshold, suggest, confirm_model_switch, Progress())
        click.echo(f"grouped by {grouping_method(embedder.name)}")
        click.echo(f"{n_groups} groups of two or more claims ({n_claims} claims)")
    for g in list_groups(db, min_sources=1):
        if not g.spans(min_sources):
            continue
        click.echo(f"\ngroup {g.id}: {g.size} claims from {g.sources} outlets")
        if line := _verdict_changes(db, g.id):
            click.echo(f"  {line}")
        flags = differences([m.text for m in g.members], [m.lang for m in g.members])
        for m, diffs in zip(g.members, flags):
            speaker = f" [{m.speaker}]" if m.speaker else ""
            how = "*      canonical " if m.canonical else f"P {_p(m.probability)} cos {m.similarity:.3f}"
            click.echo(f"  {m.claim_id:>5}  {how}  {m.source}{speaker}: {m.text}")
            if m.resolved:
                click.echo(f"         read as: {m.resolved}")
            for d in diffs:
                click.echo(f"         differs: {describe(d)}")
        for sg in g.suggestions:
            click.echo(
                f"  suggested: claim {sg.claim_id} (P {_p(sg.probability)}, cos {sg.similarity:.3f} to"
                f" {sg.via_claim}) {sg.source}: {sg.text}"
            )


def _verdict_changes(db, group_id: int) -> str:
    """How the group's members changed since its group verdict, in one line ("" when they did not)."""
    from ..review import group_verdict_changes

    changes = group_verdict_changes(db, group_id)
    if not changes or not (changes["joined"] or changes["left"]):
        return ""
    parts = [f"group verdict {changes['verdict']} by {changes['reviewer'] or 'someone'}"]
    if changes["joined"]:
        parts.append(f"joined after it, not covered: claims {', '.join(map(str, changes['joined']))}")
    if changes["left"]:
        parts.append(f"left since, keeping it: claims {', '.join(map(str, changes['left']))}")
    return "; ".join(parts)


def _p(probability: float | None) -> str:
    """A judge probability for a table column; "-" where grouping ran on cosine thresholds."""
    return f"{probability:.2f}" if probability is not None else "   -"


def _decide_links(
    action: str, group_id: int, claims: tuple[int, ...], all_: bool, as_: str, reviewer: str, db_path
):
    from ..group import accept_suggestions, list_groups, reject_suggestions

    db = open_store(db_path)
    account = acting_account(db, as_, reviewer, "links")
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
    n = decide(db, [(c, group_id) for c in chosen], account)
    click.echo(f"{n} suggestion(s) {action}ed for group {group_id}")


@cli.command()
@click.argument("group_id", type=int)
@click.argument("claims", type=int, nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every claim suggested for the group.")
@identity_options
@db_option
def accept(group_id, claims, all_, as_, reviewer, db_path):
    """Accept suggested CLAIMS (or --all) into group GROUP_ID: they make the same assertion. An editor's or
    admin's decision (--as)."""
    _decide_links("accept", group_id, claims, all_, as_, reviewer, db_path)


@cli.command()
@click.argument("group_id", type=int)
@click.argument("claims", type=int, nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every claim suggested for the group.")
@identity_options
@db_option
def reject(group_id, claims, all_, as_, reviewer, db_path):
    """Reject suggested CLAIMS (or --all) for group GROUP_ID: they assert something else; never suggested again.
    An editor's or admin's decision (--as)."""
    _decide_links("reject", group_id, claims, all_, as_, reviewer, db_path)


@cli.command()
@click.argument("group_ids", type=int, nargs=-1, required=True)
@identity_options
@db_option
def merge(group_ids, as_, reviewer, db_path):
    """Merge groups GROUP_IDS into one (a claim alone is the group numbered like the claim). An editor's or
    admin's decision (--as)."""
    from ..group import merge_groups

    db = open_store(db_path)
    account = acting_account(db, as_, reviewer, "links")
    try:
        click.echo(f"merged into group {merge_groups(db, group_ids, account)}")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("group_id", type=int)
@click.argument("claims", type=int, nargs=-1, required=True)
@identity_options
@db_option
def split(group_id, claims, as_, reviewer, db_path):
    """Move CLAIMS out of group GROUP_ID into a group of their own; they never rejoin the others. An
    editor's or admin's decision (--as)."""
    from ..group import split_group

    db = open_store(db_path)
    account = acting_account(db, as_, reviewer, "links")
    try:
        click.echo(
            f"claims {', '.join(map(str, claims))} now form group {split_group(db, group_id, claims, account)}"
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
