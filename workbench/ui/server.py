"""The app's web server: Streamlit's st.App serving ``app.py`` with the desk's door in front of it (``web.py``:
host check, sign-in, sessions). `workbench serve` runs this file with ``streamlit run``, which finds ``app``
here and serves it with uvicorn; ``streamlit run app.py`` alone would have no sign-in, so nothing but the
sign-in screen shows there."""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from workbench.ui.web import DeskGuard, routes

app = st.App(Path(__file__).with_name("app.py"), routes=routes(), middleware=[Middleware(DeskGuard)])
