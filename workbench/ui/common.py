"""What every page shares: the database of this rerun, the signed-in account (looked up on every rerun), the
cached model, what is cached per version of the data, the words of values (verdicts, statuses) in the
account's language, and safe display of user text."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import streamlit as st

from workbench import config
from workbench.accounts import LOCAL_DESK, account_for_identity, end_session, session_account
from workbench.records import Account, claimant, describe_error, status_label, strip_invisible, verdict_label
from workbench.settings import labels_for
from workbench.store import open_db, watch_changes
from workbench.text.details import differences
from workbench.vectors import embedders


def db():
    """A connection for this rerun; never cached, because Streamlit reruns may land on other threads."""
    return open_db(config.db_path(), pooled=True)


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedder():
    """The embedding model, loaded once per server process."""
    return embedders.load_embedder(config.model())


# --- what is cached per version of the data -----------------------------------------------------------------
# A page reruns on every click. What is expensive to read or compute from the whole database (the groups
# with their members) is kept per version of the database file (store.watch_changes: one cheap statement
# per rerun), so a rerun with nothing changed reads it from memory and any commit, by anyone, is seen on
# the next rerun. Kept objects are shared between sessions: pages only read them, never change them.


@st.cache_resource(show_spinner=False)
def _watch(path: str):
    open_db(path).close()  # the file exists, with its schema, before it is watched
    return watch_changes(path)


def data_version() -> tuple[str, int]:
    """The database file of this server and a number that changes whenever anything is committed to it."""
    path = config.db_path()
    return path, _watch(path)()


def data_marks(*kinds: str) -> tuple:
    """The database file of this server and, for each of ``kinds`` ("articles", "claims", "groups",
    "reviews"), a number that changes whenever that kind of data is committed, by anyone: a key for what is
    kept of those kinds only. A review decision, a lock or a setting leaves the claims' number as it was, so
    what is kept of the claims is not read again for them."""
    path = config.db_path()
    marks = _watch(path).marks()
    return (path, *(marks[kind] for kind in kinds))


@st.cache_resource(max_entries=2, show_spinner=False)
def _groups(version: tuple) -> list:
    from workbench.group import list_groups

    conn = open_db(version[0], pooled=True)
    try:
        return list_groups(conn, min_size=2, min_sources=1)
    finally:
        conn.close()


def stored_groups() -> list:
    """Every group of two or more claims (and those with suggestions), as ``group.list_groups`` lists them,
    read once per change of the groups, claims, articles or reviews (their members' statuses and verdicts).
    Read-only: shared between sessions."""
    return _groups(data_marks("articles", "claims", "groups", "reviews"))


@st.cache_resource(max_entries=2, show_spinner=False)
def _group_index(version: tuple) -> tuple[dict, dict]:
    # made from the groups as stored_groups keeps them (read already if the Groups page was shown since the
    # last change), and kept until the groups, claims or articles change: not after a review decision
    by_id = {g.id: g for g in stored_groups() if g.size >= 2}
    return by_id, {m.claim_id: g for g in by_id.values() for m in g.members}


def stored_group_index() -> tuple[dict, dict]:
    """(group id -> group, claim id -> its group) of the groups of two or more claims, read once per change of
    the groups, claims or articles, so not again after a review decision. The members' status and verdict
    are those of when the groups were read, possibly older than the reviews: show a group through
    ``with_reviews``, which gives it with its members' current ones. Read-only."""
    return _group_index(data_marks("articles", "claims", "groups"))


def with_reviews(group, reviews: dict):
    """A copy of ``group`` whose members have the status and verdict of ``reviews`` (claim id -> Review, as
    ``review.current_reviews`` gives them; a claim without one is unreviewed)."""
    from dataclasses import replace

    from workbench.records import Review

    def review(claim_id: int) -> Review:
        return reviews.get(claim_id) or Review(claim_id)

    return replace(
        group,
        members=[
            replace(m, status=review(m.claim_id).status, verdict=review(m.claim_id).verdict)
            for m in group.members
        ],
    )


@st.cache_resource(max_entries=2, show_spinner=False)
def _reviews(version: tuple) -> dict:
    from workbench.review import current_reviews

    conn = open_db(version[0])
    try:
        return current_reviews(conn)
    finally:
        conn.close()


def stored_reviews() -> dict:
    """``review.current_reviews`` (claim id -> its review, unfiltered: a page withholds what the account may
    not see), read once per change of the reviews. Read-only: shared between sessions."""
    return _reviews(data_marks("reviews"))


@st.cache_resource(max_entries=64, show_spinner=False)
def _decided(version: tuple, reviewer: str) -> frozenset:
    from workbench.queue import reviewed_by

    conn = open_db(version[0])
    try:
        return frozenset(reviewed_by(conn, reviewer))
    finally:
        conn.close()


def stored_decided(reviewer: str) -> frozenset:
    """``queue.reviewed_by``: the claims ``reviewer`` has decided, read once per change of the reviews."""
    return _decided(data_marks("reviews"), reviewer)


@st.cache_resource(max_entries=2, show_spinner=False)
def _articles(version: tuple) -> list:
    from workbench.claims import list_articles

    conn = open_db(version[0])
    try:
        return list_articles(conn)
    finally:
        conn.close()


def stored_articles() -> list:
    """``claims.list_articles``, read once per change of the articles. Read-only: shared between sessions."""
    return _articles(data_marks("articles"))


@st.cache_resource(max_entries=2, show_spinner=False)
def _claims(version: tuple) -> list:
    from workbench.claims import list_claims

    conn = open_db(version[0], pooled=True)
    try:
        return list_claims(conn, include_boilerplate=True, include_retired=True)
    finally:
        conn.close()


def stored_claims(
    article_id: int | None = None, *, include_boilerplate: bool = False, include_retired: bool | None = None
) -> list:
    """``claims.list_claims`` (the same arguments), from the claims read once per change of the claims.
    Read-only."""
    if include_retired is None:
        include_retired = article_id is not None
    return [
        c
        for c in _claims(data_marks("claims"))
        if (article_id is None or c.article_id == article_id)
        and (include_boilerplate or c.kind != "boilerplate")
        and (include_retired or not c.retired)
    ]


def progress_bar(text: str):
    """A progress bar showing ``text`` until the work first reports; returns the ``progress(stage, done,
    total)`` callback that the library's long calls take (ingest, archive import, regroup)."""
    bar = st.progress(0.0, text=text)
    return lambda stage, done, total: bar.progress(done / max(total, 1), text=f"{stage} {done:,}/{total:,}")


@lru_cache(maxsize=200_000)
def _differences(texts: tuple[str, ...], langs: tuple[str, ...]) -> tuple:
    return tuple(tuple(d) for d in differences(list(texts), list(langs)))


def group_differences(group) -> tuple:
    """``text.details.differences`` of a group's members (one tuple per member), computed once per set of
    texts: it depends on nothing else, so it never goes stale."""
    return _differences(tuple(m.text for m in group.members), tuple(m.lang for m in group.members))


# --- who is signed in -------------------------------------------------------------------------------------


def session_token() -> str:
    """The session cookie the browser sent when it connected (HttpOnly: set by the sign-in page, ui/web.py)."""
    from workbench.ui.web import SESSION_COOKIE

    value = st.context.cookies.get(SESSION_COOKIE, "")
    return value if isinstance(value, str) else ""


def _sso_user() -> dict | None:
    """Streamlit's single sign-on identity (st.user) when ``[auth]`` is configured and someone signed in."""
    from workbench.ui.web import sso_configured

    if not sso_configured():
        return None
    user = st.user.to_dict()
    return user if user.get("is_logged_in") is True else None


def current_account(conn=None) -> Account | None:
    """The signed-in account, read from the database on every rerun: by the session cookie, else (single
    sign-on) by st.user's subject or email. None when nobody is signed in, or the identity has no account."""
    conn = conn or db()
    token = session_token()
    if token:
        account = session_account(conn, token)
        if account is not None:
            return account
    user = _sso_user()
    if user:
        return account_for_identity(
            conn,
            email=str(user.get("email") or ""),
            subject=str(user.get("sub") or ""),
            email_verified=user.get("email_verified")
            if isinstance(user.get("email_verified"), bool)
            else None,
        )
    return None


def signed_in(conn=None) -> Account:
    """The signed-in account; otherwise a sign-in screen, and the page stops here (nothing else is shown)."""
    account = current_account(conn)
    if account is not None:
        return account
    st.title("Claim Workbench")
    user = _sso_user()
    if user:
        who = plain(str(user.get("email") or user.get("name") or "your identity"))
        st.warning(
            f"Signed in as {who}, but this desk has no account for you. An admin adds one with"
            " `workbench user add NAME --role reviewer --email ADDRESS`."
        )
        st.button("Sign out", key="sso_sign_out", on_click=st.logout)
    else:
        st.info("Sign in to use the workbench: your session has ended or you are not signed in.")
        from workbench.ui.web import sso_configured

        if sso_configured():
            st.button("Sign in with your organisation", key="sso_sign_in", type="primary", on_click=st.login)
        # st.logout sends the browser to /auth/logout, which clears the session cookie and opens the sign-in page
        st.button("Sign in", key="sign_in_again", on_click=st.logout)
    st.stop()


def sign_out() -> None:
    """End this browser's session in the database, then let the browser clear its cookie (via /auth/logout)."""
    token = session_token()
    if token:
        end_session(db(), token)
    st.logout()


def account_sidebar(account: Account) -> None:
    """Who is signed in, in which role, and the sign-out button."""
    with st.sidebar:
        if account.name == LOCAL_DESK:
            st.caption(
                "Local desk: no accounts yet, so this machine works as the desk's admin. Add accounts with"
                " `workbench user add NAME --role admin` to make everyone sign in."
            )
            return
        st.markdown(f"Signed in as **{plain(account.label)}** · {account.role}")
        st.button("Sign out", key="sign_out", on_click=sign_out)


def labels(account: Account | None = None, conn=None) -> str:
    """The verdict-word language of the signed-in account: its preference, else the desk's ("en"/"de")."""
    return labels_for(conn or db(), account)


def verdict_words(verdict: str, language: str) -> str:
    """A verdict in words ("" stays "", shown as a dash by the caller)."""
    return verdict_label(verdict, language) if verdict else ""


def status_words(status: str) -> str:
    """A workflow status in words ("needs_second_review" -> "Needs second review")."""
    return status_label(status)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# Streamlit's markdown (remark-gfm) turns addresses into links after escapes are resolved: "https\://x.org",
# "www\.x\.org" and "a\@x\.org" still become links (seen in a real browser). A word joiner (U+2060, shown as
# nothing) inside the pattern, where the link finder needs two characters to touch, keeps them text.
_LINK_START = re.compile(
    r"(?i)(?<=http)(?=:)|(?<=https)(?=:)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)|(?<=www)(?=\.)|(?=@)"
)
WORD_JOINER = "\u2060"


def plain(text: str) -> str:
    """Escape text for st.markdown so user text shows literally: no links (not even bare addresses), images,
    HTML or formatting, and no invisible characters (bidi controls, zero-width characters) of its own that
    would make it read as something else."""
    text = _LINK_START.sub(WORD_JOINER, strip_invisible(text or ""))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def without_folder(message: str, folder: str) -> str:
    """``message`` with the server's ``folder`` (where an upload was written) left out of every path in it,
    so it names the uploaded file as the user knows it."""
    return message.replace(folder.rstrip("/") + "/", "").replace(folder, "")


def error_message(exc: BaseException) -> str:
    """One line for the user about an exception a page did not handle: never a traceback or a server path
    beyond the database's own name (the traceback goes to the server's log)."""
    from workbench.store import explain_error

    logging.getLogger("workbench.ui").error("a page failed", exc_info=exc)
    return explain_error(exc, config.db_path()) or describe_error(exc)


def in_context(text: str, start: int, end: int, span_start: int, span_end: int, chars: int = 300) -> str:
    """The passage of ``text`` around ``text[start:end]`` as escaped markdown, that sentence highlighted and
    its part ``text[span_start:span_end]`` in bold; about ``chars`` characters either side, cut at a space."""
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    if lo > 0:  # begin and end on whole words
        lo = next((i + 1 for i in range(lo, start) if text[i].isspace()), start)
    if hi < len(text):
        hi = next((i for i in range(hi, end, -1) if text[i].isspace()), end)
    span_start, span_end = max(start, min(span_start, end)), max(start, min(span_end, end))

    def flat(s: str) -> str:  # a highlight cannot span lines
        return plain(re.sub(r"\s+", " ", s))

    span = text[span_start:span_end]
    if span.strip() and span != text[start:end]:
        # markdown bold needs its markers right next to text, so spaces go outside them
        lead, trail = span[: len(span) - len(span.lstrip())], span[len(span.rstrip()) :]
        sentence = (
            f"{flat(text[start:span_start] + lead)}**{flat(span.strip())}**{flat(trail + text[span_end:end])}"
        )
    else:
        sentence = flat(text[start:end])
    before, after = plain(text[lo:start]), plain(text[end:hi])
    return (
        f"{'…' if lo > 0 else ''}{before}:orange-background[{sentence}]{after}{'…' if hi < len(text) else ''}"
    )


def claimant_line(claim, source: str) -> str:
    """Markdown naming who makes the claim, in which outlet (an unattributed claim's claimant is the outlet),
    with the words that made the attribution (the frame) so a reviewer can check them."""
    frame = getattr(claim, "frame", "")
    evidence = f" · from the words “{plain(frame)}”" if frame else ""
    if claim.speaker:
        role = f" ({plain(claim.role)})" if claim.role else ""
        return f"**{plain(claim.speaker)}**{role} in _{plain(source)}_{evidence}"
    if getattr(claim, "speaker_unclear", False):
        return (
            f":material/warning: **Speaker unclear** in _{plain(source)}_: someone is quoted, but who is not"
            f" certain{evidence}"
        )
    return f"No speaker named: the claimant is the outlet, _{plain(claimant(claim.speaker, source))}_"


def claimant_markdown(speaker: str, source: str) -> str:
    """Markdown for who makes a claim: the speaker, or the outlet marked as such ("_Tagesschau (outlet)_")."""
    return plain(speaker) if speaker else f"_{plain(claimant(speaker, source))} (outlet)_"


def claimant_text(speaker: str, source: str, unclear: bool = False) -> str:
    """Plain text for who makes a claim: the speaker, "speaker unclear", or "Tagesschau (outlet)"."""
    if not speaker and unclear:
        return "speaker unclear"
    return speaker if speaker else f"{claimant(speaker, source)} (outlet)"
