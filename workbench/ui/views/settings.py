"""Settings page: the desk's settings (organisation, fact-check address, verdict words), which admins change,
and the signed-in account's own verdict words. Both are kept in the database, so they stay for everyone and
every visit; the command line's options override them for one command."""

import streamlit as st

from workbench.records import LABEL_LANGUAGES, SettingsError
from workbench.settings import desk_settings, preferences, set_desk_settings, set_preference
from workbench.ui.common import db, plain, signed_in

LANGUAGES = {"en": "English", "de": "Deutsch"}

st.title("Settings")
conn = db()
account = signed_in(conn)
st.caption("Kept in the database for the whole desk. The command line takes the same settings as options.")

desk = desk_settings(conn)
st.subheader("The desk")
if account.may("desk_settings"):
    with st.form("desk_settings"):
        organisation = st.text_input(
            "Organisation (author of the published ClaimReviews)", value=desk.organisation, key="organisation"
        )
        template = st.text_input(
            "Address of a published fact-check",
            value=desk.url_template,
            placeholder="https://factcheck.example.org/claims/{claim_id}",
            help="{claim_id} and {article_id} are filled in per claim.",
            key="url_template",
        )
        language = st.radio(
            "Verdict words (published, and the desk's default)",
            LABEL_LANGUAGES,
            index=LABEL_LANGUAGES.index(desk.labels),
            format_func=LANGUAGES.get,
            horizontal=True,
            key="desk_labels",
        )
        if st.form_submit_button("Save the desk's settings", type="primary"):
            try:
                desk = set_desk_settings(
                    conn, account, organisation=organisation, url_template=template, labels=language
                )
            except (SettingsError, PermissionError) as exc:
                st.error(plain(str(exc)))
            else:
                st.success("Saved for the whole desk.")
else:
    st.markdown(
        f"Organisation: **{plain(desk.organisation) or '–'}** · fact-check address:"
        f" {plain(desk.url_template) or '– none –'} · verdict words: {LANGUAGES[desk.labels]}"
    )
    st.caption("Admins change the desk's settings.")

st.subheader("Yours")
st.markdown(f"Signed in as **{plain(account.label)}**, {account.role}.")
own = preferences(conn, account).get("labels", "")
choices = ["", *LABEL_LANGUAGES]
with st.form("own_settings"):
    mine = st.radio(
        "Verdict words you read",
        choices,
        index=choices.index(own) if own in choices else 0,
        format_func=lambda v: LANGUAGES.get(v, f"The desk's ({LANGUAGES[desk.labels]})"),
        horizontal=True,
        key="own_labels",
    )
    if st.form_submit_button("Save mine"):
        set_preference(conn, account, "labels", mine)
        st.success("Saved for your account.")
