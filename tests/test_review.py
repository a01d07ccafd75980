import pytest

from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.review import ReviewError, current_reviews, get_review, history, review_counts, set_review


@pytest.fixture
def claim_ids(db, fake_embedder):
    ingest_articles(
        db,
        [Article(text="Berlin has 3.7 million inhabitants. Paris is the capital of France.")],
        fake_embedder,
    )
    return [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id")]


def test_unreviewed_by_default(db, claim_ids):
    r = get_review(db, claim_ids[0])
    assert (r.status, r.verdict, r.note, r.evidence) == ("unreviewed", "", "", [])
    assert review_counts(db)["unreviewed"] == len(claim_ids)


def test_every_change_is_kept_with_reviewer(db, claim_ids):
    cid = claim_ids[0]
    set_review(db, cid, status="in_progress", reviewer="anna")
    set_review(
        db,
        cid,
        verdict="mostly_true",
        note="Census 2023: 3.76 m",
        evidence=["https://example.org/census"],
        reviewer="ben",
    )
    final = set_review(db, cid, status="done", evidence=["https://example.org/b"], reviewer="anna")
    assert (final.status, final.verdict, final.note) == ("done", "mostly_true", "Census 2023: 3.76 m")
    assert final.evidence == ["https://example.org/census", "https://example.org/b"]
    rows = history(db, cid)
    assert [(r["reviewer"], r["status"], r["verdict"]) for r in rows] == [
        ("anna", "in_progress", ""),
        ("ben", "in_progress", "mostly_true"),
        ("anna", "done", "mostly_true"),
    ]
    assert all(r["changed_at"] for r in rows)
    assert history(db, claim_ids[1]) == []
    assert current_reviews(db)[cid] == get_review(db, cid)
    assert review_counts(db)["done"] == 1


def test_a_verdict_on_an_unreviewed_claim_starts_its_review(db, claim_ids):
    assert set_review(db, claim_ids[0], verdict="false").status == "in_progress"
    assert set_review(db, claim_ids[0], verdict="").verdict == ""


def test_no_change_records_nothing(db, claim_ids):
    set_review(db, claim_ids[0], status="done", reviewer="anna")
    set_review(db, claim_ids[0], status="done", reviewer="anna")
    set_review(db, claim_ids[0], evidence=[], reviewer="ben")
    assert len(history(db, claim_ids[0])) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"status": "finished"}, "unknown status"),
        ({"verdict": "pants_on_fire"}, "unknown verdict"),
        ({"evidence": ["javascript:alert(1)"]}, r"http\(s\) link"),
        ({"evidence": ["file:///etc/passwd"]}, r"http\(s\) link"),
    ],
)
def test_bad_reviews_are_refused_and_change_nothing(db, claim_ids, kwargs, message):
    with pytest.raises(ReviewError, match=message):
        set_review(db, claim_ids[0], **kwargs)
    assert history(db) == [] and get_review(db, claim_ids[0]).status == "unreviewed"


def test_unknown_claim(db, claim_ids):
    with pytest.raises(ReviewError, match="no claim with id 999"):
        set_review(db, 999, status="done")
