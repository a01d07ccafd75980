"""Stored claims and the speakers reviewers correct (workbench.claims): history, regrouping, a new ingest."""

import pytest
from conftest import raw_sql

from workbench import pipeline
from workbench.claims import get_claim, list_claims, set_speaker, speaker_history
from workbench.records import Article, ReviewError
from workbench.review import HISTORY_COLUMNS, history, set_review

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

TEXT = (
    "Die Brücke ist seit Montag gesperrt. „Die Sanierung dauert zwei Jahre“, sagte Allendorf der Lokalzeitung. "
    "In Kassel traf Jonas Berg Paul Kern. Die Kosten lägen bei 40 Millionen Euro, sagte er."
)


def _ingest(db, embedder, text=TEXT, title="Brücke"):
    pipeline.ingest_articles(db, [Article(text=text, title=title, source="Kurier")], embedder)
    return list_claims(db)


def _by(claims, part):
    return next(c for c in claims if part in c.sentence)


def test_stored_claims_keep_frame_and_unclear_speaker(db, fake_embedder):
    claims = _ingest(db, fake_embedder)
    said = _by(claims, "Sanierung")
    assert (said.speaker, said.speaker_unclear) == ("Allendorf", False)
    assert "sagte Allendorf" in said.frame and "Lokalzeitung" not in said.speaker
    unsure = _by(claims, "Kosten")
    assert (unsure.speaker, unsure.speaker_unclear) == ("", True)
    assert unsure.frame == "sagte er"
    plain = _by(claims, "gesperrt")
    assert (plain.speaker, plain.speaker_unclear, plain.frame) == ("", False, "")


def test_a_corrected_speaker_is_kept_in_the_history_with_who_and_when(db, fake_embedder):
    unsure = _by(_ingest(db, fake_embedder), "Kosten")
    set_review(db, unsure.id, verdict="false", reviewer="anna")
    fixed = set_speaker(db, unsure.id, "  Paul   Kern ", "Kämmerer", reviewer="ben")
    assert (fixed.speaker, fixed.role, fixed.speaker_unclear) == ("Paul Kern", "Kämmerer", False)
    assert fixed.frame == "sagte er"  # the evidence stays
    [change] = speaker_history(db, unsure.id)
    assert (change["old_speaker"], change["speaker"], change["role"], change["changed_by"]) == (
        "",
        "Paul Kern",
        "Kämmerer",
        "ben",
    )
    rows = history(db, unsure.id)
    assert [r["source"] for r in rows] == ["claim", "speaker"]
    assert rows[1]["speaker"] == "(none) -> Paul Kern (Kämmerer)" and rows[1]["reviewer"] == "ben"
    assert rows[1]["verdict"] == "false"  # the review as it stood then
    assert list(rows[1])[: len(HISTORY_COLUMNS)] == HISTORY_COLUMNS
    # the same again records nothing; clearing is a change of its own
    set_speaker(db, unsure.id, "Paul Kern", "Kämmerer", reviewer="ben")
    assert len(speaker_history(db, unsure.id)) == 1
    cleared = set_speaker(db, unsure.id, "", reviewer="ben")
    assert (cleared.speaker, cleared.role, cleared.speaker_unclear) == ("", "", False)
    assert speaker_history(db, unsure.id)[-1]["old_speaker"] == "Paul Kern"


def test_a_corrected_speaker_survives_regrouping_and_a_new_ingest(db, fake_embedder):
    claim = _by(_ingest(db, fake_embedder), "Kosten")
    set_speaker(db, claim.id, "Paul Kern", reviewer="ben")
    pipeline.regroup_all(db, fake_embedder)
    assert get_claim(db, claim.id).speaker == "Paul Kern"
    # the article is removed and the same text ingested anew: new claim rows, the correction applies again
    with db.write():
        raw_sql(db, "DELETE FROM articles")
    assert speaker_history(db)[0]["claim_id"] is None  # the change outlives its claim row
    again = _by(_ingest(db, fake_embedder), "Kosten")
    assert (again.speaker, again.speaker_unclear) == ("Paul Kern", False)
    assert [r["source"] for r in history(db, again.id)] == ["speaker"]  # and is the new claim's history
    # another text does not pick it up (under another title: with this outlet and title it would be a new
    # version of this article, which keeps the correction; tests/test_article_versions.py)
    other = [
        c for c in _ingest(db, fake_embedder, TEXT + " Ende.", "Brücke, Teil 2") if "Kosten" in c.sentence
    ][-1]
    assert other.speaker == "" and other.speaker_unclear


@pytest.mark.parametrize(
    "speaker, role, message",
    [
        ("", "Kämmerer", "a role needs a speaker"),
        ("x" * 201, "", "at most 200 characters"),
    ],
)
def test_bad_speaker_corrections_are_refused_and_store_nothing(db, fake_embedder, speaker, role, message):
    claim = _by(_ingest(db, fake_embedder), "Kosten")
    with pytest.raises(ReviewError, match=message):
        set_speaker(db, claim.id, speaker, role, reviewer="ben")
    with pytest.raises(ReviewError, match="no claim with id 999"):
        set_speaker(db, 999, "Paul Kern", reviewer="ben")
    assert speaker_history(db) == [] and get_claim(db, claim.id).speaker_unclear
