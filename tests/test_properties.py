"""Property tests (hypothesis): claim offsets always slice the text; reviews, history and export agree.

Hypothesis runs each test on many generated inputs and shrinks a failure to a minimal example. Function-scoped
fixtures are not reset between those inputs, so the review tests open a fresh in-memory database per example.
"""

from __future__ import annotations

import csv
import io
import math
import re

import pytest
from conftest import FakeEmbedder, add_desk
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from workbench.export import EXPORT_COLUMNS, export_rows, to_csv
from workbench.pipeline import ingest_articles
from workbench.records import KINDS, STATUSES, VERDICTS, AccessDenied, Article, VerdictOverwrite, clean_text
from workbench.review import (
    ReviewConflict,
    ReviewError,
    current_reviews,
    get_review,
    history,
    review_counts,
    set_review,
)
from workbench.store import open_db
from workbench.text.attribution import split_claims
from workbench.text.sentences import split_sentences

# deadline=None: timings on a busy 2-core machine vary too much for hypothesis's per-example deadline.
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- claim offsets ----------------------------------------------------------------------------------------

# Pieces of German and English news text that exercise the splitting and attribution rules.
FRAGMENTS = [
    "Berlin hat 3,7 Millionen Einwohner.",
    "Berlin has 3.7 million inhabitants.",
    "Die Miete stieg um 3,5 Prozent",
    "vor 71.500 Fans",
    "am 3. Oktober",
    "Der 2. Weltkrieg endete.",
    "bis zum 12.09.2023 dort",
    ", sagte Miller.",
    " sagte Miller",
    "Miller sagte am Montag, die USA würden",
    "Er sagte, dass",
    "Sie erklärte: ",
    "„Wir gewinnen!“, sagte er.",
    "„Es gab keine solchen Pläne“, betonte er.",
    "“We will win,” Smith said.",
    '"Nothing," he said.',
    "»Wir bleiben.«",
    "« Non », dit-il.",
    "‚Gut.‘",
    "according to the U.S. Department of State,",
    "According to Dr. Müller, ",
    ", according to officials",
    "he said that",
    "Smith, a spokesman, said the plan would fail.",
    "Sen. Warren (D-Mass.) said",
    "in Burlington, Vt. Earlier",
    "in the U.S. The",
    "U.S. officials",
    "laut Regierungssprecher Hebestreit",
    "dem Kreml zufolge",
    ", wie das Ministerium mitteilte,",
    ", während der Kreml erklärte, dass ",
    " und fügte hinzu, dass ",
    ", adding that ",
    "hieß es aus Moskau",
    "Ist das wahr?",
    "Why did he say that?",
    "„Warum?“, fragte er.",
    "Das ist eine Schande!",
    "This is outrageous.",
    "Ich finde das schrecklich.",
    "z. B.",
    "z.B.",
    "u. a.",
    "Dr.",
    "Prof.",
    "Nr. 5.",
    "ca. 3.5 Mio. Euro",
    "U.S.",
    "U.N.",
    "J. R. Smith",
    "www.example.com",
    "info@example.de",
    "Kim sagte … nichts.",
    "Die Zusammenarbeit […] ist illegal.",
    "Er",
    "He",
    "Sie",
    "The",
    "Die",
    "Putin",
    "Ursula von der Leyen",
    "—",
    "***",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\t", ". ", "? ", "! ", "… ", "...", ", ", ": ", "\u2028"]
PUNCTUATION = list('„“”«»‚‘’‹›"()[].,;:!?…-—') + ["\n", "\r", "\x0b", "\x0c", "\x85", "\u2029", "\x1c"]

news_like = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(FRAGMENTS),  # twice: mostly realistic text, ...
        st.sampled_from(SEPARATORS),
        st.sampled_from(PUNCTUATION),
        st.text(max_size=6),  # ... with arbitrary unicode in between
    ),
    max_size=30,
).map("".join)
# Characters where the rules decide: letters, terminal marks, quotes, brackets, every kind of line break.
punctuation_soup = st.text(
    alphabet=st.sampled_from([*PUNCTUATION, "a", "A", "Z", "ß", "1", " ", " "]), max_size=60
)
languages = st.sampled_from([None, "de", "en"])

LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"  # what split_sentences treats as ending a line


def check_sentences(text: str, lang: str | None) -> list[tuple[int, int]]:
    spans = split_sentences(text, lang)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)  # inside the text, in order, non-overlapping
        sentence = text[start:end]
        assert sentence == sentence.strip()  # stripped and not blank
        assert not any(c in LINE_BREAKS for c in sentence)  # line breaks always end a sentence
        previous_end = end
    return spans


def check_claims(text: str, lang: str | None) -> None:
    claims = split_claims(text, lang)
    assert [c.position for c in claims] == list(range(len(claims)))
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    for c in claims:
        assert text[c.start : c.end] == c.sentence
        assert c.start <= c.span_start < c.span_end <= c.end
        assert text[c.span_start : c.span_end].strip()
        assert c.text.strip()
        assert c.kind in KINDS
        assert isinstance(c.checkworthiness, float) and 0 <= c.checkworthiness <= 1
        assert not math.isnan(c.checkworthiness)
    # "Every sentence with a letter or digit yields at least one claim", and claims come only from sentences.
    wordy = [(a, b) for a, b in split_sentences(text, lang) if re.search(r"[^\W_]", text[a:b])]
    assert sorted({(c.start, c.end) for c in claims}) == wordy


@settings(PROPERTY, max_examples=300)
@given(text=news_like, lang=languages)
def test_claim_offsets_slice_news_like_text(text, lang):
    check_sentences(text, lang)
    check_claims(text, lang)


@settings(PROPERTY, max_examples=150)
@given(text=st.text(max_size=200), lang=languages)
def test_claim_offsets_slice_any_text(text, lang):
    check_sentences(text, lang)
    check_claims(text, lang)


@settings(PROPERTY, max_examples=150)
@given(text=punctuation_soup, lang=languages)
def test_claim_offsets_slice_punctuation_soup(text, lang):
    check_sentences(text, lang)
    check_claims(text, lang)


# --- reviews, history and export ----------------------------------------------------------------------------

ARTICLES = [
    ("Tagesblatt", "en", "Berlin has 3.7 million inhabitants. Paris is the capital of France, Miller said."),
    ("=Kurier", "de", "Die Miete stieg um 3,5 Prozent, sagte Wegner. „Das ist eine Schande“, sagte er."),
]
UNKNOWN_CLAIM = 10_000
VALID_LINKS = [
    "https://example.org/census",
    "  https://example.org/census ",  # stored stripped: the same link as the one above
    "http://example.com/a?b=1&c=2",
    "https://de.wikipedia.org/wiki/Berlin",
    "https://example.org/=cmd",
]
INVALID_LINKS = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "example.org",
    "https://",
    "https://exa mple.org",
    "",
    '=HYPERLINK("http://evil")',
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # documented in export.spreadsheet_safe

FORMULA_NOTES = [
    "",
    "Census 2023: 3.76 m",
    "=SUM(A1:A9)",
    "+49 30 123",
    "-5 %",
    "@anna",
    "\tx",
    "'=x",
    "a\nb",
]
notes = st.one_of(st.none(), st.sampled_from([*FORMULA_NOTES, "\rx"]), st.text(max_size=20))
# accounts of the test desk, and names that are none: nobody, a formula, an unknown name
reviewers = st.sampled_from(["anna"] * 3 + ["ben"] * 3 + ["", "=cmd", "lead"])
accounts = st.sampled_from(["anna", "ben"])


# Invalid values are rarer than valid ones (repeats in sampled_from weight them), so most calls are accepted
# and build up state to check.
review_calls = st.fixed_dictionaries(
    {
        # an index into the claims (the test articles have four); past their end, an unknown claim
        "claim": st.sampled_from([0, 1, 2, 3] * 3 + [99]),
        "status": st.sampled_from([None] * 4 + STATUSES * 2 + ["finished", "DONE", ""]),
        "verdict": st.sampled_from([None] * 6 + [""] * 2 + VERDICTS + ["pants_on_fire", "TRUE"]),
        "note": notes,
        "evidence": st.one_of(
            st.none(), st.lists(st.sampled_from(VALID_LINKS * 6 + INVALID_LINKS), max_size=3)
        ),
        "reviewer": reviewers,
        # the version the caller's edit is based on: none named, the current one, or another one
        "based_on": st.sampled_from([None] * 4 + ["current"] * 3 + ["older", "newer"]),
        # whether the caller confirmed overwriting another account's verdict
        "overwrite": st.booleans(),
    }
)
UNTOUCHED = {"status": "unreviewed", "verdict": "", "note": "", "evidence": [], "reviewer": ""}
FIELDS = list(UNTOUCHED)
ACCOUNTS = {"anna", "ben"}


def fresh_db_with_claims():
    """A new in-memory database holding the test articles; returns it with its claim ids in reading order."""
    db = add_desk(open_db(memory=True))
    articles = [Article(text=text, source=source, lang=lang) for source, lang, text in ARTICLES]
    ingest_articles(db, articles, FakeEmbedder())
    return db, [r[0] for r in db.sqlite_db.execute("SELECT id FROM claims ORDER BY article_id, position")]


def expected_outcome(
    old: dict, version: int, claim_exists: bool, call: dict, expected_version
) -> tuple[str, dict]:
    """What set_review should do with ``call``: ("refused" | "denied" | "conflict" | "overwrite" |
    "unchanged" | "changed", new state).

    A model written from set_review's docstring: fields left as None keep their value, ``verdict=""`` clears
    the verdict, evidence links are added stripped and without duplicates, the change is made by an account
    (anything else is denied), which becomes the review's reviewer, an unreviewed claim moves to in_progress
    when anything changes without a status being given, a call that changes nothing (the reviewer alone is
    not a change) records nothing, a change based on another version than the current one is a conflict,
    and a change of another account's verdict needs ``overwrite``. ``verdict_by`` is whoever gave the verdict.
    """
    evidence = call["evidence"] or []
    if (
        not claim_exists
        or (call["status"] is not None and call["status"] not in STATUSES)
        or (call["verdict"] and call["verdict"] not in VERDICTS)
        or any(link not in VALID_LINKS for link in evidence)
    ):
        return "refused", old
    if call["reviewer"] not in ACCOUNTS:
        return "denied", old
    new = {
        "status": old["status"] if call["status"] is None else call["status"],
        "verdict": old["verdict"] if call["verdict"] is None else call["verdict"],
        # notes and names come in cleaned: no controls or invisible characters (records.clean_text/clean_name)
        "note": old["note"] if call["note"] is None else clean_text(call["note"]),
        "evidence": old["evidence"]
        + [u for u in dict.fromkeys(link.strip() for link in evidence) if u not in old["evidence"]],
        "reviewer": call["reviewer"],
        "verdict_by": old["verdict_by"],
    }
    if all(new[k] == old[k] for k in ("status", "verdict", "note", "evidence")):
        return "unchanged", old  # nothing to write, so nothing to overwrite: no conflict either
    if expected_version is not None and expected_version != version:
        return "conflict", old
    if new["verdict"] != old["verdict"]:
        if old["verdict"] and old["verdict_by"] not in ("", call["reviewer"]) and not call["overwrite"]:
            return "overwrite", old
        new["verdict_by"] = call["reviewer"] if new["verdict"] else ""
    if call["status"] is None and old["status"] == "unreviewed":
        new["status"] = "in_progress"
    return "changed", new


@settings(PROPERTY, max_examples=150)
@given(calls=st.lists(review_calls, max_size=25))
def test_export_and_history_follow_any_sequence_of_reviews(calls):
    db, claim_ids = fresh_db_with_claims()
    assert len(claim_ids) >= 4
    model: dict[int, dict] = {}  # claim id -> expected review, for claims with an accepted change
    versions: dict[int, int] = {}  # claim id -> accepted changes so far
    changes: list[dict] = []  # expected history rows, oldest first

    for call in calls:
        claim_id = claim_ids[call["claim"]] if call["claim"] < len(claim_ids) else UNKNOWN_CLAIM
        version = versions.get(claim_id, 0)
        expected_version = {None: None, "current": version, "older": version - 1, "newer": version + 1}[
            call["based_on"]
        ]
        before = get_review(db, claim_id)
        outcome, state = expected_outcome(
            model.get(claim_id, UNTOUCHED | {"verdict_by": ""}),
            version,
            claim_id in claim_ids,
            call,
            expected_version,
        )
        kwargs = {k: call[k] for k in ("status", "verdict", "note", "evidence", "reviewer", "overwrite")}
        event(outcome)  # shown by --hypothesis-show-statistics: all six outcomes should occur
        if outcome in ("refused", "denied", "conflict", "overwrite"):
            expected = {
                "conflict": ReviewConflict,
                "overwrite": VerdictOverwrite,
                "denied": AccessDenied,
                "refused": ReviewError,
            }[outcome]
            with pytest.raises(expected) as refused:
                set_review(db, claim_id, expected_version=expected_version, **kwargs)
            if outcome in ("conflict", "overwrite"):  # the refusal carries the current state
                assert refused.value.current == before
            if outcome == "overwrite":  # ... and names whose verdict it is
                assert before.verdict_by in str(refused.value)
            if outcome == "refused":
                assert not isinstance(refused.value, (ReviewConflict, VerdictOverwrite))
            assert get_review(db, claim_id) == before  # a refused call changes nothing ...
            assert len(history(db)) == len(changes)  # ... and leaves no trace
            continue
        result = set_review(db, claim_id, expected_version=expected_version, **kwargs)
        if outcome == "changed":
            model[claim_id] = state
            versions[claim_id] = version + 1
            changes.append({"claim_id": claim_id, **{k: state[k] for k in FIELDS}})
            assert result.updated_at
        assert {k: getattr(result, k) for k in [*FIELDS, "verdict_by"]} == state
        assert result.version == versions.get(claim_id, 0)
        assert get_review(db, claim_id) == (result if outcome == "changed" else before)

    # The export shows, for every claim, exactly the last accepted state.
    rows = export_rows(db)
    assert [r["claim_id"] for r in rows] == claim_ids
    for row in rows:
        assert {k: row[k] for k in FIELDS} == {k: model.get(row["claim_id"], UNTOUCHED)[k] for k in FIELDS}
        assert bool(row["updated_at"]) == (row["claim_id"] in model)
    assert set(current_reviews(db)) == set(model)
    counts = review_counts(db)
    assert sum(counts.values()) == len(claim_ids)
    for status in STATUSES:
        assert counts[status] == sum(model.get(cid, UNTOUCHED)["status"] == status for cid in claim_ids)

    # The history holds one row per accepted change, in order, each with the state as it was accepted
    # and the account that made that change.
    recorded = history(db)
    assert [{k: r[k] for k in ["claim_id", *FIELDS]} for r in recorded] == changes
    assert [r["change_id"] for r in recorded] == sorted({r["change_id"] for r in recorded})
    assert all(r["changed_at"] for r in recorded)
    for claim_id in claim_ids:
        assert history(db, claim_id) == [r for r in recorded if r["claim_id"] == claim_id]
        assert get_review(db, claim_id).version == len(history(db, claim_id))


def check_csv_round_trip(reviews: list[tuple[str, str, list[str]]]) -> None:
    """Review the claims with these (note, reviewer, evidence); the verdict CSV parses back to the export."""
    db, claim_ids = fresh_db_with_claims()
    for claim_id, (note, reviewer, evidence) in zip(claim_ids, reviews):
        set_review(
            db, claim_id, status="done", verdict="false", note=note, evidence=evidence, reviewer=reviewer
        )
    rows = export_rows(db)
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows), newline="")))
    assert len(parsed) == len(rows)
    for row, cells in zip(rows, parsed):
        assert list(cells) == EXPORT_COLUMNS
        # strings as exported, formula-looking ones behind a "'"; lists space-joined; numbers as text
        expected = {}
        for column in EXPORT_COLUMNS:
            value = row[column]
            value = " ".join(value) if isinstance(value, list) else "" if value is None else value
            if isinstance(value, str) and value.startswith(FORMULA_START):
                value = "'" + value
            expected[column] = str(value)
        assert cells == expected
        assert cells["source"] in ("Tagesblatt", "'=Kurier")


csv_reviews = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(FORMULA_NOTES), st.text(max_size=20)),
        accounts,
        st.lists(st.sampled_from(VALID_LINKS), max_size=2),
    ),
    min_size=4,
    max_size=4,
)


@settings(PROPERTY, max_examples=60)
@given(reviews=csv_reviews)
def test_verdict_csv_round_trips(reviews):
    check_csv_round_trip(reviews)


# Found by these tests: a lone "\r" in a cell split the row (fixed: RFC 4180 line ends make csv quote it).
@settings(PROPERTY, max_examples=60)
@given(reviews=csv_reviews, carriage_return=st.sampled_from(["a\rb", "\rx", "x\r"]))
@example(reviews=[("", "anna", [])] * 4, carriage_return="a\rb")
def test_verdict_csv_round_trips_notes_with_carriage_returns(reviews, carriage_return):
    check_csv_round_trip([(carriage_return, *reviews[0][1:]), *reviews[1:]])


# Found by these tests: urlparse's ValueError on "http://[" escaped instead of a ReviewError (fixed).
@settings(PROPERTY, max_examples=60)
@given(
    link=st.one_of(
        st.text(max_size=30),
        st.tuples(
            st.sampled_from(["http://", "https://", "HTTP://", "javascript:", " https://"]),
            st.text(max_size=20),
        ).map("".join),
    )
)
@example(link="http://[")
def test_any_evidence_link_is_stored_or_refused_with_review_error(link):
    db, claim_ids = fresh_db_with_claims()
    try:
        review = set_review(db, claim_ids[0], evidence=[link], reviewer="anna")
    except ReviewError:
        assert history(db) == [] and get_review(db, claim_ids[0]).evidence == []
    else:
        assert review.evidence == [link.strip()]
        assert review.evidence[0].lower().startswith(("http://", "https://"))
        assert not any(c.isspace() for c in review.evidence[0])
