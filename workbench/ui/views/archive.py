"""Archive page: earlier fact-checks (ours or other publishers'), imported so a claim checked before is
recognised as "already checked" and never researched twice."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from workbench.archive import count_factchecks, list_factchecks
from workbench.formats.factchecks import read_factchecks
from workbench.formats.files import IngestError, describe_bad_lines
from workbench.pipeline import import_factchecks
from workbench.records import plural
from workbench.ui.common import db, embedder, plain, progress_bar, signed_in, without_folder

PAGE_SIZE = 50

st.title("Archive of earlier fact-checks")
st.caption(
    "Import published fact-checks (JSONL, CSV, JSON or ClaimReview JSON-LD). Every article claim that makes "
    "the same claim shows “already checked” with the verdict, publisher and date."
)
conn = db()
signed_in(conn)

with st.form("import_form", clear_on_submit=True):
    uploads = st.file_uploader(
        "Fact-check files",
        type=["jsonl", "json", "jsonld", "csv", "tsv"],
        accept_multiple_files=True,
        key="fc_files",
    )
    left, right = st.columns(2)
    publisher = left.text_input("Publisher (replaces any publisher named in the files)", key="fc_publisher")
    mapping_text = right.text_input(
        "Column names, if not recognised", key="fc_mapping", placeholder="claim=Behauptung, verdict=Bewertung"
    )
    submitted = st.form_submit_button("Import", type="primary")

if submitted and uploads:
    try:
        mapping = dict(
            part.split("=", 1) for part in mapping_text.replace(";", ",").split(",") if part.strip()
        )
    except ValueError:
        st.error("Write column names as field=column, separated by commas.")
        st.stop()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for upload in uploads:
            # the file name (its extension says the format) is kept; the folder is private to this import
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            paths.append(path)
        cut = []
        try:
            items = read_factchecks(
                paths, {k.strip(): v.strip() for k, v in mapping.items()}, publisher=publisher, cut=cut
            )
        except (IngestError, ValueError) as exc:
            # the message quotes the file (a CSV header, a value): shown as text, and naming the upload, not
            # the server's temporary folder
            st.error(plain(f"Nothing was imported. {without_folder(str(exc), folder)}"))
            st.stop()
    if cut:
        listed = without_folder(describe_bad_lines(cut), folder)
        st.warning(plain(f"{len(cut)} item(s) had a claim or title over the limit and were cut: {listed}"))
    report = import_factchecks(conn, items, embedder(), progress=progress_bar("Embedding the fact-checks…"))
    st.success(
        f"{plural(report.added, 'fact-check')} added, {report.skipped:,} already stored; "
        f"{plural(report.matched_claims, 'article claim')} already checked"
    )

total = count_factchecks(conn)
st.write(f"**{total:,}** fact-checks in the archive")
if total:
    pages = -(-total // PAGE_SIZE)
    page = st.number_input("Page", 1, pages, 1, key="archive_page") if pages > 1 else 1
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "id": f.external_id or f.id,
                    "claim": f.claim,
                    "verdict": f.verdict,
                    "publisher": f.publisher,
                    "date": f.date,
                    "claimant": f.claimant,
                    "url": f.url,
                }
                for f in list_factchecks(conn, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            ]
        ),
        hide_index=True,
    )
