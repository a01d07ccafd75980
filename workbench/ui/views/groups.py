"""Groups page: the same assertion across outlets, side by side per source and speaker."""

import streamlit as st

from workbench.group import list_groups, regroup, threshold_for
from workbench.ui.common import db, embedder, plain

st.title("Groups")
st.caption(
    "Claims that make the same assertion, side by side per outlet. Similarity is the cosine to the group's first claim."
)

conn = db()
left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
across = left.toggle("Only groups spanning two or more outlets", value=True, key="across_sources")
threshold = middle.number_input(
    f"Similarity threshold ({embedder().name})",
    0.0,
    1.0,
    threshold_for(embedder().name),
    0.01,
    key="threshold",
    help="Higher: fewer, tighter groups. Lower: more links, more of them loose.",
)
if right.button("Regroup now", key="regroup"):
    with st.spinner("Grouping…"):
        n_groups, n_claims = regroup(conn, embedder(), threshold)
    st.toast(f"{n_groups} groups of two or more claims ({n_claims} claims)")

groups = list_groups(conn, min_size=2, min_sources=2 if across else 1)
if not groups:
    st.info("No groups yet. Add articles from two or more outlets on the Articles page.")
st.write(f"**{len(groups)}** groups")

for g in groups:
    with st.container(border=True):
        st.markdown(f"**Group {g.id}** · {g.size} claims · {g.sources} articles")
        by_source: dict[tuple[int, str], list] = {}
        for m in g.members:
            by_source.setdefault((m.article_id, m.source), []).append(m)
        for col, ((article_id, source), members) in zip(
            st.columns(len(by_source)), sorted(by_source.items())
        ):
            col.caption(f"📰 {plain(source)} (article {article_id})")
            for m in members:
                # an unattributed claim is the outlet's own: it is the claimant
                speaker = plain(m.speaker) if m.speaker else f"_{plain(source)} (outlet)_"
                col.markdown(f"**{speaker}**: {plain(m.text)}")
                verdict = f" · {m.verdict}" if m.verdict else ""
                col.caption(f"claim {m.claim_id} · similarity {m.similarity:.2f} · {m.status}{verdict}")
