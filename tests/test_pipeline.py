"""The order of the stages and the one place that keeps vectors current (workbench.pipeline)."""

from conftest import FakeEmbedder

from workbench import pipeline
from workbench.archive import already_checked
from workbench.group import list_groups, regroup
from workbench.records import Article, FactCheck
from workbench.search import search

TEXTS = [
    "Exports to China rose by 12 percent in 2023. The minister resigned on Tuesday.",
    "Exports to China rose by 12 percent in 2023, the ministry said. The bridge cost 40 million euros.",
]


class OtherModel(FakeEmbedder):
    """The fake embedder under another model name: what switching models looks like."""

    name = "other-fake-model"


def _count(db, table):
    return db.sqlite_db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _articles():
    return [Article(text=t, title=f"a{i}", source=f"outlet {i}") for i, t in enumerate(TEXTS)]


def test_ingest_stores_articles_claims_vectors_and_groups_them(db, fake_embedder):
    stages = []
    report = pipeline.ingest_articles(db, _articles(), fake_embedder, progress=lambda *s: stages.append(s[0]))
    assert len(report.added) == 2 and report.skipped == 0 and report.claims == _count(db, "claims") == 4
    assert _count(db, "embeddings") == 3  # one vector per distinct claim text: the exports claim is one
    assert [g.sources for g in list_groups(db)] == [2]  # the exports claim of both outlets
    assert stages[0] == "splitting" and "embedding" in stages and stages[-1] == "grouping"
    again = pipeline.ingest_articles(db, _articles(), fake_embedder)
    assert again.added == [] and again.skipped == 2 and _count(db, "claims") == 4


def test_vectors_of_a_new_model_are_embedded_once(db, fake_embedder):
    pipeline.ingest_articles(db, _articles(), fake_embedder)
    other = OtherModel()
    assert pipeline.refresh_claim_vectors(db, other) == 3  # distinct claim texts
    assert other.calls == 1
    assert pipeline.refresh_claim_vectors(db, other) == 0 and other.calls == 1  # nothing left to embed
    stored = db.sqlite_db.execute("SELECT model, COUNT(*) FROM embeddings GROUP BY model ORDER BY model")
    assert stored.fetchall() == [(FakeEmbedder.name, 3), (OtherModel.name, 3)]


def test_regroup_all_embeds_what_lacks_a_vector_then_groups(db, fake_embedder, monkeypatch):
    from workbench.vectors import registry

    pipeline.ingest_articles(db, _articles(), fake_embedder)
    other = OtherModel()
    monkeypatch.setitem(registry.THRESHOLDS, other.name, registry.THRESHOLDS[FakeEmbedder.name])
    # group.regroup reads stored vectors only: with none of this model, every claim stays alone
    assert regroup(db, other) == (0, 0)
    assert pipeline.regroup_all(db, other) == (1, 2)


def test_a_search_embeds_its_query_and_writes_nothing(db, fake_embedder):
    pipeline.ingest_articles(db, _articles(), fake_embedder)
    other = OtherModel()
    before = db.sqlite_db.conn.total_changes
    hits = search(db, "exports to China", other, k=2)
    assert db.sqlite_db.conn.total_changes == before and other.calls == 1  # the query only
    assert all(h.cosine is None for h in hits)  # no vectors of this model: words alone found them
    pipeline.refresh_search_vectors(db, other)
    assert search(db, "exports to China", other, k=1)[0].cosine is not None


def test_import_embeds_items_and_matches_the_stored_claims(db, fake_embedder):
    pipeline.ingest_articles(db, _articles(), fake_embedder)
    items = [FactCheck(claim="Exports to China rose by 12 percent in 2023.", verdict="true", publisher="P")]
    report = pipeline.import_factchecks(db, items, fake_embedder)
    assert (report.added, report.skipped, report.matched_claims) == (1, 0, 2)
    assert {m.verdict for matches in already_checked(db).values() for m in matches} == {"true"}
    assert pipeline.import_factchecks(db, items, fake_embedder).added == 0


def test_the_samples_seed_once(db, fake_embedder):
    first = pipeline.seed_samples(db, fake_embedder)
    assert len(first.added) == 2 and first.claims > 20
    assert pipeline.seed_samples(db, fake_embedder).added == []
