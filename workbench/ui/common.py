"""What every page shares: the database of this rerun, the cached model, the settings kept for the browser
session, and safe display of user text."""

from __future__ import annotations

import logging
import re

import streamlit as st

from workbench import config
from workbench.records import DEFAULT_LABELS, claimant, describe_error, strip_invisible
from workbench.store import open_db
from workbench.vectors import embedders

# Where the app keeps each publishing setting for the browser session (other pages read them). Nothing is
# stored in the database, so one reviewer's choice never changes another's.
SESSION_KEYS = {"organisation": "organisation", "url_template": "url_template", "labels": "verdict_labels"}


def db():
    """A connection for this rerun; never cached, because Streamlit reruns may land on other threads."""
    return open_db(config.db_path())


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedder():
    """The embedding model, loaded once per server process."""
    return embedders.load_embedder(config.model())


def session_labels() -> str:
    """The verdict-word language chosen on the Settings page for this browser session ("en" or "de")."""
    return st.session_state.get(SESSION_KEYS["labels"], DEFAULT_LABELS)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape text for st.markdown so user text shows literally: no links, images, HTML or formatting, and no
    invisible characters (bidi controls, zero-width characters) that would make it read as something else."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", strip_invisible(text or ""))


def error_message(exc: BaseException) -> str:
    """One line for the user about an exception a page did not handle: never a traceback or a server path
    beyond the database's own name (the traceback goes to the server's log)."""
    from workbench.store import explain_error

    logging.getLogger("workbench.ui").error("a page failed", exc_info=exc)
    return explain_error(exc, config.db_path()) or describe_error(exc)


def reviewer_name() -> str:
    """The reviewer's name, asked once and remembered for this browser session."""
    return st.sidebar.text_input(
        "Your name (recorded with each review)",
        key="reviewer",
        value=config.reviewer(),
    )


def in_context(text: str, start: int, end: int, span_start: int, span_end: int, chars: int = 300) -> str:
    """The passage of ``text`` around ``text[start:end]`` as escaped markdown, that sentence highlighted and
    its part ``text[span_start:span_end]`` in bold; about ``chars`` characters either side, cut at a space."""
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    if lo > 0:  # begin and end on whole words
        lo = next((i + 1 for i in range(lo, start) if text[i].isspace()), start)
    if hi < len(text):
        hi = next((i for i in range(hi, end, -1) if text[i].isspace()), end)
    span_start, span_end = max(start, min(span_start, end)), max(start, min(span_end, end))

    def flat(s: str) -> str:  # a highlight cannot span lines
        return plain(re.sub(r"\s+", " ", s))

    span = text[span_start:span_end]
    if span.strip() and span != text[start:end]:
        # markdown bold needs its markers right next to text, so spaces go outside them
        lead, trail = span[: len(span) - len(span.lstrip())], span[len(span.rstrip()) :]
        sentence = (
            f"{flat(text[start:span_start] + lead)}**{flat(span.strip())}**{flat(trail + text[span_end:end])}"
        )
    else:
        sentence = flat(text[start:end])
    before, after = plain(text[lo:start]), plain(text[end:hi])
    return (
        f"{'…' if lo > 0 else ''}{before}:orange-background[{sentence}]{after}{'…' if hi < len(text) else ''}"
    )


def remembered(setting: str, default: str) -> str:
    """The widget key for a setting kept for the browser session.

    Streamlit forgets a widget's value once a page without that widget runs, so the value lives under its own
    session key (``SESSION_KEYS``, which other pages may read) and the widget starts from it.
    """
    name, widget = SESSION_KEYS[setting], f"{SESSION_KEYS[setting]}_input"
    st.session_state.setdefault(name, default)
    if widget not in st.session_state:
        st.session_state[widget] = st.session_state[name]
    return widget


def keep(setting: str) -> str:
    """Copy a setting's widget value to its session key; returns the value."""
    name = SESSION_KEYS[setting]
    st.session_state[name] = st.session_state[f"{name}_input"]
    return st.session_state[name]


def claimant_line(claim, source: str) -> str:
    """Markdown naming who makes the claim, in which outlet (an unattributed claim's claimant is the outlet)."""
    if claim.speaker:
        role = f" ({plain(claim.role)})" if claim.role else ""
        return f"**{plain(claim.speaker)}**{role} in _{plain(source)}_"
    return f"No speaker named: the claimant is the outlet, _{plain(claimant(claim.speaker, source))}_"


def claimant_markdown(speaker: str, source: str) -> str:
    """Markdown for who makes a claim: the speaker, or the outlet marked as such ("_Tagesschau (outlet)_")."""
    return plain(speaker) if speaker else f"_{plain(claimant(speaker, source))} (outlet)_"


def claimant_text(speaker: str, source: str) -> str:
    """Plain text for who makes a claim: the speaker, or "Tagesschau (outlet)"."""
    return speaker if speaker else f"{claimant(speaker, source)} (outlet)"
