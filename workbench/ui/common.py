"""What every page shares: the database of this rerun, the cached model, and safe display of user text."""

from __future__ import annotations

import os
import re

import streamlit as st

from workbench import embed
from workbench.db import default_db_path, open_db


def db():
    """A connection for this rerun; never cached, because Streamlit reruns may land on other threads."""
    return open_db(os.environ.get("WORKBENCH_DB") or default_db_path())


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedder():
    """The embedding model, loaded once per server process."""
    return embed.load_embedder(os.environ.get("WORKBENCH_MODEL"))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape text for st.markdown so user text shows literally: no links, images, HTML or formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text or "")


def reviewer_name() -> str:
    """The reviewer's name, asked once and remembered for this browser session."""
    return st.sidebar.text_input(
        "Your name (recorded with each review)",
        key="reviewer",
        value=os.environ.get("WORKBENCH_REVIEWER", ""),
    )
