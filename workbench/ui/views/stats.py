"""Stats page: how far reviewers agree (per pair of first and second reviewer: claims, raw agreement, Cohen's
kappa) and the claims whose two verdicts differ, waiting for a final verdict (`workbench resolve`)."""

from dataclasses import asdict

import pandas as pd
import streamlit as st

from workbench.agreement import AGREEMENT_COLUMNS, agreement
from workbench.claims import claim_texts
from workbench.formats.csv import spreadsheet_file, write_csv
from workbench.records import plural
from workbench.review import pending_second_reviews, review_counts, reviewer_disagreements
from workbench.ui.common import db, labels, signed_in, status_words, verdict_words

st.title("Review stats")
conn = db()
account = signed_in(conn)
LABELS = labels(account, conn)
counts = review_counts(conn)
for col, (status, n) in zip(st.columns(len(counts)), counts.items()):
    col.metric(status_words(status), n)

st.subheader("Agreement between reviewers")
pairs = agreement(conn)
if not pairs:
    st.info("No claim has both a first and a second review yet.")
else:
    rows = [
        asdict(p) | {"raw": round(p.raw, 4), "kappa": None if p.kappa is None else round(p.kappa, 4)}
        for p in pairs
    ]
    st.caption(
        "Over the claims one of the two reviewed first and the other second (blind): n claims, raw agreement "
        "(share of equal verdicts) and Cohen's kappa (agreement beyond chance: 1 complete, 0 as by chance; "
        "empty when both gave one verdict throughout)."
    )
    st.dataframe(pd.DataFrame(rows, columns=AGREEMENT_COLUMNS), hide_index=True)
    st.download_button(
        "Download agreement CSV",
        spreadsheet_file(write_csv(rows, AGREEMENT_COLUMNS)),
        file_name="agreement.csv",
        mime="text/csv",
        key="download_agreement",
    )
waiting = len(pending_second_reviews(conn))
if waiting:
    st.caption(f"{plural(waiting, 'claim')} {'waits' if waiting == 1 else 'wait'} for a second review.")

st.subheader("Disagreements")
open_ = reviewer_disagreements(conn)
if not open_:
    st.info("No claim has two differing verdicts waiting for a final one.")
else:
    st.caption(
        f"{plural(len(open_), 'claim')} whose first and second verdicts differ; an editor chooses the final"
        " verdict on the Claims & review page (pick the claim) or with `workbench resolve CLAIM VERDICT`."
    )
    texts = claim_texts(conn)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "claim": d.claim_id,
                    "text": texts.get(d.claim_id, ""),
                    "first reviewer": d.first_reviewer,
                    "first verdict": verdict_words(d.first_verdict, LABELS),
                    "second reviewer": d.reviewer,
                    "second verdict": verdict_words(d.verdict, LABELS),
                    "second note": d.note,
                }
                for d in open_
            ]
        ),
        hide_index=True,
    )
