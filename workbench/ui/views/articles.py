"""Articles page: add articles (upload or paste) and read each article as its claims."""

import pandas as pd
import streamlit as st

from workbench.claims import list_articles, list_claims
from workbench.formats.articles import article_from_text, read_upload
from workbench.formats.files import BadLinesError, IngestError, describe_bad_lines
from workbench.pipeline import ingest_articles
from workbench.text.checkworthy import explain
from workbench.text.sentences import MAX_SENTENCE_CHARS
from workbench.ui.common import db, embedder, plain

st.title("Articles")
conn = db()

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
    source = st.text_input("Outlet of the pasted text", key="paste_source", placeholder="e.g. Tagesschau")
    if st.button("Add", key="add", type="primary"):
        bad_lines = []
        try:
            articles = [
                a
                for f in uploads or []
                for a in read_upload(
                    f.name, f.getvalue(), encoding=encoding, skip_bad=skip_bad, skipped=bad_lines
                )
            ]
            if pasted.strip():
                articles.append(article_from_text(pasted, source=source.strip() or "pasted"))
            if not articles:
                raise IngestError("nothing to add: choose files or paste a text")
            bar = st.progress(0.0, text="Reading…")
            report = ingest_articles(
                conn,
                articles,
                embedder(),
                progress=lambda stage, done, total: bar.progress(
                    done / max(total, 1), text=f"{stage} {done}/{total}"
                ),
            )
            st.success(
                f"{len(report.added)} article(s) added, {report.skipped} already stored; {report.claims} claims."
            )
            if report.long_sentences:
                st.info(
                    f"{report.long_sentences} sentence(s) over {MAX_SENTENCE_CHARS:,} characters were each cut"
                    " into several claims."
                )
            if bad_lines:
                # escaped for Markdown, and each problem as plain text: file names and reasons are user input
                st.warning(plain(f"Skipped {len(bad_lines)} bad line(s): {describe_bad_lines(bad_lines)}"))
                st.text("\n".join(str(bad) for bad in bad_lines))
        except BadLinesError as exc:
            hint = (
                "no good lines"
                if skip_bad
                else "tick “Skip bad lines in JSONL/CSV batches” to add the good lines"
            )
            st.error(f"Nothing was added: {plain(f'{exc}; {hint}')}")
        except (IngestError, ValueError) as exc:
            # the readers speak the CLI's language; here the encoding is the selectbox above
            message = str(exc).replace("try --encoding latin-1", "choose its encoding above (e.g. latin-1)")
            st.error(f"Nothing was added: {plain(message)}")

articles = list_articles(conn)
if not articles:
    st.info("No articles yet.")
    st.stop()

claims = list_claims(conn)
per_article = pd.Series([c.article_id for c in claims]).value_counts()
st.dataframe(
    pd.DataFrame(
        [
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "language": a.lang,
                "date": a.date,
                "claims": int(per_article.get(a.id, 0)),
            }
            for a in articles
        ]
    ),
    hide_index=True,
)

chosen = st.selectbox(
    "Read an article as claims",
    articles,
    format_func=lambda a: f"{a.id}: {a.title[:90]} ({a.source})",
    key="article",
)
st.subheader(plain(chosen.title) or "(untitled)")
st.caption(plain(f"{chosen.source} · {chosen.lang} · {chosen.url or 'no URL'}"))
st.dataframe(
    pd.DataFrame(
        [
            {
                "claim": c.text,
                "speaker": c.speaker,
                "role": c.role,
                "kind": c.kind,
                "check-worthiness": round(c.checkworthiness, 2),
                "why": "; ".join(f"{r.label}: {r.words}" for r in explain(c.text)),
                "start": c.start,
                "end": c.end,
                "sentence": c.sentence,
                "id": c.id,
            }
            for c in claims
            if c.article_id == chosen.id
        ]
    ),
    hide_index=True,
)
with st.expander("Full text"):
    st.text(chosen.text)
