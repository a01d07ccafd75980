"""Export page: the verdict CSV (one row per claim with its group and review; UTF-8 with a byte-order mark, and
a German Excel file with ";") and, for editors, the ClaimReview JSON-LD of the claims reviewed done with a
verdict, under the desk's organisation, address template and verdict words (Settings)."""

from functools import partial

import pandas as pd
import streamlit as st

from workbench.export import EXPORT_COLUMNS, claim_reviews, csv_file, export_rows, unpublished_verdicts
from workbench.formats.claimreview import to_jsonld
from workbench.records import SettingsError, plural
from workbench.review import review_counts
from workbench.settings import desk_settings
from workbench.ui.common import data_version, db, labels, plain, signed_in, status_words, verdict_words

PREVIEW_ROWS = 1000

st.title("Export")
conn = db()
account = signed_in(conn)
LABELS = labels(account, conn)
counts = review_counts(conn)
for col, (status, n) in zip(st.columns(len(counts)), counts.items()):
    col.metric(status_words(status), n)

st.subheader("Verdict CSV")
reviewed_only = st.checkbox("Only claims with a verdict", key="reviewed_only")


@st.cache_resource(max_entries=8, show_spinner="Preparing the files…")
def verdict_rows(version, viewer: str, language: str, reviewed_only: bool):
    """The rows and the preview in words, built once per version of the data, account and choice (they hold
    every claim: at 10,000 claims they took a second on every rerun). Read-only: shared between reruns."""
    # what this account may see: a first verdict waiting for its blind second review is left out
    rows = export_rows(conn, viewer=account)
    if reviewed_only:
        rows = [r for r in rows if r["verdict"]]
    preview = pd.DataFrame(rows[:PREVIEW_ROWS], columns=EXPORT_COLUMNS)
    if len(preview):  # the preview in words; the files keep the codes
        preview["status"] = preview["status"].map(status_words)
        preview["verdict"] = preview["verdict"].map(lambda v: verdict_words(v, language))
    return rows, preview


rows, shown = verdict_rows(data_version(), account.name, LABELS, reviewed_only)
n_rows = len(rows)
# The files are written when their button is pressed (Streamlit runs the function then, on a thread of its
# own), not on every visit: both CSVs of 10,000 claims took most of the page's first second. They are made
# from the rows this visit shows, so a file holds what its button's label counts. A press reruns nothing
# (on_click="ignore"): the browser asks for the file and, by default, for a rerun at once, which registers
# the file anew; in CI under load the download then never came.
st.caption(
    "UTF-8 with a byte-order mark, so Excel shows umlauts right; the German Excel file separates cells with"
    " “;” and writes decimals with a comma. The files hold the codes other tools read (false, mostly_true)."
)
left, right = st.columns(2)
left.download_button(
    f"Download verdict CSV ({plural(n_rows, 'claim')})",
    partial(csv_file, rows),
    file_name="verdicts.csv",
    mime="text/csv",
    key="download",
    on_click="ignore",
    type="primary",
)
right.download_button(
    f"Excel (German, “;”) ({plural(n_rows, 'claim')})",
    partial(csv_file, rows, excel_de=True),
    file_name="verdicts-excel-de.csv",
    mime="text/csv",
    key="download_excel_de",
    on_click="ignore",
)
if n_rows > PREVIEW_ROWS:  # the browser gets the first rows; the files hold every claim
    st.caption(f"The first {PREVIEW_ROWS:,} of {plural(n_rows, 'claim')}; the files hold them all.")
st.dataframe(shown, hide_index=True)

st.subheader("ClaimReview JSON-LD")
desk = desk_settings(conn)
st.caption(
    "schema.org ClaimReview for every claim whose review is done and has a verdict: the markup fact-checkers"
    " publish, and what Import fact-checks reads back. The organisation, address and verdict words are the"
    " desk's (admins change them on the Settings page)."
)
st.markdown(
    f"Organisation: **{plain(desk.organisation) or '–'}** · address: {plain(desk.url_template) or '– none –'}"
    f" · verdict words: {'Deutsch' if desk.labels == 'de' else 'English'}"
)
if not account.may("publish"):
    st.info("Editors and admins publish ClaimReview: ask one of them.")
    st.stop()


@st.cache_resource(max_entries=8, show_spinner="Preparing the files…")
def claimreview_records(version, publisher: str):
    """The ClaimReview records, once per version of the data (the desk's settings and the account's role
    are in it too) and account; their JSON-LD file is written when its button is pressed. Read-only."""
    return claim_reviews(
        conn,
        organisation=desk.organisation,
        url_template=desk.url_template,
        labels=desk.labels,
        by=account,
    )


try:
    reviews = claimreview_records(data_version(), account.name)
except (SettingsError, PermissionError) as exc:
    st.error(plain(str(exc)))
else:
    st.download_button(
        f"Download ClaimReview JSON-LD ({plural(len(reviews), 'fact-check')})",
        partial(to_jsonld, reviews),
        file_name="claimreview.jsonld",
        mime="application/ld+json",
        key="download_claimreview",
        on_click="ignore",
        disabled=not reviews,
    )
    waiting = unpublished_verdicts(conn)
    if waiting:
        st.caption(f"{plural(waiting, 'claim')} with a verdict whose review is not done yet left out.")
    if not desk.organisation.strip():
        st.warning(
            "No organisation set: the fact-checks name no author. An admin sets it on the Settings page."
        )
    if reviews:
        with st.expander("First ClaimReview"):
            st.json(reviews[0])
