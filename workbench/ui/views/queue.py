"""Review queue page: one claim at a time, most check-worthy first; one key records a verdict and moves on.

Every key is a visible button too (Streamlit's own ``shortcut=``, which ignores keys typed into a field).
The buttons act in callbacks, so a key press redraws the page once, with the next claim. The claim shown is
locked for the signed-in account while it is on screen (queue.hold), so colleagues' queues skip it; a key
that would replace a colleague's verdict asks first, naming them.
"""

import streamlit as st

from workbench.archive import already_checked, format_already_checked
from workbench.queue import (
    LOCK_MINUTES,
    SKIP_KEY,
    UNDO_KEY,
    VERDICT_KEYS,
    decide,
    hold,
    next_claim,
    release,
    review_queue,
    skip,
    undo,
)
from workbench.records import STATUSES, ReviewConflict, ReviewError, VerdictOverwrite, plural, verdict_label
from workbench.review import review_for, withheld_claims
from workbench.settings import keep_queue_filters, queue_filters
from workbench.ui.common import (
    claimant_line,
    claimant_markdown,
    db,
    in_context,
    labels,
    plain,
    signed_in,
    status_words,
    stored_articles,
    stored_claims,
    stored_decided,
    stored_group_index,
    stored_reviews,
    with_reviews,
)

st.title("Review queue")
conn = db()
account = signed_in(conn)
# the verdict words of the account (its preference, else the desk's setting)
LABELS = labels(account, conn)


def label(verdict: str) -> str:
    """The verdict in the account's words."""
    return verdict_label(verdict, LABELS)


STEPS, SKIPPED, DONE, FIRST, MESSAGE, CONFIRM = (
    "queue_steps",
    "queue_skipped",
    "queue_done",
    "queue_first",
    "queue_message",
    "queue_confirm",
)

# what is costly to read is kept until its kind of data changes (ui.common): a decision changes the reviews
# only, so the claims, articles and groups are not read again on the key press that follows
articles = {a.id: a for a in stored_articles()}
if not articles:
    st.info("No claims yet: add articles on the Articles page.")
    st.stop()
for name, empty in ((STEPS, list), (SKIPPED, list), (DONE, set)):
    st.session_state.setdefault(name, empty())


def say(kind: str, text: str) -> None:
    """A message for the next redraw (callbacks run before the page is drawn)."""
    st.session_state[MESSAGE] = (kind, text)


def on_verdict(claim_id: int, verdict: str, version: int) -> None:
    # a second press of the same key on the same claim confirms overwriting a colleague's verdict
    confirmed = st.session_state.pop(CONFIRM, None) == (claim_id, verdict)
    try:
        step = decide(db(), claim_id, verdict, account, expected_version=version, overwrite=confirmed)
    except VerdictOverwrite as exc:
        now = exc.current
        key = next(k for k, v in VERDICT_KEYS.items() if v == verdict)
        st.session_state[CONFIRM] = (claim_id, verdict)
        st.session_state[FIRST] = claim_id
        say(
            "warning",
            f"Not recorded yet: claim {claim_id} has **{plain(now.verdict_by)}**'s verdict"
            f" {label(now.verdict)}. Press {key} again (or the button below) to overwrite it with"
            f" {label(verdict)}; press {SKIP_KEY.upper()} to leave it.",
        )
        return
    except ReviewConflict as exc:
        now = exc.current
        say(
            "warning",
            f"Not recorded: {plain(now.reviewer or 'someone')} changed claim {claim_id} at"
            f" {plain(now.updated_at)} since it was shown (now {status_words(now.status).lower()}, verdict"
            f" {label(now.verdict) if now.verdict else '–'}). Here it is again as it is now.",
        )
        st.session_state[FIRST] = claim_id
        return
    except (ReviewError, PermissionError) as exc:
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


def on_skip(claim_id: int) -> None:
    st.session_state.pop(CONFIRM, None)
    st.session_state[STEPS].append(skip(claim_id, account.name))
    skipped = st.session_state[SKIPPED]
    if claim_id in skipped:
        skipped.remove(claim_id)
    skipped.append(claim_id)
    st.session_state.pop(FIRST, None)
    release(db(), account, claim_id)
    say("info", f"Claim {claim_id} skipped: it comes back after the others.")


def on_undo() -> None:
    st.session_state.pop(CONFIRM, None)
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
            f" {plain(now.updated_at)} since (now {status_words(now.status).lower()}, verdict"
            f" {label(now.verdict) if now.verdict else '–'}).",
        )
        steps.pop()
        return
    except (ReviewError, PermissionError) as exc:
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


# --- filters: the account's own, kept in the database, so leaving the page and coming back keeps them -------

groups, group_by_claim = stored_group_index()  # their members' reviews come from `reviews`
reviews = stored_reviews()
reviewers = sorted({r.reviewer for r in reviews.values() if r.reviewer})
kept = queue_filters(conn, account)
widgets = {  # widget key -> (stored filter, the value if it is still valid, else the default)
    "queue_article": kept.get("article") if kept.get("article") in articles else None,
    "queue_group": kept.get("group") if kept.get("group") in groups else None,
    "queue_status": [s for s in kept.get("statuses", []) if s in STATUSES],
    "queue_reviewer": kept.get("last_reviewer") if kept.get("last_reviewer") in ("", *reviewers) else None,
}
for key, value in widgets.items():
    # None is the first option ("All ..."): left to the widget, which shows it by its name rather than empty
    if key not in st.session_state and value is not None:
        st.session_state[key] = value

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
    format_func=status_words,
    placeholder="Not finished",
    help="Empty: the claims nobody has finished. Choose Done to look at finished claims again.",
)
last_reviewer = f4.selectbox(
    "Last reviewed by",
    [None, "", *reviewers],
    key="queue_reviewer",
    format_func=lambda r: "Anyone" if r is None else (r or "Nobody yet"),
)
keep_queue_filters(
    conn,
    account,
    {"article": article_id, "group": group_id, "statuses": statuses, "last_reviewer": last_reviewer},
)

queue = review_queue(
    conn,
    account,
    article_id=article_id,
    group_id=group_id,
    statuses=statuses,
    last_reviewer=last_reviewer,
    done=st.session_state[DONE],
    skipped=st.session_state[SKIPPED],
    first=st.session_state.get(FIRST),
    claims=stored_claims(article_id),
    reviews=reviews,
    decided=stored_decided(account.name),
)
st.progress(
    queue.finished / queue.chosen if queue.chosen else 1.0,
    text=f"{queue.desk_progress()} · you have decided {queue.reviewed:,} ({plain(account.name)})",
)
on_screen = f" · {plural(queue.locked, 'claim')} on colleagues' screens" if queue.locked else ""
st.caption(
    f"{len(queue.claims):,} to go with these filters{on_screen} · claims you have decided are not shown again"
)

if message := st.session_state.pop(MESSAGE, None):
    getattr(st, message[0])(message[1])

# the claim shown is locked for this account (the first one nobody else took meanwhile)
claim = next_claim(conn, queue, account)
if claim is None:
    release(conn, account)


@st.fragment(run_every=LOCK_MINUTES * 60 / 2)
def keep_lock(claim_id: int) -> None:
    """Renew the lock while the claim is on screen; a closed tab stops renewing and the lock lapses."""
    hold(db(), claim_id, account)


# --- the claim, then the keys: drawn even when nothing is left, so the last decision can be undone

if claim is not None:
    keep_lock(claim.id)
    article = articles[claim.article_id]
    current = review_for(conn, claim.id, account)  # withholds a first verdict from a blind second reviewer
    with st.container(border=True):
        st.markdown(claimant_line(claim, article.outlet))
        st.markdown(f"#### {plain(claim.text)}")
        if claim.kind != "claim":
            st.warning(f"Marked as {claim.kind}: probably nothing to check.")
        state = status_words(current.status).lower()
        if current.hidden:
            state += ": give the blind second verdict; the first one is shown once yours is in"
        if current.verdict:
            state += f", verdict {label(current.verdict).lower()}"
            if current.verdict_by:
                state += f" by {plain(current.verdict_by)}"
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
        args=(claim.id, verdict, queue.review_of(claim.id).version) if claim else (),
        disabled=claim is None,
        width="stretch",
    )
row2[-2].button(
    "Skip",
    key="queue_skip",
    shortcut=SKIP_KEY,
    on_click=on_skip,
    args=(claim.id,) if claim else (),
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
pending = st.session_state.get(CONFIRM)
if claim is not None and pending and pending[0] == claim.id:
    other = queue.review_of(claim.id).verdict_by or "a colleague"
    st.button(
        f"Overwrite {plain(other)}'s verdict with {label(pending[1])}",
        key="queue_overwrite",
        type="primary",
        on_click=on_verdict,
        args=(claim.id, pending[1], queue.review_of(claim.id).version),
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
        f":material/inventory_2: {plain(format_already_checked(match))} (cosine {match.score:.2f}): {plain(match.claim)}{link}"
    )

group = group_by_claim.get(claim.id)
if group is not None:
    group = with_reviews(group, queue.reviews)  # the members' statuses and verdicts as they are now
others = [m for m in group.members if m.claim_id != claim.id] if group else []
if others:
    hidden = withheld_claims(conn, account)
    st.markdown(f"**Group {group.id}: what the other outlets said** ({plural(group.sources, 'outlet')})")
    for m in others:
        speaker = claimant_markdown(m.speaker, m.source)
        shown = m.verdict and not current.hidden and m.claim_id not in hidden
        verdict = f", {label(m.verdict).lower()}" if shown else ""
        st.markdown(
            f"- **{speaker}** in _{plain(m.source)}_: {plain(m.text)} · claim {m.claim_id},"
            f" similarity {m.similarity:.2f}, {status_words(m.status).lower()}{verdict}"
        )
else:
    st.caption("No other outlet has this claim (it is in no group).")

with st.expander("Next in the queue"):
    for c in queue.claims[1:6]:
        st.caption(f"{c.checkworthiness:.2f} · claim {c.id}: {plain(c.text[:140])}")
