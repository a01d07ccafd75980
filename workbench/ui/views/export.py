"""Export page: the verdict CSV, one row per claim with its group and review."""

import pandas as pd
import streamlit as st

from workbench.export import EXPORT_COLUMNS, export_rows, to_csv
from workbench.review import review_counts
from workbench.ui.common import db

st.title("Export")
conn = db()
counts = review_counts(conn)
for col, (status, n) in zip(st.columns(len(counts)), counts.items()):
    col.metric(status.replace("_", " "), n)

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
