"""Export page: the verdict CSV (one row per claim with its group and review) and the ClaimReview JSON-LD of
the claims reviewed done with a verdict, under the organisation name and label language set here."""

import pandas as pd
import streamlit as st

from workbench import config
from workbench.export import EXPORT_COLUMNS, claim_reviews, export_rows, to_csv, unpublished_verdicts
from workbench.formats.claimreview import to_jsonld
from workbench.records import DEFAULT_LABELS, LABEL_LANGUAGES, SettingsError
from workbench.review import review_counts
from workbench.ui.common import db, keep, remembered

st.title("Export")
conn = db()
counts = review_counts(conn)
for col, (status, n) in zip(st.columns(len(counts)), counts.items()):
    col.metric(status.replace("_", " "), n)

st.subheader("Verdict CSV")
rows = export_rows(conn)
reviewed_only = st.checkbox("Only claims with a verdict", key="reviewed_only")
if reviewed_only:
    rows = [r for r in rows if r["verdict"]]
st.download_button(
    f"Download verdict CSV ({len(rows)} claims)",
    to_csv(rows),
    file_name="verdicts.csv",
    mime="text/csv",
    key="download",
    type="primary",
)
st.dataframe(pd.DataFrame(rows, columns=EXPORT_COLUMNS), hide_index=True)

st.subheader("ClaimReview JSON-LD")
st.caption(
    "schema.org ClaimReview for every claim whose review is done and has a verdict: the markup fact-checkers"
    " publish, and what Import fact-checks reads back. The settings below are kept for this browser session."
)
left, middle, right = st.columns([2, 3, 1])
left.text_input(
    "Organisation (author of the fact-checks)",
    key=remembered("organisation", config.organisation()),
)
middle.text_input(
    "Fact-check address (optional)",
    key=remembered("url_template", config.url_template()),
    placeholder="https://factcheck.example.org/claims/{claim_id}",
    help="Each fact-check's url: {claim_id} and {article_id} are filled in. Empty: no url.",
)
env_labels = config.labels(DEFAULT_LABELS)
right.radio(
    "Verdict words",
    LABEL_LANGUAGES,
    key=remembered("labels", env_labels if env_labels in LABEL_LANGUAGES else DEFAULT_LABELS),
    format_func={"en": "English", "de": "Deutsch"}.get,
    horizontal=True,
)
organisation, url_template, labels = keep("organisation"), keep("url_template"), keep("labels")
try:
    reviews = claim_reviews(conn, organisation=organisation, url_template=url_template, labels=labels)
except SettingsError as exc:
    st.error(str(exc))
else:
    st.download_button(
        f"Download ClaimReview JSON-LD ({len(reviews)} fact-checks)",
        to_jsonld(reviews),
        file_name="claimreview.jsonld",
        mime="application/ld+json",
        key="download_claimreview",
        disabled=not reviews,
    )
    waiting = unpublished_verdicts(conn)
    if waiting:
        st.caption(f"{waiting} claim(s) with a verdict whose review is not done yet are left out.")
    if not organisation.strip():
        st.warning("No organisation given: the fact-checks name no author.")
    if reviews:
        with st.expander("First ClaimReview"):
            st.json(reviews[0])
