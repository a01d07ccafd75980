"""Articles page: add articles (upload, paste text, paste links), follow feeds, and read each article as its
claims.

Every write acts as the signed-in account, which each added article and followed feed records: adding
articles and polling feeds is open to every account, following and unfollowing feeds to editors and admins
(records.PERMISSIONS; the library refuses, and the page hides what the role may not do)."""

from datetime import date as Date

import pandas as pd
import streamlit as st

from workbench import config
from workbench.claims import claim_reasons, list_articles
from workbench.feeds import FeedError, follow, list_feeds, poll, unfollow
from workbench.formats.articles import article_from_text, read_upload
from workbench.formats.files import BadLinesError, IngestError, describe_bad_lines
from workbench.pipeline import ingest_articles, ingest_links
from workbench.records import LANGUAGES, Kind, plural
from workbench.text.sentences import MAX_SENTENCE_CHARS
from workbench.ui.common import db, embedder, plain, progress_bar, signed_in, stored_claims
from workbench.web import FetchError

st.title("Articles")
conn = db()
account = signed_in(conn)
KEEP_OTHER = "Keep articles in other languages (stored without claims)"


def for_the_app(message: str) -> str:
    """A library message with the command line's options named as this page's controls (not escaped)."""
    message = message.replace("try --encoding latin-1", "choose its encoding above (e.g. latin-1)")
    return message.replace("--keep-other-languages stores it", f"tick “{KEEP_OTHER}” to store it")


def day(value) -> str:
    return value.isoformat() if isinstance(value, Date) else ""


def report_line(report) -> str:
    """What an ingest did, in words."""
    furniture = (
        f"; {plural(report.boilerplate, 'boilerplate sentence')} kept aside" if report.boilerplate else ""
    )
    return (
        f"{plural(len(report.added), 'article')} added, {report.skipped:,} already stored;"
        f" {plural(report.claims, 'claim')}{furniture}."
    )


with st.expander("Add articles", expanded=not list_articles(conn)):
    uploads = st.file_uploader(
        "Files: .txt/.md (first line = title), .html, or .jsonl/.csv batches with a text column",
        type=["txt", "md", "html", "htm", "jsonl", "csv"],
        accept_multiple_files=True,
        key="upload",
    )
    encoding = st.selectbox(
        "File encoding",
        ["utf-8", "cp1252", "latin-1"],
        key="upload_encoding",
        help="Older German files are often Windows-1252 (cp1252) or Latin-1; UTF-8 is the default everywhere else.",
    )
    skip_bad = st.checkbox(
        "Skip bad lines in JSONL/CSV batches",
        key="skip_bad_lines",
        help="Add the good lines of a batch and list the bad ones; otherwise a batch with a bad line adds nothing.",
    )
    pasted = st.text_area("…or paste an article (first line = title)", key="paste_text", height=160)
    left, right = st.columns(2)
    outlet = left.text_input(
        "Outlet",
        key="paste_source",
        placeholder="e.g. Tagesschau",
        help="Shown for these files and the pasted text. Empty: a batch row's source, a page's site name, else"
        " the file name.",
    )
    published = right.date_input(
        "Published on",
        value=None,
        min_value=Date(1900, 1, 1),
        format="YYYY-MM-DD",
        key="paste_date",
        help="Empty: a batch row's or a page's own date.",
    )
    keep_other = st.checkbox(KEEP_OTHER, key="keep_other")
    if st.button("Add", key="add", type="primary"):
        bad_lines = []
        named = {"outlet": outlet.strip(), "date": day(published)}
        try:
            articles = [
                a
                for f in uploads or []
                for a in read_upload(
                    f.name, f.getvalue(), encoding=encoding, skip_bad=skip_bad, skipped=bad_lines, **named
                )
            ]
            if pasted.strip():
                articles.append(article_from_text(pasted, source="pasted", **named))
            if not articles:
                raise IngestError("nothing to add: choose files or paste a text")
            report = ingest_articles(
                conn,
                articles,
                embedder(),
                progress=progress_bar("Reading…"),
                keep_other=keep_other,
                by=account,
            )
            st.success(report_line(report))
            for note in report.notes:
                st.info(plain(note))
            if report.long_sentences:
                st.info(
                    f"{report.long_sentences} sentence(s) over {MAX_SENTENCE_CHARS:,} characters were each cut"
                    " into several claims."
                )
            if bad_lines:
                # escaped for Markdown, and each problem as plain text: file names and reasons are user input
                st.warning(
                    plain(f"Skipped {plural(len(bad_lines), 'bad line')}: {describe_bad_lines(bad_lines)}")
                )
                st.text("\n".join(str(bad) for bad in bad_lines))
        except BadLinesError as exc:
            hint = (
                "no good lines"
                if skip_bad
                else "tick “Skip bad lines in JSONL/CSV batches” to add the good lines"
            )
            st.error(f"Nothing was added: {plain(f'{exc}; {hint}')}")
        except (IngestError, ValueError, PermissionError) as exc:
            st.error(f"Nothing was added: {plain(for_the_app(str(exc)))}")

with st.expander("Paste links"):
    links = st.text_area("Links to web pages, one per line (http or https)", key="links", height=120)
    link_outlet = st.text_input(
        "Outlet of these pages", key="links_outlet", help="Empty: each page's own site name, else its host."
    )
    link_keep_other = st.checkbox(KEEP_OTHER, key="links_keep_other")
    if st.button("Fetch and add", key="fetch_links", type="primary"):
        given = [line.strip() for line in links.splitlines() if line.strip()]
        if not given:
            st.error("Nothing was added: paste one or more links, one per line")
        else:
            try:
                report, failures = ingest_links(
                    conn,
                    given,
                    embedder(),
                    outlet=link_outlet.strip(),
                    keep_other=link_keep_other,
                    progress=progress_bar("Reading…"),
                    by=account,
                )
            except (IngestError, ValueError, PermissionError) as exc:
                st.error(f"Nothing was added: {plain(for_the_app(str(exc)))}")
            else:
                st.success(report_line(report))
                for note in report.notes:
                    st.info(plain(note))
                if failures:
                    st.warning(f"{plural(len(failures), 'link')} failed; the others went in:")
                    st.text("\n".join(for_the_app(f) for f in failures))  # st.text shows text as it is

with st.expander("Feeds"):
    # every action runs before the table is drawn, so the table shows its outcome
    if account.may("feeds"):
        feed_url = st.text_input("Follow a feed (RSS or Atom address)", key="feed_url")
        feed_outlet = st.text_input(
            "Outlet of its articles", key="feed_outlet", help="Empty: each page's own site name."
        )
        if st.button("Follow", key="follow"):
            try:
                feed = follow(conn, feed_url, by=account, outlet=feed_outlet)
            except (FeedError, FetchError, IngestError, PermissionError) as exc:
                st.error(f"Not followed: {plain(str(exc))}")
            else:
                st.success(plain(f"Following {feed.title or feed.url}. “Poll now” adds its articles."))
    else:
        st.caption("Editors and admins choose which feeds the desk follows; everyone may poll them.")
    followed = list_feeds(conn)
    if followed:
        left, right = st.columns([3, 1])
        if account.may("feeds"):
            gone = left.selectbox(
                "Stop following",
                [None, *followed],
                format_func=lambda f: "—" if f is None else f.url,
                key="unfollow_feed",
            )
            if gone is not None and right.button("Unfollow", key="unfollow"):
                try:
                    unfollow(conn, gone.id, account)
                except (FeedError, PermissionError) as exc:
                    st.error(f"Not unfollowed: {plain(str(exc))}")
                else:
                    st.success(plain(f"No longer following {gone.url}; its articles stay."))
        if st.button("Poll now", key="poll", help="Fetch every feed and add the items not seen before."):
            with st.spinner("Polling the feeds…"):
                try:
                    results = poll(conn, embedder(), by=account)
                except PermissionError as exc:
                    st.error(plain(str(exc)))
                    results = []
            for result in results:
                line = plain(f"{result.feed.title or result.feed.url}: {result.line()}")
                (st.warning if result.failed else st.success)(line)
    followed = list_feeds(conn)
    if followed:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "id": f.id,
                        "feed": f.title or f.url,
                        "url": f.url,
                        "outlet": f.outlet,
                        "articles": f.articles,
                        "followed by": f.added_by,
                        "last poll": f.polled_at or "not yet",
                        "polled by": f.polled_by,
                        "result": f.result,
                    }
                    for f in followed
                ]
            ),
            hide_index=True,
            key="feeds_table",
        )
    else:
        st.caption("No feeds followed yet.")
    if not config.allow_private():
        st.caption(
            "Links on private or local networks are refused (WORKBENCH_ALLOW_PRIVATE=1 on the server allows them)."
        )

articles = list_articles(conn)
if not articles:
    st.info("No articles yet.")
    st.stop()

# every claim, those of replaced articles too: each article reads as it was stored (once per version)
claims = stored_claims(include_boilerplate=True, include_retired=True)
counted = pd.Series(
    [c.article_id for c in claims if c.kind != Kind.BOILERPLATE.value], dtype="int64"
).value_counts()
furniture = pd.Series(
    [c.article_id for c in claims if c.kind == Kind.BOILERPLATE.value], dtype="int64"
).value_counts()


def language(a) -> str:
    if a.lang in LANGUAGES:
        return f"{a.lang} ({a.lang_confidence:.2f})" if a.lang_confidence else a.lang
    return "other: not German or English, no claims"


st.dataframe(
    pd.DataFrame(
        [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "date": a.date,
                "author": a.author,
                "language": language(a),
                "claims": int(counted.get(a.id, 0)),
                "boilerplate": int(furniture.get(a.id, 0)),
                "url": a.url,
                "added by": a.added_by,
                "note": a.note,
                "version": (
                    f"replaced by {a.replaced_by}"
                    if a.replaced_by
                    else f"new version of {a.replaces}"
                    if a.replaces
                    else ""
                ),
            }
            for a in articles
        ]
    ),
    hide_index=True,
    key="articles_table",
)

chosen = st.selectbox(
    "Read an article as claims",
    articles,
    format_func=lambda a: f"{a.id}: {a.title[:90]} ({a.outlet})",
    key="article",
)
st.subheader(plain(chosen.title) or "(untitled)")
byline = " · ".join(
    filter(None, [chosen.outlet, chosen.date, chosen.author, language(chosen), chosen.url or "no URL"])
)
st.caption(plain(byline))
if chosen.lang not in LANGUAGES:
    st.warning("This article is in neither German nor English: it is stored without claims.")
if chosen.note:
    st.info(plain(chosen.note))
if chosen.replaced_by:
    st.warning(
        f"A newer version of this article replaced it: article {chosen.replaced_by}. Its claims are kept with"
        " their reviews and history, but are out of groups, the queue and the export."
    )
elif chosen.replaces:
    st.info(
        f"A new version of article {chosen.replaces}: claims with the same words kept their reviews; claims"
        " marked “changed” were changed and need a new look."
    )
show_furniture = st.checkbox(
    "Show boilerplate (page furniture kept aside: menus, share bars, bylines, lone dates)",
    key="show_boilerplate",
)
st.dataframe(
    pd.DataFrame(
        [
            {
                "claim": c.text,
                "speaker": c.speaker or ("(unclear)" if c.speaker_unclear else ""),
                "role": c.role,
                "frame": c.frame,  # the words that made the attribution
                "kind": c.kind,
                "check-worthiness": round(c.checkworthiness, 2),
                "why": "; ".join(f"{r.label}: {r.words}" for r in claim_reasons(conn, c)),
                "start": c.start,
                "end": c.end,
                "sentence": c.sentence,
                "changed": "changed in this version" if c.changed else "",
                "id": c.id,
            }
            for c in claims
            if c.article_id == chosen.id and (show_furniture or c.kind != Kind.BOILERPLATE.value)
        ]
    ),
    hide_index=True,
)
with st.expander("Full text"):
    st.text(chosen.text)
