"""Search page: type a claim, see the most similar stored claims with their review state."""

import pandas as pd
import streamlit as st

from workbench.search import search
from workbench.ui.common import db, embedder

st.title("Search similar claims")
st.caption("Finds stored claims that say the same thing, so a verdict is never researched twice.")

query = st.text_area(
    "Claim", key="query", placeholder="e.g. Waffenlieferungen an Russland verstoßen gegen UN-Resolutionen"
)
k = st.slider("Results", 1, 50, 10, key="k")
if st.button("Search", key="search", type="primary") and query.strip():
    hits = search(db(), query, embedder(), k)
    if not hits:
        st.info("No claims stored yet.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "score": round(h.score, 3),
                        "claim": h.text,
                        "speaker": h.speaker,
                        "source": h.source,
                        "status": h.status,
                        "verdict": h.verdict,
                        "claim_id": h.claim_id,
                    }
                    for h in hits
                ]
            ),
            hide_index=True,
        )
