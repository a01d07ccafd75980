"""Reviewing claims: workflow status, verdict, note, evidence links with a stance, reviewer; every change kept
in a history. On top: verdicts given to a whole group, and blind second reviews (their agreement is
``agreement.py``). What is stored, and how, is the store's ``reviews`` family.

Every change is made by an account (``accounts.acting``: it exists, is active and its role may do it) and its
history row records that account's name. The blind rule is written once here (``withheld_claims``): while a
claim waits for its second verdict, only whoever gave the first verdict or asked for the second review sees
that first verdict, note and evidence; every page and export applies it through ``visible_reviews``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from .accounts import acting
from .records import (
    STANCES,
    STATUSES,
    VERDICTS,
    Evidence,
    GroupVerdictResult,
    Review,
    ReviewConflict,
    ReviewError,
    SecondReview,
    Stance,
    Status,
    VerdictOverwrite,
    clean_name,
    clean_text,
    is_web_url,
    same_person,
    utc_now,
)

if TYPE_CHECKING:
    from .records import Account
    from .store.base import Store


def check_evidence_url(url: str) -> str:
    """Return ``url`` stripped if it is an http(s) link; raise ReviewError otherwise.

    Only web links are accepted, so an evidence link can never be a ``javascript:`` or ``file:`` URL.
    """
    url = url.strip()
    if not is_web_url(url):
        raise ReviewError(f"evidence must be an http(s) link, got {url!r}")
    return url


# --- evidence ----------------------------------------------------------------------------------------------


def _incoming_evidence(item) -> tuple[str, str | None, str | None]:
    """(url, stance, note) of one evidence item given to set_review; None = not given, keep what is stored."""
    if isinstance(item, str):
        return check_evidence_url(item), None, None
    if isinstance(item, Evidence):
        url, stance, note = item.url, item.stance, item.note
    elif isinstance(item, dict):
        unknown = set(item) - {"url", "stance", "note"}
        if unknown or not isinstance(item.get("url"), str):
            raise ReviewError(f"an evidence item has a url and optionally a stance and a note, got {item!r}")
        url, stance, note = item["url"], item.get("stance"), item.get("note")
    else:
        raise ReviewError(f"evidence must be a link, an Evidence or a dict, got {item!r}")
    if stance is not None and stance not in STANCES:
        raise ReviewError(f"unknown stance {stance!r}; choose one of {', '.join(STANCES)}")
    if note is not None and not isinstance(note, str):
        raise ReviewError(f"an evidence note is text, got {note!r}")
    return check_evidence_url(url), stance, None if note is None else clean_text(note).strip()


def format_evidence(e: Evidence | dict | str) -> str:
    """One evidence item as a line of plain text: ``refutes: https://… (note)``. Escape it before Markdown."""
    url, stance, note = _incoming_evidence(e) if not isinstance(e, Evidence) else (e.url, e.stance, e.note)
    stance = stance or Stance.CONTEXT.value
    return f"{stance}: {url}" + (f" ({note})" if note else "")


# --- the review of a claim ---------------------------------------------------------------------------------


def get_review(db: Store, claim_id: int) -> Review:
    """The current review of a claim (``unreviewed`` with empty fields if nobody has touched it)."""
    return db.reviews.get(claim_id) or Review(claim_id=claim_id)


def current_reviews(db: Store) -> dict[int, Review]:
    """The review of every claim anybody has touched, by claim id."""
    return db.reviews.all()


def _content(r: Review) -> tuple:
    """What a change must alter to count as one (the reviewer's name alone is not a change)."""
    return (r.status, r.verdict, r.note, r.evidence_items, r.via_group)


def _write(
    db: Store,
    old: Review,
    new: Review,
    reviewer: str,
    source: str,
    via_group=None,
    verdict_by: str | None = None,
) -> Review:
    """Store ``new`` as the claim's review (one version on from ``old``) and record it in the history.

    ``reviewer`` is the acting account's name: it becomes the review's last reviewer, and the one who gave
    the verdict when the verdict changes. ``source`` says where the change came from (see migration m006);
    ``via_group`` the group of a group verdict; ``verdict_by`` names who gave the verdict when that is not
    ``reviewer`` (an undo restores someone's earlier verdict). Call inside a write transaction.
    """
    new.updated_at = utc_now()
    new.version = old.version + 1
    new.evidence = [e.url for e in new.evidence_items]
    new.reviewer = reviewer
    if verdict_by is not None:
        new.verdict_by = verdict_by if new.verdict else ""
    elif new.verdict != old.verdict:
        new.verdict_by = reviewer if new.verdict else ""
    db.reviews.save(new, reviewer, source, via_group)
    return new


def overwrites(old: Review, verdict: str, account: str) -> bool:
    """Whether giving ``verdict`` replaces another account's verdict on the claim (which asks first)."""
    return bool(old.verdict) and verdict != old.verdict and bool(old.verdict_by) and old.verdict_by != account


def _require_claim(db: Store, claim_id: int) -> None:
    if not db.claims.exists(claim_id):
        raise ReviewError(f"no claim with id {claim_id}")


def _require_verdict(verdict: str) -> None:
    if verdict not in VERDICTS:
        raise ReviewError(f"unknown verdict {verdict!r}; choose one of {', '.join(VERDICTS)}")


def set_review(
    db: Store,
    claim_id: int,
    *,
    status: str | None = None,
    verdict: str | None = None,
    note: str | None = None,
    evidence: Iterable[str | Evidence | dict] | None = None,
    reviewer: Account | str | None = None,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> Review:
    """Change a claim's review and record the change in its history; returns the new state.

    Fields left as ``None`` keep their value; ``verdict=""`` clears the verdict. ``evidence`` items are added
    to the claim's list (a link already there is not added twice). An item is a link (http/https), an
    ``Evidence``, or a dict with ``url`` and optionally ``stance`` (one of STANCES) and ``note``: a new link
    gets the stance and note given (default ``context``, no note); for a link already there, the stance and
    note given replace the stored ones, and a bare link changes nothing. A claim still ``unreviewed`` moves to
    ``in_progress`` when anything else changes without a status being given. A call that changes nothing
    records nothing.

    A verdict set here that differs from the claim's current one is the claim's own: later group verdicts
    leave it alone (see ``set_group_verdict``); saving the same verdict again keeps the claim following its
    group.

    ``expected_version`` is the ``Review.version`` the caller's edit was based on: if the review has changed
    since, nothing is written and ``ReviewConflict`` carries the current state, so no edit is overwritten
    unseen. Check and write happen under one write lock.

    ``reviewer`` is the acting account (records.PERMISSIONS "review"). Changing a verdict another account gave
    raises VerdictOverwrite naming them, unless ``overwrite`` says the user confirmed it. A name is taken as
    ``records.clean_name`` gives it and the note without invisible characters (bidi controls, zero-width
    characters), so neither can display as something it is not.
    """
    reviewer = _who(reviewer)
    note = None if note is None else clean_text(note)
    _require_claim(db, claim_id)
    if status is not None and status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    if verdict:
        _require_verdict(verdict)
    incoming = [_incoming_evidence(item) for item in evidence or []]

    with db.write():
        actor = acting(db, reviewer, "review")
        old = get_review(db, claim_id)
        items = {e.url: e for e in old.evidence_items}
        for url, stance, item_note in incoming:
            e = replace(items.get(url, Evidence(url)))
            e.stance = e.stance if stance is None else stance
            e.note = e.note if item_note is None else item_note
            items[url] = e
        new = Review(
            claim_id=claim_id,
            status=status if status is not None else old.status,
            verdict=verdict if verdict is not None else old.verdict,
            note=note if note is not None else old.note,
            evidence_items=list(items.values()),
            verdict_by=old.verdict_by,
        )
        new.via_group = old.via_group if new.verdict == old.verdict else None
        if _content(new) == _content(old):
            return old  # nothing to write, so nothing to overwrite either
        if expected_version is not None and old.version != expected_version:
            raise ReviewConflict(old, expected_version)
        if not overwrite and overwrites(old, new.verdict, actor.name):
            raise VerdictOverwrite(old, new.verdict)
        if status is None and old.status == Status.UNREVIEWED.value:
            new.status = Status.IN_PROGRESS.value
        return _write(db, old, new, actor.name, "claim")


def restore_review(
    db: Store, before: Review, reviewer: Account | str | None, expected_version: int
) -> Review:
    """Put a claim's review back to ``before`` (status, verdict, note, who gave the verdict, the group it
    follows) as a new change by ``reviewer``: the undo of the queue. Refused with ReviewConflict if the review
    is no longer at ``expected_version``."""
    _require_claim(db, before.claim_id)
    with db.write():
        actor = acting(db, reviewer, "review")
        old = get_review(db, before.claim_id)
        if old.version != expected_version:
            raise ReviewConflict(old, expected_version)
        new = replace(
            old, status=before.status, verdict=before.verdict, note=before.note, via_group=before.via_group
        )
        if _content(new) == _content(old):
            return old
        # the verdict restored is the one given before, by whoever gave it then
        return _write(db, old, new, actor.name, "claim", verdict_by=before.verdict_by)


HISTORY_COLUMNS = [
    "change_id",
    "claim_id",
    "changed_at",
    "reviewer",
    "status",
    "verdict",
    "note",
    "evidence",
    "stances",
    "source",
    "via_group",
    "speaker",
]


def history(db: Store, claim_id: int | None = None) -> list[dict]:
    """Every recorded change, oldest first, of one claim or of all; each row holds the state after the change.

    ``evidence`` lists the links, ``stances`` their stances in the same order, ``evidence_items`` each link
    with its stance and note (as dicts). ``source`` says where the change came from: ``claim`` (set on the
    claim), ``group`` (a group verdict; ``via_group`` names the group), ``second_review``, ``resolution``, or
    ``speaker``: a reviewer set the claim's speaker (``claims.set_speaker``); such a row says in ``speaker``
    what changed ("old (role) -> new (role)") and holds the review as it was then.
    """
    out = []
    state: dict[int, dict] = {}
    for change in db.reviews.history(claim_id):
        items = change["evidence_items"]
        row = {k: change[k] for k in HISTORY_COLUMNS[:7]}
        row |= {
            "evidence": [e.url for e in items],
            "stances": [e.stance for e in items],
            "source": change["source"],
            "via_group": change["via_group"],
            "evidence_items": [{"url": e.url, "stance": e.stance, "note": e.note} for e in items],
            "speaker": "",
        }
        out.append(row)
    blank = {
        "status": "unreviewed",
        "verdict": "",
        "note": "",
        "evidence": [],
        "stances": [],
        "evidence_items": [],
    }
    rows = [(r["changed_at"], 0, r) for r in out]
    for change in db.claims.speaker_changes(claim_id):
        if change["claim_id"] is None:
            continue

        def who(name: str, role: str) -> str:
            return (name or "(none)") + (f" ({role})" if role else "")

        row = {
            "change_id": f"s{change['change_id']}",
            "claim_id": change["claim_id"],
            "changed_at": change["changed_at"],
            "reviewer": change["changed_by"],
            "source": "speaker",
            "via_group": None,
            "speaker": f"{who(change['old_speaker'], change['old_role'])} -> {who(change['speaker'], change['role'])}",
        }
        rows.append((change["changed_at"], 1, row))
    rows.sort(key=lambda t: (t[0], t[1]))
    merged = []
    for _, _, row in rows:
        if row["source"] != "speaker":
            state[row["claim_id"]] = row
        else:  # the review as it stood when the speaker changed
            before = state.get(row["claim_id"], blank)
            row = {k: before[k] for k in blank} | row
            row = {k: row[k] for k in HISTORY_COLUMNS} | {"evidence_items": row["evidence_items"]}
        merged.append(row)
    return merged


def review_counts(db: Store) -> dict[str, int]:
    """How many claims are in each workflow status (claims nobody touched count as unreviewed)."""
    return db.reviews.status_counts()


# --- group verdicts ----------------------------------------------------------------------------------------


def set_group_verdict(
    db: Store, group_id: int, verdict: str, reviewer: Account | str | None, note: str = ""
) -> GroupVerdictResult:
    """Give every member of a group ``verdict``, except members whose verdict was set on the claim itself.

    A member follows the group while its verdict came from a group verdict (or it has none); a verdict set
    on the claim (``set_review``, ``resolve``) that differs from the one it had is an override, kept here
    and by every later group verdict. Each member changed gets one history row with source ``group`` and
    ``via_group``; its status moves from ``unreviewed`` to ``in_progress`` and its note is left alone: the
    group verdict and its ``note`` are recorded once in ``group_verdicts``. All in one transaction; an
    editor's or admin's change (records.PERMISSIONS "group_verdict").
    """
    if not verdict:
        raise ReviewError("a group verdict needs a verdict")
    _require_verdict(verdict)
    reviewer, note = _who(reviewer), clean_text(note)
    result = GroupVerdictResult(group_id, verdict)
    with db.write():
        actor = acting(db, reviewer, "group_verdict")
        members = db.groups.members(group_id)
        if not members:
            raise ReviewError(f"no group {group_id}")
        for claim_id in members:
            old = get_review(db, claim_id)
            if old.verdict and old.via_group is None:
                result.kept.append(claim_id)
                continue
            if (old.verdict, old.via_group) == (verdict, group_id):
                result.unchanged.append(claim_id)
                continue
            new = replace(old, verdict=verdict, via_group=group_id)
            if new.status == Status.UNREVIEWED.value:
                new.status = Status.IN_PROGRESS.value
            _write(db, old, new, actor.name, "group", group_id)
            result.updated.append(claim_id)
        # claims that followed this group's verdict and have left the group (a split, a regroup) are not
        # reached; said here, and by membership_note, so that nothing moves or stops silently
        result.left = [c for c in db.reviews.following(group_id) if c not in set(members)]
        db.reviews.add_group_verdict(group_id, verdict, note.strip(), actor.name, utc_now(), members)
    return result


def group_verdicts(db: Store, group_id: int | None = None) -> list[dict]:
    """Every verdict given to a group (or to all groups), newest first, with its note and reviewer."""
    return db.reviews.group_verdicts(group_id)


def group_verdict_changes(db: Store, group_id: int) -> dict | None:
    """How a group's membership changed under its latest group verdict; None when it has none.

    ``verdict``, ``reviewer``, ``decided_at`` of that verdict; ``covered``: the claims it was given to (None
    for a verdict stored before that was recorded); ``joined``: members now that it did not cover (they
    inherit nothing: a reviewer decides, e.g. with a new group verdict); ``left``: claims that follow a verdict
    given to this group and are no longer in it (they keep it, marked as given via a group they left).
    """
    given = db.reviews.group_verdicts(group_id)
    if not given:
        return None
    latest = given[0]
    members = db.groups.members(group_id)
    covered = latest["members"]
    return {
        "verdict": latest["verdict"],
        "reviewer": latest["reviewer"],
        "decided_at": latest["decided_at"],
        "covered": covered,
        "joined": [] if covered is None else [c for c in members if c not in set(covered)],
        "left": [c for c in db.reviews.following(group_id) if c not in set(members)],
    }


def membership_note(db: Store, claim_id: int) -> str:
    """One line on how a claim stands to group verdicts when its group changed under them ("" when nothing
    changed): its verdict was given via a group it has left, or it joined its group after the group's
    verdict and so did not get it."""
    group_id = db.groups.group_of(claim_id)
    review = db.reviews.get(claim_id)
    via = review.via_group if review is not None else None
    if via is not None and via != group_id:
        now = f" (now in group {group_id})" if group_id is not None else ""
        return f"verdict given via group {via}, which this claim has left{now}"
    if group_id is None:
        return ""
    changes = group_verdict_changes(db, group_id)
    if changes and claim_id in changes["joined"]:
        return (
            # no verdict named: it may be withheld from this viewer (the blind rule)
            f"joined after the group verdict of group {group_id}: not covered by it, for a reviewer to decide"
        )
    return ""


# --- blind second review -----------------------------------------------------------------------------------


def get_second_review(db: Store, claim_id: int) -> SecondReview | None:
    """The second review of a claim, if one was requested."""
    return db.reviews.second_review(claim_id)


def second_reviews(db: Store) -> list[SecondReview]:
    """Every second review, requested or done, by claim id."""
    return db.reviews.second_reviews()


def _who(reviewer: Account | str | None) -> Account | str | None:
    """An acting account as given: a name typed or passed in is taken as ``records.clean_name`` gives it (no
    invisible characters, so "anna" and "anna" + a zero-width space are one account)."""
    return clean_name(reviewer) if isinstance(reviewer, str) else reviewer


def _name(viewer: Account | str | None) -> str:
    """The account name of a viewer or actor ("" for nobody)."""
    return (getattr(viewer, "name", viewer) or "").strip()


def saw_first_review(second: SecondReview, viewer: Account | str | None) -> bool:
    """Whether ``viewer`` has seen the first review of a claim sent to a second review: they gave the first
    verdict or asked for the second review (they could not give it blind)."""
    name = _name(viewer)
    return bool(name) and (same_person(name, second.first_reviewer) or same_person(name, second.requested_by))


def is_blind_for(second: SecondReview | None, viewer: Account | str | None) -> bool:
    """The blind rule: the first review is withheld from ``viewer`` while the second verdict is not in, unless
    they gave the first verdict or asked for the second review. An unnamed viewer is always blind."""
    return second is not None and not second.decided and not saw_first_review(second, viewer)


def request_second_review(db: Store, claim_id: int, reviewer: Account | str | None) -> SecondReview:
    """Mark a claim for a blind second review; ``reviewer`` is the account that asks for it.

    The claim's current verdict and the account that gave it are kept as the first review; its status becomes
    ``needs_second_review``. Refused for a claim without a verdict, with a verdict nobody is named for, or that
    already has a second review. Whoever asks cannot give the second verdict (they have seen the first).
    """
    reviewer = _who(reviewer)
    _require_claim(db, claim_id)
    with db.write():
        actor = acting(db, reviewer, "review")
        old = get_review(db, claim_id)
        if not old.verdict:
            raise ReviewError(
                f"claim {claim_id} has no verdict yet: give one before asking for a second review"
            )
        first = (old.verdict_by or old.reviewer).strip()
        if not first:
            raise ReviewError(
                f"claim {claim_id}'s verdict has no reviewer name: a second review must come from someone else"
            )
        existing = get_second_review(db, claim_id)
        if existing:
            raise ReviewError(
                f"claim {claim_id} already has a second review, requested by {existing.requested_by or 'someone'}"
                f" at {existing.requested_at}"
            )
        second = SecondReview(claim_id, actor.name, utc_now(), first, old.verdict)
        db.reviews.add_second_review(second)
        if old.status != Status.NEEDS_SECOND_REVIEW.value:
            new = replace(old, status=Status.NEEDS_SECOND_REVIEW.value)
            _write(db, old, new, actor.name, "claim")
    return second


def second_review(
    db: Store, claim_id: int, reviewer: Account | str | None, verdict: str, note: str = ""
) -> SecondReview:
    """Record the blind second verdict on a claim marked by ``request_second_review``.

    Refused from the first reviewer and from whoever asked for it (both have seen the first verdict), from an
    account that may not review, and once a second verdict is in (whoever gave it has seen the first one
    since). The claim's review is not changed, except that a second verdict that agrees with the first moves
    the claim from ``needs_second_review`` to ``done``; differing verdicts are listed by
    ``reviewer_disagreements`` until someone chooses the final one with ``resolve``.
    """
    if not verdict:
        raise ReviewError("a second review needs a verdict")
    _require_verdict(verdict)
    reviewer, note = _who(reviewer), clean_text(note)
    _require_claim(db, claim_id)
    with db.write():
        actor = acting(db, reviewer, "review")
        second = get_second_review(db, claim_id)
        if second is None:
            raise ReviewError(
                f"claim {claim_id} is not marked for a second review (request_second_review first)"
            )
        if second.decided:
            raise ReviewError(f"claim {claim_id} already has its second review, by {second.reviewer}")
        if same_person(actor.name, second.first_reviewer):
            raise ReviewError(
                f"{actor.name} gave the first verdict on claim {claim_id}: the second review must come"
                " from someone else"
            )
        if same_person(actor.name, second.requested_by):
            raise ReviewError(
                f"{actor.name} asked for the second review of claim {claim_id} and has seen the first verdict:"
                " the second review must come from someone else"
            )
        second = replace(second, reviewer=actor.name, verdict=verdict, note=note, reviewed_at=utc_now())
        db.reviews.record_second_verdict(second)
        old = get_review(db, claim_id)
        if (
            not second.disagrees
            and old.status == Status.NEEDS_SECOND_REVIEW.value
            and old.verdict == second.verdict
        ):
            _write(db, old, replace(old, status=Status.DONE.value), actor.name, "second_review")
    return second


def withheld_claims(db: Store, viewer: Account | str | None) -> set[int]:
    """The claims whose verdict, note and evidence ``viewer`` may not see yet (the blind rule, ``is_blind_for``).

    Besides the claims waiting for a second verdict that ``viewer`` may give blind, the claims that follow
    the same group verdict as one of them are withheld too: their verdict would give the first one away.
    """
    blind = {s.claim_id for s in db.reviews.pending_second_reviews() if is_blind_for(s, viewer)}
    if not blind:
        return blind
    reviews = db.reviews.all()
    groups = {reviews[c].via_group for c in blind if c in reviews and reviews[c].via_group is not None}
    return blind | {claim_id for claim_id, r in reviews.items() if r.via_group in groups}


def withhold(review: Review) -> Review:
    """The review with its verdict, note, evidence and who gave the verdict left out, marked ``hidden``."""
    return replace(
        review,
        verdict="",
        note="",
        evidence=[],
        evidence_items=[],
        via_group=None,
        verdict_by="",
        hidden=True,
    )


def visible_reviews(db: Store, viewer: Account | str | None) -> dict[int, Review]:
    """The review of every claim anybody has touched, as ``viewer`` may see it (``withheld_claims`` blanked)."""
    hidden = withheld_claims(db, viewer)
    return {cid: withhold(r) if cid in hidden else r for cid, r in current_reviews(db).items()}


def review_for(db: Store, claim_id: int, reviewer: Account | str | None) -> Review:
    """The claim's review as ``reviewer`` may see it.

    While the claim awaits its blind second verdict, anyone but its first reviewer and whoever asked for the
    second review (an unnamed viewer included) gets the review with its verdict, note and evidence withheld
    and ``hidden=True``: they may be the second reviewer. So does a claim that follows the same group verdict
    as such a claim. Once the second verdict is in, everyone sees everything.
    """
    review = get_review(db, claim_id)
    if claim_id in withheld_claims(db, reviewer):
        return withhold(review)
    return review


def pending_second_reviews(db: Store, reviewer: Account | str | None = "") -> list[SecondReview]:
    """Claims waiting for a second verdict, oldest request first; with ``reviewer``, only those they may give
    (not those whose first verdict they gave or whose second review they asked for)."""
    pending = db.reviews.pending_second_reviews()
    if _name(reviewer):
        pending = [s for s in pending if not saw_first_review(s, reviewer)]
    return pending


def reviewer_disagreements(db: Store, include_resolved: bool = False) -> list[SecondReview]:
    """Claims whose first and second verdicts differ, by claim id: the unresolved ones, or all."""
    return db.reviews.differing_second_reviews(include_resolved)


def resolve(db: Store, claim_id: int, verdict: str, reviewer: Account | str | None) -> Review:
    """Choose the final verdict of a claim after its second review: the claim's verdict becomes ``verdict``
    (its own, so group verdicts leave it alone), its status ``done``; one history row with source
    ``resolution``. Refused before the second verdict is in; an editor's or admin's decision
    (records.PERMISSIONS "resolve")."""
    if not verdict:
        raise ReviewError("a resolution needs a verdict")
    _require_verdict(verdict)
    reviewer = _who(reviewer)
    _require_claim(db, claim_id)
    with db.write():
        actor = acting(db, reviewer, "resolve")
        second = get_second_review(db, claim_id)
        if second is None or not second.decided:
            raise ReviewError(f"claim {claim_id} has no second review to resolve")
        db.reviews.resolve_second_review(claim_id, actor.name, verdict, utc_now())
        old = get_review(db, claim_id)
        new = replace(old, status=Status.DONE.value, verdict=verdict, via_group=None)
        # the resolution's verdict is the resolver's, whoever gave it first
        return _write(db, old, new, actor.name, "resolution", verdict_by=actor.name)
