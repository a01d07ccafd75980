"""Claim Workbench web app: the router. Each page lives in ui/views/ and calls the library.

Nothing is shown before the signed-in account is known (ui.common.signed_in, on every rerun): a browser
without a session sees only the sign-in screen. `workbench serve` puts the sign-in page and the host check in
front of this app (ui/server.py, ui/web.py).
"""

from pathlib import Path

import streamlit as st

from workbench.queue import release
from workbench.ui.common import account_sidebar, db, signed_in

st.set_page_config(page_title="Claim Workbench", page_icon="🔎", layout="wide")

conn = db()
account = signed_in(conn)
account_sidebar(account)

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
if page.url_path != "queue":
    release(conn, account)  # leaving the queue takes the claim off this account's screen: colleagues get it
page.run()
