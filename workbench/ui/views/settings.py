"""Settings page: who you are, the organisation you publish for, and the words of the verdicts; kept for this
browser session and used by the Review queue and the Export page."""

import streamlit as st

from workbench.records import DEFAULT_LABELS, LABEL_LANGUAGES, SettingsError, check_url_template
from workbench.ui.common import keep, remembered, reviewer_name

st.title("Settings")
st.caption("Kept for this browser session. The command line takes the same settings as options or variables.")

reviewer = reviewer_name()
st.write(f"Reviewing as **{reviewer.strip() or '(no name yet: enter it in the sidebar)'}**")
st.text_input("Organisation (author of the published ClaimReviews)", key=remembered("organisation", ""))
organisation = keep("organisation")
st.text_input(
    "Address of a published fact-check",
    key=remembered("url_template", ""),
    placeholder="https://factcheck.example.org/claims/{claim_id}",
    help="{claim_id} and {article_id} are filled in per claim.",
)
template = keep("url_template")
st.radio(
    "Verdict words",
    LABEL_LANGUAGES,
    key=remembered("labels", DEFAULT_LABELS),
    format_func={"en": "English", "de": "Deutsch"}.get,
    horizontal=True,
)
keep("labels")
try:
    check_url_template(template)
except SettingsError as exc:
    st.error(str(exc))
