"""Claim Workbench web app: the router. Each page lives in ui/views/ and calls the library."""

from pathlib import Path

import streamlit as st

from workbench.ui.common import db, error_message, plain

st.set_page_config(page_title="Claim Workbench", page_icon="🔎", layout="wide")

pages = Path(__file__).parent / "views"  # not "pages/": Streamlit would also list that folder itself
page = st.navigation(
    [
        st.Page(pages / "groups.py", title="Groups", icon="🧩", default=True),
        st.Page(pages / "queue.py", title="Review queue", icon="⌨️"),
        st.Page(pages / "claims.py", title="Claims & review", icon="✅"),
        st.Page(pages / "articles.py", title="Articles", icon="📰"),
        st.Page(pages / "search.py", title="Search", icon="🔎"),
        st.Page(pages / "archive.py", title="Archive", icon="🗂️"),
        st.Page(pages / "stats.py", title="Review stats", icon="📊"),
        st.Page(pages / "export.py", title="Export", icon="⬇️"),
        st.Page(pages / "settings.py", title="Settings", icon="⚙️"),
    ]
)
try:
    for note in db().notes:  # read-only, or made from an empty file: said on every page
        st.sidebar.warning(plain(note))
    page.run()
except Exception as exc:  # Streamlit's own stop and rerun are BaseExceptions and pass through
    st.error(plain(error_message(exc)))
