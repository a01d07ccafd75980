"""Claims & review page: the claim queue by check-worthiness, and the review form with its history.

What the signed-in account sees follows the blind rule (review.visible_reviews); saving over a colleague's
verdict asks first, naming them; resolving disagreements is for editors and admins."""

import pandas as pd
import streamlit as st

from workbench.archive import already_checked, format_already_checked
from workbench.claims import claim_reasons, list_articles, set_speaker
from workbench.group import group_of
from workbench.queue import lock_on
from workbench.records import (
    KINDS,
    STANCES,
    STATUSES,
    VERDICTS,
    AccessDenied,
    Claim,
    Review,
    ReviewConflict,
    ReviewError,
    VerdictOverwrite,
    plural,
)
from workbench.review import (
    format_evidence,
    get_second_review,
    history,
    is_blind_for,
    membership_note,
    request_second_review,
    resolve,
    review_for,
    second_review,
    set_review,
    visible_reviews,
)
from workbench.ui.common import (
    claimant_line,
    claimant_text,
    db,
    labels,
    plain,
    signed_in,
    status_words,
    stored_claims,
    verdict_words,
)

PAGE_ROWS = 200  # rows of the claim table per page: the browser gets a page, not every claim

st.title("Claims & review")
conn = db()
account = signed_in(conn)
LABELS = labels(account, conn)


def words(verdict: str) -> str:
    """A verdict in the account's words; no verdict as a dash."""
    return verdict_words(verdict, LABELS) or "–"


articles = {a.id: a for a in list_articles(conn)}
if not articles:
    st.info("No claims yet: add articles on the Articles page.")
    st.stop()

f1, f2, f3, f4 = st.columns([2, 2, 2, 1])
article_id = f1.selectbox(
    "Article",
    [None, *articles],
    key="filter_article",
    format_func=lambda i: "All articles" if i is None else f"{i}: {articles[i].title[:60]}",
)
statuses = f2.multiselect("Status", STATUSES, key="filter_status", format_func=status_words)
kinds = f3.multiselect(
    "Kind",
    KINDS,
    key="filter_kind",
    help="Questions, headlines and opinions are kept, marked by kind; page furniture (boilerplate) is shown"
    " only when chosen here.",
)
min_score = f4.slider("Min. check-worthiness", 0.0, 1.0, 0.0, 0.05, key="filter_score")

reviews = visible_reviews(conn, account)  # a first verdict this account may not see yet is left out
checked = already_checked(conn)  # claim id -> earlier fact-checks of the same claim, best first


def review_of(claim_id: int) -> Review:
    return reviews.get(claim_id) or Review(claim_id)


claims = sorted(
    (
        c
        for c in stored_claims(article_id, include_boilerplate="boilerplate" in kinds)  # once per version
        if c.checkworthiness >= min_score
        and (not statuses or review_of(c.id).status in statuses)
        and (not kinds or c.kind in kinds)
    ),
    key=lambda c: (-c.checkworthiness, c.id),
)
if any(c.article_id not in articles for c in claims):
    # an ingest committed between the read of the articles above and the version the claims were read at:
    # read the articles again, which now include every article of those claims (articles are never deleted)
    articles = {a.id: a for a in list_articles(conn)}
pages = max(1, -(-len(claims) // PAGE_ROWS))
if pages > 1:
    p1, p2 = st.columns([1, 4], vertical_alignment="bottom")
    page = p1.number_input("Page", 1, pages, 1, key="claims_page")
    p2.caption(f"{plural(len(claims), 'claim')}, {PAGE_ROWS} a page, most check-worthy first")
else:
    page = 1
on_page = claims[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
st.dataframe(
    pd.DataFrame(
        [
            {
                "id": c.id,
                "check-worthiness": round(c.checkworthiness, 2),
                "kind": c.kind,
                "claim": c.text,
                "claimant": claimant_text(c.speaker, articles[c.article_id].outlet, c.speaker_unclear),
                "role": c.role,
                "source": articles[c.article_id].outlet,
                "status": status_words(review_of(c.id).status),
                "verdict": verdict_words(review_of(c.id).verdict, LABELS),
                "already checked": format_already_checked(checked[c.id][0]) if c.id in checked else "",
            }
            for c in on_page
        ]
    ),
    hide_index=True,
    height=300,
)
if not claims:
    st.info("No claim matches these filters.")
    st.stop()

by_id = {c.id: c for c in on_page}  # the claims of the page shown: a list of them all would be too long
claim_id = st.selectbox(
    "Review claim", list(by_id), key="claim_id", format_func=lambda i: f"{i}: {by_id[i].text[:100]}"
)
claim = by_id[claim_id]
# a second reviewer sees no first verdict, note or evidence until they have given theirs
current = review_for(conn, claim_id, account)
second = get_second_review(conn, claim_id)
lock = lock_on(conn, claim_id)


def highlighted(claim: Claim) -> str:
    """The claim's sentence as escaped markdown, the span it came from in bold."""
    rel_start, rel_end = claim.span_start - claim.start, claim.span_end - claim.start
    before, span, after = (
        claim.sentence[:rel_start],
        claim.sentence[rel_start:rel_end],
        claim.sentence[rel_end:],
    )
    if span == claim.sentence or not span.strip():
        return plain(claim.sentence)
    # markdown bold needs its markers right next to text, so spaces go outside them
    lead, trail = span[: len(span) - len(span.lstrip())], span[len(span.rstrip()) :]
    return f"{plain(before)}{lead}**{plain(span.strip())}**{trail}{plain(after)}"


source = articles[claim.article_id].outlet
with st.container(border=True):
    st.markdown(claimant_line(claim, source))
    st.markdown(f"> {plain(claim.text)}")
    st.markdown(f"Sentence (characters {claim.start}–{claim.end}): {highlighted(claim)}")
    if claim.kind != "claim":
        st.warning(f"Marked as {claim.kind}: probably nothing to check.")
    if claim.changed:
        st.warning(
            "Changed in a new version of its article: these words were not in the earlier version, whose review"
            " of this sentence was not carried over. Check it again."
        )
    if claim.retired:
        st.warning(
            f"Its article was replaced by a newer version (article {articles[claim.article_id].replaced_by}):"
            " this claim is kept with its review and history, out of groups, the queue and the export."
        )
    for match in checked.get(claim_id, []):
        link = f" · {plain(match.url)}" if match.url else ""
        st.info(
            f":material/inventory_2: {plain(format_already_checked(match))} (cosine {match.score:.2f}): {plain(match.claim)}{link}"
        )
    reasons = claim_reasons(conn, claim)
    why = " · ".join(f"{r.label}: {plain(r.words)}" for r in reasons) or "no strong cue"
    scorer = "vector model" if claim.checkworthiness_model.endswith("/vector") else "n-gram model"
    st.caption(
        f"Group {group_of(conn, claim_id) or '–'} · check-worthiness {claim.checkworthiness:.2f}"
        f" ({scorer} {plain(claim.checkworthiness_model.partition('/')[0])}) · why: {why}"
    )
    if note := membership_note(conn, claim_id):
        st.caption(f"Group verdict: {note}.")
    if lock is not None and lock.account != account.name:
        st.caption(
            f":material/lock: {plain(lock.account)} has this claim on screen in the review queue right now."
        )


def speaker_form() -> None:
    """Correct the claim's speaker (and role), or clear it; kept in the history below."""
    with st.form(f"speaker_form_{claim_id}"):
        st.write("Speaker")
        name = st.text_input("Speaker", value=claim.speaker, key=f"speaker_name_{claim_id}")
        role = st.text_input("Role", value=claim.role, key=f"speaker_role_{claim_id}")
        save, clear = st.columns(2)
        saved = save.form_submit_button("Save speaker")
        cleared = clear.form_submit_button("No speaker (the outlet's own)")
    if not (saved or cleared):
        return
    try:
        if cleared:
            set_speaker(conn, claim_id, "", "", account)
        else:
            set_speaker(conn, claim_id, name, role, account)
    except (ReviewError, AccessDenied) as exc:
        st.error(plain(str(exc)))
    else:
        st.session_state["claims_message"] = "Speaker saved."
        st.rerun()


def second_review_form() -> None:
    """The blind second review: a verdict and a note, nothing of the first reviewer's shown."""
    st.info("Second review: the first verdict is hidden until you give yours.")
    with st.form("second_review_form"):
        verdict = st.selectbox(
            "Your verdict",
            VERDICTS,
            key=f"second_verdict_{claim_id}",
            format_func=words,
        )
        note = st.text_area("Note", key=f"second_note_{claim_id}")
        if st.form_submit_button("Save second review", type="primary"):
            try:
                done = second_review(conn, claim_id, account, verdict, note)
            except (ReviewError, PermissionError) as exc:
                st.error(plain(str(exc)))
            else:
                outcome = (
                    "agrees" if done.verdict == done.first_verdict else "differs; it waits for resolution"
                )
                st.session_state["claims_message"] = (
                    f"Second review saved: {words(done.verdict)} ({outcome})."
                )
                st.rerun()


if message := st.session_state.pop("claims_message", None):
    st.success(message)
if current.hidden:
    if is_blind_for(second, account):
        second_review_form()
    else:  # it follows the same group verdict as a claim waiting for this account's blind second verdict
        st.info(
            "This claim follows a group verdict that is withheld until you give your blind second verdict on"
            " a claim of the same group (see the Review queue)."
        )
    st.stop()

if second and second.decided and not second.resolved_verdict and second.verdict != second.first_verdict:
    with st.container(border=True):
        st.warning(
            f"The reviews differ: {plain(second.first_reviewer)} said **{words(second.first_verdict)}**,"
            f" {plain(second.reviewer)} said **{words(second.verdict)}** ({plain(second.note) or 'no note'})."
        )
        if account.may("resolve"):
            final = st.selectbox(
                "Final verdict",
                VERDICTS,
                key=f"resolve_verdict_{claim_id}",
                format_func=words,
            )
            if st.button("Resolve", key=f"resolve_{claim_id}"):
                try:
                    resolve(conn, claim_id, final, account)
                except (ReviewError, PermissionError) as exc:
                    st.error(plain(str(exc)))
                else:
                    st.session_state["claims_message"] = f"Resolved: {words(final)}."
                    st.rerun()
        else:
            st.caption("An editor chooses the final verdict.")

# The version this reviewer's form is based on: a save names it, so a change someone else made meanwhile is
# shown to the reviewer instead of being overwritten. A save that would replace a colleague's verdict asks
# first (overwrite_key holds the verdict the reviewer was asked about).
loaded_key, conflict_key = f"loaded_version_{claim_id}", f"conflict_{claim_id}"
overwrite_key = f"overwrite_{claim_id}"
st.session_state.setdefault(loaded_key, current.version)
form_keys = [
    f"{field}_{claim_id}" for field in ("status", "verdict", "note", "evidence", "stance", "evidence_note")
]

with st.form("review_form"):
    c1, c2 = st.columns(2)
    status = c1.selectbox(
        "Status",
        STATUSES,
        index=STATUSES.index(current.status),
        key=f"status_{claim_id}",
        format_func=status_words,
    )
    options = ["", *VERDICTS]
    verdict = c2.selectbox(
        "Verdict",
        options,
        index=options.index(current.verdict),
        key=f"verdict_{claim_id}",
        format_func=lambda v: verdict_words(v, LABELS) if v else "– no verdict –",
    )
    note = st.text_area("Note", value=current.note, key=f"note_{claim_id}")
    e1, e2, e3 = st.columns([3, 1, 2])
    link = e1.text_input("Add an evidence link (http/https)", key=f"evidence_{claim_id}")
    stance = e2.selectbox("Stance", STANCES, index=STANCES.index("context"), key=f"stance_{claim_id}")
    link_note = e3.text_input("What it shows", key=f"evidence_note_{claim_id}")
    if st.form_submit_button("Save review", type="primary"):
        try:
            current = set_review(
                conn,
                claim_id,
                status=status if status != current.status else None,  # lets a verdict start the review
                verdict=verdict,
                note=note,
                evidence=[{"url": link, "stance": stance, "note": link_note}] if link.strip() else [],
                reviewer=account,
                expected_version=st.session_state[loaded_key],
                overwrite=st.session_state.get(overwrite_key) == verdict,
            )
            st.session_state[loaded_key] = current.version
            st.session_state.pop(conflict_key, None)
            st.session_state.pop(overwrite_key, None)
            st.success(f"Saved: {status_words(current.status).lower()}, verdict {words(current.verdict)}.")
        except VerdictOverwrite as exc:
            theirs = exc.current
            st.session_state[overwrite_key] = verdict
            st.warning(
                f"Not saved: the verdict {words(theirs.verdict)} is **{plain(theirs.verdict_by)}**'s. Press Save"
                f" again to overwrite {plain(theirs.verdict_by)}'s verdict with {words(verdict)}."
            )
        except ReviewConflict as exc:
            theirs = exc.current
            # seen now: saving again overwrites on purpose
            st.session_state[loaded_key] = theirs.version
            st.session_state[conflict_key] = True
            st.warning(
                f"Not saved: {plain(theirs.reviewer or 'someone')} changed this claim at {plain(theirs.updated_at)}"
                f" since you loaded it. Now: status **{status_words(theirs.status).lower()}**, verdict"
                f" **{words(theirs.verdict)}**, note: {plain(theirs.note) or '–'}. Press Save again to"
                " overwrite it with your values, or take theirs."
            )
        except (ReviewError, PermissionError) as exc:
            st.error(plain(str(exc)))

if st.session_state.get(conflict_key) and st.button(
    "Take theirs (discard my changes)", key=f"take_{claim_id}"
):
    for key in [*form_keys, loaded_key, conflict_key, overwrite_key]:
        st.session_state.pop(key, None)
    st.rerun()

if (
    current.verdict
    and second is None
    and st.button(
        "Send to a second reviewer", key=f"request_second_{claim_id}", help="They will not see this verdict."
    )
):
    try:
        request_second_review(conn, claim_id, account)
    except (ReviewError, PermissionError) as exc:
        st.error(plain(str(exc)))
    else:
        st.session_state["claims_message"] = "Sent to a second reviewer."
        st.rerun()

if current.evidence_items:
    st.write("Evidence")
    for item in current.evidence_items:
        st.text(format_evidence(item))
changes = history(conn, claim_id)
if changes:
    st.write(f"History ({plural(len(changes), 'change')})")
    for change in changes:
        change["status"] = status_words(change["status"])
        change["verdict"] = verdict_words(change["verdict"], LABELS)
    st.dataframe(pd.DataFrame(changes), hide_index=True)

speaker_form()  # last, so the review form stays the page's first form
