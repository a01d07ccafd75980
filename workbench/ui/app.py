"""Claim Workbench web app: the router. Each page lives in ui/views/ and calls the library.

Nothing is shown before the signed-in account is known (ui.common.signed_in, on every rerun): a browser
without a session sees only the sign-in screen. `workbench serve` puts the sign-in page and the host check in
front of this app (ui/server.py, ui/web.py).
"""

from pathlib import Path

import streamlit as st

from workbench.queue import release
from workbench.ui.common import account_sidebar, db, error_message, plain, signed_in

st.set_page_config(page_title="Claim Workbench", page_icon=":material/fact_check:", layout="wide")

pages = Path(__file__).parent / "views"  # not "pages/": Streamlit would also list that folder itself
try:  # Streamlit's own stop and rerun are BaseExceptions and pass through
    conn = db()
    account = signed_in(conn)
    account_sidebar(account)
    for note in conn.notes:  # read-only, or made from an empty file: said on every page
        st.sidebar.warning(plain(note))
    page = st.navigation(
        [
            st.Page(pages / "groups.py", title="Groups", icon=":material/hub:", default=True),
            st.Page(pages / "queue.py", title="Review queue", icon=":material/keyboard:"),
            st.Page(pages / "claims.py", title="Claims & review", icon=":material/task_alt:"),
            st.Page(pages / "articles.py", title="Articles", icon=":material/newspaper:"),
            st.Page(pages / "search.py", title="Search", icon=":material/travel_explore:"),
            st.Page(pages / "archive.py", title="Archive", icon=":material/inventory_2:"),
            st.Page(pages / "stats.py", title="Review stats", icon=":material/bar_chart:"),
            st.Page(pages / "export.py", title="Export", icon=":material/download:"),
            st.Page(pages / "settings.py", title="Settings", icon=":material/tune:"),
        ]
    )
    if page.url_path != "queue" and not conn.read_only:
        # leaving the queue takes the claim off this account's screen: colleagues get it
        release(conn, account)
    page.run()
except Exception as exc:
    st.error(plain(error_message(exc)))
