"""Review queue page: one claim at a time, most check-worthy first; one key records a verdict and moves on.

Every key is a visible button too (Streamlit's own ``shortcut=``, which ignores keys typed into a field).
The buttons act in callbacks, so a key press redraws the page once, with the next claim.
"""

import streamlit as st

from workbench.archive import already_checked, format_already_checked
from workbench.claims import list_articles
from workbench.group import list_groups
from workbench.queue import (
    SKIP_KEY,
    UNDO_KEY,
    VERDICT_KEYS,
    decide,
    review_queue,
    skip,
    undo,
)
from workbench.records import STATUSES, ReviewConflict, ReviewError, verdict_label
from workbench.review import current_reviews, review_for
from workbench.ui.common import (
    claimant_line,
    claimant_markdown,
    db,
    in_context,
    plain,
    reviewer_name,
    session_labels,
)

# the verdict words of the Settings page (English or German), for this browser session
LABELS = session_labels()


def label(verdict: str) -> str:
    """The verdict in this session's words."""
    return verdict_label(verdict, LABELS)


STEPS, SKIPPED, DONE, FIRST, MESSAGE = (
    "queue_steps",
    "queue_skipped",
    "queue_done",
    "queue_first",
    "queue_message",
)

st.title("Review queue")
conn = db()
reviewer = reviewer_name().strip()
articles = {a.id: a for a in list_articles(conn)}
if not articles:
    st.info("No claims yet: add articles on the Articles page.")
    st.stop()
for name, empty in ((STEPS, list), (SKIPPED, list), (DONE, set)):
    st.session_state.setdefault(name, empty())


def say(kind: str, text: str) -> None:
    """A message for the next redraw (callbacks run before the page is drawn)."""
    st.session_state[MESSAGE] = (kind, text)


def on_verdict(claim_id: int, verdict: str, version: int, who: str) -> None:
    try:
        step = decide(db(), claim_id, verdict, who, expected_version=version)
    except ReviewConflict as exc:
        now = exc.current
        say(
            "warning",
            f"Not recorded: {plain(now.reviewer or 'someone')} changed claim {claim_id} at"
            f" {plain(now.updated_at)} since it was shown (now {plain(now.status)}, verdict"
            f" {plain(now.verdict or '–')}). Here it is again as it is now.",
        )
        st.session_state[FIRST] = claim_id
        return
    except ReviewError as exc:
        say("error", plain(str(exc)))
        return
    st.session_state[STEPS].append(step)
    if not step.wrote:  # it had this verdict already: nothing to record, but decided for this session
        st.session_state[DONE].add(claim_id)
    st.session_state.pop(FIRST, None)
    if step.second:
        say("success", f"Claim {claim_id}: your blind second verdict, {label(verdict)}, is recorded.")
    else:
        say("success", f"Claim {claim_id}: {label(verdict)}. Press {UNDO_KEY.upper()} to undo.")


def on_skip(claim_id: int, who: str) -> None:
    st.session_state[STEPS].append(skip(claim_id, who))
    skipped = st.session_state[SKIPPED]
    if claim_id in skipped:
        skipped.remove(claim_id)
    skipped.append(claim_id)
    st.session_state.pop(FIRST, None)
    say("info", f"Claim {claim_id} skipped: it comes back after the others.")


def on_undo() -> None:
    steps = st.session_state[STEPS]
    if not steps:
        return
    step = steps[-1]
    try:
        undo(db(), step)
    except ReviewConflict as exc:
        now = exc.current
        say(
            "warning",
            f"Not undone: {plain(now.reviewer or 'someone')} changed claim {step.claim_id} at"
            f" {plain(now.updated_at)} since (now {plain(now.status)}, verdict {plain(now.verdict or '–')}).",
        )
        steps.pop()
        return
    except ReviewError as exc:
        say("warning", f"Not undone: {plain(str(exc))}.")
        steps.pop()
        return
    steps.pop()
    st.session_state[DONE].discard(step.claim_id)
    if step.claim_id in st.session_state[SKIPPED] and step.verdict is None:
        st.session_state[SKIPPED].remove(step.claim_id)
    st.session_state[FIRST] = step.claim_id
    what = "skip" if step.verdict is None else label(step.verdict)
    say("info", f"Undone: {what} of claim {step.claim_id}. Here it is again.")


# --- filters ---------------------------------------------------------------------------------------------

groups = {g.id: g for g in list_groups(conn, min_size=2, with_suggestions=False)}
group_by_claim = {m.claim_id: g for g in groups.values() for m in g.members}
reviewers = sorted({r.reviewer for r in current_reviews(conn).values() if r.reviewer})
f1, f2, f3, f4 = st.columns([3, 3, 2, 2])
article_id = f1.selectbox(
    "Article",
    [None, *articles],
    key="queue_article",
    format_func=lambda i: "All articles" if i is None else f"{i}: {articles[i].title[:60]}",
)
group_id = f2.selectbox(
    "Group",
    [None, *sorted(groups)],
    key="queue_group",
    format_func=lambda i: "All groups" if i is None else f"{i}: {groups[i].members[0].text[:60]}",
)
statuses = f3.multiselect(
    "Status",
    STATUSES,
    key="queue_status",
    format_func=lambda s: s.replace("_", " "),
    placeholder="Any status",
)
last_reviewer = f4.selectbox(
    "Last reviewed by",
    [None, "", *reviewers],
    key="queue_reviewer",
    format_func=lambda r: "Anyone" if r is None else (r or "Nobody named"),
)

queue = review_queue(
    conn,
    reviewer,
    article_id=article_id,
    group_id=group_id,
    statuses=statuses,
    last_reviewer=last_reviewer,
    done=st.session_state[DONE],
    skipped=st.session_state[SKIPPED],
    first=st.session_state.get(FIRST),
)
who = f"by {plain(reviewer)}" if reviewer else "without a name (enter yours in the sidebar)"
st.progress(queue.reviewed / queue.total if queue.total else 1.0, text=f"{queue.progress()} {who}")
st.caption(f"{len(queue.claims)} to go with these filters · claims you have decided are not shown again")

if message := st.session_state.pop(MESSAGE, None):
    getattr(st, message[0])(message[1])

claim = queue.claims[0] if queue.claims else None

# --- the claim, then the keys: drawn even when nothing is left, so the last decision can be undone

if claim is not None:
    article = articles[claim.article_id]
    current = review_for(conn, claim.id, reviewer)  # withholds a first verdict from a blind second reviewer
    with st.container(border=True):
        st.markdown(claimant_line(claim, article.outlet))
        st.markdown(f"#### {plain(claim.text)}")
        if claim.kind != "claim":
            st.warning(f"Marked as {claim.kind}: probably nothing to check.")
        state = f"{current.status.replace('_', ' ')}"
        if current.hidden:
            state += ": give the blind second verdict; the first one is shown once yours is in"
        if current.verdict:
            state += f", verdict {label(current.verdict).lower()}"
        if current.reviewer:
            state += f", last changed by {plain(current.reviewer)}"
        st.caption(
            f"Claim {claim.id} · check-worthiness {claim.checkworthiness:.2f} · now {state}"
            + (" · skipped before" if claim.id in st.session_state[SKIPPED] else "")
        )
        st.markdown(
            f"**{plain(article.title or 'Untitled')}** ({plain(article.outlet)}{', ' + plain(article.date) if article.date else ''})"
        )
        st.markdown(in_context(article.text, claim.start, claim.end, claim.span_start, claim.span_end))

# the rating scale on one row; the outcomes that rate nothing, skip and undo on the next
ratings = list(VERDICT_KEYS.items())[:6]
row1 = st.columns(len(ratings))
row2 = st.columns(len(VERDICT_KEYS) - len(ratings) + 2)
for col, (key, verdict) in zip(row1 + row2, VERDICT_KEYS.items()):
    col.button(
        label(verdict),
        key=f"queue_verdict_{verdict}",
        shortcut=key,
        on_click=on_verdict,
        args=(claim.id, verdict, queue.review_of(claim.id).version, reviewer) if claim else (),
        disabled=claim is None,
        width="stretch",
    )
row2[-2].button(
    "Skip",
    key="queue_skip",
    shortcut=SKIP_KEY,
    on_click=on_skip,
    args=(claim.id, reviewer) if claim else (),
    disabled=claim is None,
    width="stretch",
)
row2[-1].button(
    "Undo",
    key="queue_undo",
    shortcut=UNDO_KEY,
    on_click=on_undo,
    disabled=not st.session_state[STEPS],
    width="stretch",
)
st.caption(
    "Keys: "
    + " · ".join(f"{key} {label(v).lower()}" for key, v in VERDICT_KEYS.items())
    + f" · {SKIP_KEY} skip · {UNDO_KEY} undo. A verdict marks the claim done and shows the next one;"
    " keys typed into a field are text, not decisions."
)

if claim is None:
    st.success(
        "Nothing left to review with these filters." if queue.total else "No claim matches these filters."
    )
    st.stop()

for match in already_checked(conn, [claim.id]).get(claim.id, []):
    link = f" · {plain(match.url)}" if match.url else ""
    st.info(
        f"🗂️ {plain(format_already_checked(match))} (cosine {match.score:.2f}): {plain(match.claim)}{link}"
    )

group = group_by_claim.get(claim.id)
others = [m for m in group.members if m.claim_id != claim.id] if group else []
if others:
    st.markdown(f"**Group {group.id}: what the other outlets said** ({group.sources} articles)")
    for m in others:
        speaker = claimant_markdown(m.speaker, m.source)
        verdict = f", {label(m.verdict).lower()}" if m.verdict and not current.hidden else ""
        st.markdown(
            f"- **{speaker}** in _{plain(m.source)}_: {plain(m.text)} · claim {m.claim_id},"
            f" similarity {m.similarity:.2f}, {m.status.replace('_', ' ')}{verdict}"
        )
else:
    st.caption("No other outlet has this claim (it is in no group).")

with st.expander("Next in the queue"):
    for c in queue.claims[1:6]:
        st.caption(f"{c.checkworthiness:.2f} · claim {c.id}: {plain(c.text[:140])}")
