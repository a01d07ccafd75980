"""Publishing settings: the organisation that signs our fact-checks, the address of each published
fact-check, and the words that name verdicts (English or German).

There is no settings table: a setting is a keyword argument of the library function that needs it. The CLI
takes each as an option whose default is an environment variable (``--organisation`` /
``$WORKBENCH_ORGANISATION``, ``--url-template`` / ``$WORKBENCH_URL_TEMPLATE``, ``--labels`` /
``$WORKBENCH_LABELS``); the app starts from the same variables and keeps what the user types in
``st.session_state`` for the browser session (under ``SESSION_KEYS``). So nothing is stored that one
reviewer's choice could change for another, and the schema stays as it is.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .records import Verdict

ORGANISATION_ENV = "WORKBENCH_ORGANISATION"
URL_TEMPLATE_ENV = "WORKBENCH_URL_TEMPLATE"
LABELS_ENV = "WORKBENCH_LABELS"
# Where the app keeps each setting for the browser session (other pages may read them).
SESSION_KEYS = {"organisation": "organisation", "url_template": "url_template", "labels": "verdict_labels"}

# The verdict in words. German follows the scale of German fact-checkers (CORRECTIV: Richtig, Größtenteils
# richtig, Teilweise falsch, Größtenteils falsch, Falsch, Unbelegt).
VERDICT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        Verdict.TRUE.value: "True",
        Verdict.MOSTLY_TRUE.value: "Mostly true",
        Verdict.MIXED.value: "Mixed",
        Verdict.MOSTLY_FALSE.value: "Mostly false",
        Verdict.FALSE.value: "False",
        Verdict.UNVERIFIABLE.value: "Unverifiable",
        Verdict.NOT_CHECKWORTHY.value: "Not check-worthy",
        Verdict.OPINION.value: "Opinion",
        Verdict.NOT_A_CLAIM.value: "Not a claim",
    },
    "de": {
        Verdict.TRUE.value: "Richtig",
        Verdict.MOSTLY_TRUE.value: "Größtenteils richtig",
        Verdict.MIXED.value: "Teilweise falsch",
        Verdict.MOSTLY_FALSE.value: "Größtenteils falsch",
        Verdict.FALSE.value: "Falsch",
        Verdict.UNVERIFIABLE.value: "Unbelegt",
        Verdict.NOT_CHECKWORTHY.value: "Nicht prüfenswert",
        Verdict.OPINION.value: "Meinung",
        Verdict.NOT_A_CLAIM.value: "Keine Tatsachenbehauptung",
    },
}
LABEL_LANGUAGES = tuple(VERDICT_LABELS)
DEFAULT_LABELS = "en"

# The placeholders a URL template may hold.
URL_PLACEHOLDERS = ("claim_id", "article_id")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class SettingsError(ValueError):
    """A setting that cannot be used; the message says what is allowed."""


def check_labels(labels: str) -> str:
    """``labels`` if it names a label language ("en" or "de"); raise SettingsError otherwise."""
    lang = (labels or "").strip().lower()
    if lang not in VERDICT_LABELS:
        raise SettingsError(f"unknown label language {labels!r}; choose one of {', '.join(LABEL_LANGUAGES)}")
    return lang


def verdict_label(verdict: str, labels: str = DEFAULT_LABELS) -> str:
    """The verdict in words in the label language ("mostly_false" -> "Mostly false" / "Größtenteils falsch").

    A verdict without a label (one added later to the vocabulary) reads as its value with spaces.
    """
    return VERDICT_LABELS[check_labels(labels)].get(verdict, verdict.replace("_", " ").capitalize())


def check_url_template(template: str) -> str:
    """``template`` stripped, if it is an absolute http(s) address whose only placeholders are
    ``{claim_id}`` and ``{article_id}`` and that holds at least one of them; "" stays "" (no address).

    Raises SettingsError otherwise. Only these two placeholders are replaced (never ``str.format``, which
    would let a template reach into attributes), and the result is a web link like every other address the
    workbench shows.
    """
    template = (template or "").strip()
    if not template:
        return ""
    names = _PLACEHOLDER.findall(template)
    unknown = [n for n in names if n not in URL_PLACEHOLDERS]
    if unknown:
        raise SettingsError(
            f"unknown placeholder {{{unknown[0]}}} in the URL template; use {{claim_id}} or {{article_id}}"
        )
    if not names:
        raise SettingsError(
            "the URL template needs {claim_id} or {article_id}, e.g. https://factcheck.example.org/claims/{claim_id}"
        )
    example = fill_url_template(template, 1, 1, checked=True)
    try:
        parts = urlsplit(example)
    except ValueError as exc:
        raise SettingsError(f"the URL template is no web address: {template!r}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in example):
        raise SettingsError(f"the URL template must be an http(s) address without spaces, got {template!r}")
    if "{" in example or "}" in example:
        raise SettingsError(f"unbalanced braces in the URL template {template!r}")
    return template


def fill_url_template(template: str, claim_id: int, article_id: int, *, checked: bool = False) -> str:
    """The address of one claim's fact-check: the template with its placeholders filled ("" without one)."""
    if not checked:
        template = check_url_template(template)
    return template.replace("{claim_id}", str(claim_id)).replace("{article_id}", str(article_id))
