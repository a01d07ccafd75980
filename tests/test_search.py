import numpy as np
import pytest
from conftest import raw_sql

from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.review import set_review
from workbench.search import match, query_words, search, vector_index
from workbench.store import open_db
from workbench.store.sqlite.search import fts_query

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL


def test_search_returns_claims_with_review_state(db, fake_embedder):
    _two_articles(db, fake_embedder)
    target = search(db, "artillery shells sold by North Korea to Russia", fake_embedder, k=3)
    assert target[0].source == "outlet-a" and "artillery" in target[0].text
    assert target[0].score > target[-1].score
    set_review(db, target[0].id, verdict="mostly_true", status="done", reviewer="anna")
    again = search(db, "artillery shells sold by North Korea to Russia", fake_embedder, k=1)
    assert (again[0].status, again[0].verdict) == ("done", "mostly_true")


def test_empty_query_is_an_error(db, fake_embedder):
    with pytest.raises(ValueError, match="empty"):
        search(db, "   ", fake_embedder)


def _two_articles(db, embedder):
    ingest_articles(
        db,
        [
            Article(
                text="North Korea sells artillery shells to Russia.\nThe summit took place in Vladivostok.",
                source="outlet-a",
            ),
            Article(text="Inflation in Germany fell to 2 percent in May.", source="outlet-b"),
        ],
        embedder,
    )


def test_hits_show_the_words_that_matched_and_both_scores(db, fake_embedder):
    _two_articles(db, fake_embedder)
    best = search(db, "Who sells artillery to Russia?", fake_embedder, k=3)[0]
    assert best.kind == "claim" and "artillery" in best.text
    # stemmed matching: "sells" in the claim matches "sells" and the stopwords "who", "to" are not looked for
    assert set(best.matched) == {"sells", "artillery", "russia"}
    assert best.cosine is not None and 0 < best.cosine <= 1 and best.bm25 is not None and best.bm25 > 0
    # a hit found only by meaning has no BM25 part and no matched words
    nothing_shared = [
        h for h in search(db, "Who sells artillery to Russia?", fake_embedder, k=3) if not h.matched
    ]
    assert all(h.bm25 is None for h in nothing_shared)


def test_words_match_across_inflection(db, fake_embedder):
    _two_articles(db, fake_embedder)
    hit = search(db, "selling shell", fake_embedder, k=1)[0]
    assert "artillery" in hit.text and set(hit.matched) == {"sells", "shells"}


def test_fts_syntax_in_a_query_is_plain_text(db, fake_embedder):
    _two_articles(db, fake_embedder)
    for query in [
        '"',
        "NEAR(a b)",
        "text: Russia",
        "Russia AND",
        "*",
        "-Russia OR ^x",
        "'); DROP TABLE claims;--",
    ]:
        search(db, query, fake_embedder, k=2)  # must not raise
    assert fts_query(['say "no"']) == '"say ""no"""'
    assert query_words("The Kremlin said: the deal IS dead!") == ["kremlin", "deal", "dead"]


def test_archive_items_are_found_with_their_verdict(db, fake_embedder):
    from workbench.pipeline import import_factchecks
    from workbench.records import FactCheck

    _two_articles(db, fake_embedder)
    import_factchecks(
        db,
        [
            FactCheck(claim="North Korea supplies artillery shells to Russia", verdict="true", publisher="Correctiv",
                      external_id="fc-7", date="2023-09-14", url="https://example.org/fc-7"),
            FactCheck(claim="Vaccines contain microchips", verdict="false", publisher="Snopes", external_id="fc-8"),
        ],
        fake_embedder,
    )  # fmt: skip
    hits = search(db, "North Korea artillery shells for Russia", fake_embedder, k=5, scope="factchecks")
    assert [h.kind for h in hits] == ["factcheck"] * len(hits)
    assert (hits[0].match_id, hits[0].verdict, hits[0].source) == ("fc-7", "true", "Correctiv")
    both = search(db, "North Korea artillery shells for Russia", fake_embedder, k=5)
    assert {h.kind for h in both} == {"claim", "factcheck"}
    only_claims = search(db, "North Korea artillery shells for Russia", fake_embedder, k=5, scope="claims")
    assert {h.kind for h in only_claims} == {"claim"}
    with pytest.raises(ValueError, match="scope"):
        search(db, "x", fake_embedder, scope="everything")


def test_match_answers_each_query_in_order(db, fake_embedder):
    _two_articles(db, fake_embedder)
    results = match(db, ["inflation in Germany", "", "artillery shells Russia"], fake_embedder, k=2)
    assert len(results) == 3 and results[1] == []
    assert "Inflation" in results[0][0].text and "artillery" in results[2][0].text
    assert all(len(r) <= 2 for r in results)


def test_vector_index_tops_up_with_new_rows_and_reloads_on_delete(tmp_path, fake_embedder):
    db = open_db(tmp_path / "c.db")
    _two_articles(db, fake_embedder)
    first = vector_index(db, fake_embedder.name, "claims")
    assert len(first) == db.vectors.table_state("claims")[0] > 0
    assert vector_index(db, fake_embedder.name, "claims") is first  # cached while nothing changed
    ingest_articles(
        db, [Article(text="The central bank raised rates to 4 percent.", source="c")], fake_embedder
    )
    grown = vector_index(db, fake_embedder.name, "claims")
    assert len(grown) == len(first) + 1 and list(grown.ids[: len(first)]) == list(first.ids)
    # a search in a second connection sees the new claim too
    other = open_db(tmp_path / "c.db")
    assert "central bank" in search(other, "central bank rates", fake_embedder, k=1)[0].text
    raw_sql(db, "DELETE FROM articles WHERE source = 'c'")
    db.sqlite_db.conn.commit()
    assert len(vector_index(db, fake_embedder.name, "claims")) == len(first)


def _fresh_process(monkeypatch):
    """Forget the indexes this process keeps in memory, as a new process starts without them."""
    from workbench.vectors import kept as kept_module

    monkeypatch.setattr(kept_module, "_indexes", {})


def _matrix_reads(db, monkeypatch):
    """Record every read of vectors from the database: (table, after_id)."""
    reads, real = [], db.vectors.matrix

    def recording(model, table, after_id=0):
        reads.append((table, after_id))
        return real(model, table, after_id)

    monkeypatch.setattr(db.vectors, "matrix", recording)
    return reads


def test_the_vector_index_is_kept_beside_the_database_and_a_new_process_maps_it(
    tmp_path, fake_embedder, monkeypatch
):
    from workbench.search import index_folder

    db = open_db(tmp_path / "c.db")
    _two_articles(db, fake_embedder)
    built = vector_index(db, fake_embedder.name, "claims")
    assert any(index_folder(db.location).glob("claims-*.vectors.npy"))
    _fresh_process(monkeypatch)
    other = open_db(tmp_path / "c.db")
    reads = _matrix_reads(other, monkeypatch)
    kept = vector_index(other, fake_embedder.name, "claims")
    assert reads == []  # not one vector read from SQLite
    assert list(kept.ids) == list(built.ids) and np.array_equal(kept.matrix, built.matrix)
    assert "Inflation" in search(other, "Inflation Prozent", fake_embedder, k=1)[0].text

    # rows appended by another process: only they are read, above the kept index's largest id
    ingest_articles(
        db, [Article(text="The central bank raised rates to 4 percent.", source="c")], fake_embedder
    )
    _fresh_process(monkeypatch)
    grown = vector_index(other, fake_embedder.name, "claims")
    claim_reads = [r for r in reads if r[0] == "claims"]
    assert claim_reads == [("claims", int(built.ids.max()))] and len(grown) == len(built) + 1


@pytest.mark.parametrize(
    "change",
    [
        "DELETE FROM articles WHERE id = 1",
        "UPDATE claims SET text_hash = 'changed' WHERE id = 1",
        "UPDATE claims SET kind = 'boilerplate' WHERE id = 1",
        "DELETE FROM embeddings WHERE rowid = 1",
        "UPDATE embeddings SET vector = vector WHERE rowid = 1",
    ],
)
def test_a_kept_vector_index_is_rebuilt_when_vectors_change_other_than_by_appending(
    tmp_path, fake_embedder, monkeypatch, change
):
    db = open_db(tmp_path / "c.db")
    _two_articles(db, fake_embedder)
    vector_index(db, fake_embedder.name, "claims")
    _fresh_process(monkeypatch)
    other = open_db(tmp_path / "c.db")
    reads = _matrix_reads(other, monkeypatch)
    with db.write():
        raw_sql(db, change)
    vector_index(other, fake_embedder.name, "claims")
    assert reads == [("claims", 0)]  # read whole again, not topped up, not taken from the files


def test_another_database_at_the_same_path_never_gets_the_kept_index(tmp_path, fake_embedder, monkeypatch):
    path = tmp_path / "c.db"
    db = open_db(path)
    _two_articles(db, fake_embedder)
    vector_index(db, fake_embedder.name, "claims")
    db.close()
    path.unlink()
    _fresh_process(monkeypatch)
    new = open_db(path)  # same path, same number of claims, same largest id, other texts
    _two_articles(new, fake_embedder)
    reads = _matrix_reads(new, monkeypatch)
    vector_index(new, fake_embedder.name, "claims")
    assert reads == [("claims", 0)]
