"""Search page: type a claim, see the most similar stored claims and earlier fact-checks, best first. A claim's
verdict that the signed-in account may not see yet (blind second review) is left out."""

import pandas as pd
import streamlit as st

from workbench.pipeline import refresh_search_vectors
from workbench.search import MAX_QUERY_CHARS, limit_query, search
from workbench.ui.common import db, embedder, labels, signed_in, status_words, verdict_words

st.title("Search similar claims")
account = signed_in(db())
st.caption(
    "Finds claims that say the same thing, among the articles and the archive of earlier fact-checks, "
    "by their words and their meaning, so a verdict is never researched twice."
)

query = st.text_area(
    "Claim",
    key="query",
    placeholder="e.g. Waffenlieferungen an Russland verstoßen gegen UN-Resolutionen",
    max_chars=MAX_QUERY_CHARS,  # the browser stops typing and pasting there; the server cuts as well
    help=f"At most {MAX_QUERY_CHARS:,} characters: a claim or a few sentences.",
)
left, right = st.columns([2, 3])
k = left.slider("Results", 1, 50, 10, key="k")
scope = right.radio(
    "Search in",
    ["all", "claims", "factchecks"],
    format_func={"all": "both", "claims": "article claims", "factchecks": "earlier fact-checks"}.get,
    horizontal=True,
    key="scope",
)
if st.button("Search", key="search", type="primary") and query.strip():
    if limit_query(query)[1]:
        st.warning(f"The search text was cut to its first {MAX_QUERY_CHARS:,} characters.")
    conn = db()
    refresh_search_vectors(conn, embedder())
    hits = search(conn, query, embedder(), k, scope, viewer=account)
    language = labels(account, conn)
    if not hits:
        st.info(
            "Nothing stored yet: add articles, or import earlier fact-checks with `workbench import-factchecks`."
        )
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "rank": rank,
                        "what": "earlier fact-check" if h.kind == "factcheck" else "article claim",
                        "claim": h.text,
                        # an archive item's verdict is the publisher's own word; a claim's is ours
                        "verdict": h.verdict if h.kind == "factcheck" else verdict_words(h.verdict, language),
                        "source": h.source,
                        "speaker": h.speaker,
                        "cosine": None if h.cosine is None else round(h.cosine, 3),
                        "words matched": ", ".join(h.matched),
                        "score": h.score,
                        "status": h.status if h.kind == "factcheck" else status_words(h.status),
                        "date": h.date,
                        "id": h.match_id,
                    }
                    for rank, h in enumerate(hits, 1)
                ]
            ),
            hide_index=True,
            column_config={
                "score": st.column_config.NumberColumn(
                    help="Ranks the hits: word match (BM25) and meaning (cosine) combined"
                ),
                "cosine": st.column_config.NumberColumn(help="Similarity of meaning, 1 = same"),
            },
        )
