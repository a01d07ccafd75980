"""The order of the stages and the one place that keeps vectors current (workbench.pipeline)."""

import numpy as np
import pytest
from conftest import FakeEmbedder, changes, raw_sql

from workbench import pipeline
from workbench.archive import already_checked
from workbench.group import list_groups, regroup
from workbench.records import Article, FactCheck, content_hash
from workbench.search import search

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

TEXTS = [
    "Exports to China rose by 12 percent in 2023. The minister resigned on Tuesday.",
    "Exports to China rose by 12 percent in 2023, the ministry said. The bridge cost 40 million euros.",
]


class OtherModel(FakeEmbedder):
    """The fake embedder under another model name: what switching models looks like."""

    name = "other-fake-model"


def _count(db, table):
    return raw_sql(db, f"SELECT COUNT(*) FROM {table}").fetchone()[0]


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
    stored = raw_sql(db, "SELECT model, COUNT(*) FROM embeddings GROUP BY model ORDER BY model")
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
    before = changes(db)
    hits = search(db, "exports to China", other, k=2)
    assert changes(db) == before and other.calls == 1  # the query only
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


# --- languages, page furniture, links (issue 11) --------------------------------------------------------

FRENCH = (
    "Le conseil municipal a adopté mardi soir le budget de la ville pour l'année prochaine, après un débat de"
    " plus de quatre heures. Le maire a déclaré que les impôts locaux n'augmenteraient pas."
)


def test_an_article_in_another_language_is_refused_or_kept_without_claims(db, fake_embedder):
    import pytest

    from workbench.formats.files import IngestError

    german = Article(
        text="Der Hafen war am Montag geschlossen. Vierzig Schiffe warteten vor der Förde.", source="a.txt"
    )
    french = Article(text=FRENCH, source="b.txt")
    with pytest.raises(
        IngestError, match=r"^b\.txt: the text is not German or English \(language other, confidence"
    ):
        pipeline.ingest_articles(db, [german, french], fake_embedder)
    assert _count(db, "articles") == 0  # the German one neither: every language is checked first
    report = pipeline.ingest_articles(db, [german, french], fake_embedder, keep_other=True)
    assert len(report.added) == 2 and report.claims == 2 and report.notes == [f"b.txt: {pipeline.OTHER_NOTE}"]
    stored = {a.source: a for a in db.articles.all()}
    assert (stored["b.txt"].lang, stored["b.txt"].note) == ("other", pipeline.OTHER_NOTE)
    assert stored["b.txt"].lang_confidence > 0.9 and db.claims.all(stored["b.txt"].id) == []
    assert (stored["a.txt"].lang, stored["a.txt"].lang_confidence > 0.9) == ("de", True)


def test_page_furniture_is_kept_as_boilerplate_but_never_embedded_grouped_or_counted(db, fake_embedder):
    from workbench.claims import list_claims
    from workbench.export import export_rows
    from workbench.queue import review_queue
    from workbench.review import review_counts

    text = (
        "Share on Twitter\nExports to China rose by 12 percent in 2023.\n4 Min Read\n12.03.2024, 05:28 Uhr\n"
        "Foto: dpa\nThe minister resigned on Tuesday."
    )
    twin = "Share on Twitter\nExports to China rose by 12 percent in 2023, the ministry said."
    report = pipeline.ingest_articles(
        db, [Article(text=text, source="a"), Article(text=twin, source="b")], fake_embedder
    )
    assert (report.claims, report.boilerplate) == (3, 5)
    furniture = [c for c in list_claims(db, include_boilerplate=True) if c.kind == "boilerplate"]
    assert [c.sentence for c in furniture] == [
        "Share on Twitter", "4 Min Read", "12.03.2024, 05:28 Uhr", "Foto: dpa", "Share on Twitter",
    ]  # fmt: skip
    assert len(list_claims(db)) == db.claims.count() == 3 and db.claims.boilerplate_count() == 5
    # one vector per distinct claim text (the exports claim of both), none for "Share on Twitter" and the rest
    assert _count(db, "embeddings") == 2
    grouped = {m.claim_id for g in list_groups(db, min_size=1) for m in g.members}
    assert grouped and not grouped & {c.id for c in furniture}  # the two "Share on Twitter" never group
    assert not {c.id for c in review_queue(db, "anna").claims} & {c.id for c in furniture}
    assert sum(review_counts(db).values()) == 3
    assert len(export_rows(db)) == 3 and len(export_rows(db, include_boilerplate=True)) == 8
    hits = [h.id for h in search(db, "Share on Twitter", fake_embedder) if h.kind == "claim"]
    assert hits and not set(hits) & {c.id for c in furniture}  # found by neither words nor vectors
    assert db.vectors.table_state("claims")[0] == 3  # what the search's vector cache compares


def test_page_furniture_is_never_the_referent_of_a_resolved_reading(db, fake_embedder):
    """'Such a move' resolves to what the article said before, not to an "Advertisement" line between them;
    the furniture itself gets no resolved reading and no vector."""
    text = (
        "Russia and North Korea met in Vladivostok on Tuesday.\n\nAdvertisement\n\n"
        "Such a move would violate UN Security Council resolutions, Miller said."
    )
    pipeline.ingest_articles(db, [Article(text=text, source="a", lang="en")], fake_embedder)
    claims = {c.sentence: c for c in db.claims.all()}
    assert claims["Advertisement"].kind == "boilerplate" and claims["Advertisement"].resolved == ""
    move = next(c for s, c in claims.items() if s.startswith("Such a move"))
    assert move.resolved == (
        "Such a move [Russia and North Korea met in Vladivostok on Tuesday] would violate UN Security Council"
        " resolutions"
    )
    # one vector: that of the move's resolved reading (the first sentence's own is the other), none for furniture
    embedded = {r[0] for r in raw_sql(db, "SELECT text_hash FROM embeddings")}
    assert content_hash(move.resolved) in embedded and content_hash("Advertisement") not in embedded
    assert len(embedded) == 2


def test_links_go_in_and_each_failure_is_one_line(db, fake_embedder, news_site):
    good = [news_site.url("/de/hafen.html"), news_site.url("/redirect/2")]
    bad = {
        news_site.url("/missing"): "HTTP 404 Not Found",
        news_site.url("/report.pdf"): "not an HTML page (content type application/pdf)",
        news_site.url("/fr/budget.html"): "the text is not German or English",
        news_site.url("/scripts-only.html"): "no readable text found in the page",
        "file:///etc/passwd": "file: links are not fetched",
    }
    report, failures = pipeline.ingest_links(db, [*good, *bad], fake_embedder, allow_private=True, by="rita")
    assert len(report.added) == 2 and len(failures) == len(bad)
    for failure, (link, reason) in zip(failures, bad.items()):
        assert failure.startswith(f"{link}: ") and reason in failure and "\n" not in failure
    stored = {a.outlet: a for a in db.articles.all()}
    assert set(stored) == {"Küstenbote", "The Riverside Gazette"}
    assert {a.added_by for a in stored.values()} == {"rita"}  # the account that added them
    hafen = stored["Küstenbote"]
    assert (hafen.source, hafen.url, hafen.date, hafen.author, hafen.lang) == (
        news_site.url("/de/hafen.html"),
        "https://www.kuestenbote.example/kiel/sturm-hafen-100.html",
        "2024-03-12",
        "Anna Petersen",
        "de",
    )
    assert hafen.text.startswith("Der Sturm hat den Kieler Hafen zwei Tage lang lahmgelegt.")
    # nothing of the page's furniture became a counted claim
    counted = " ".join(c.sentence for c in db.claims.all() if c.kind != "boilerplate")
    for furniture in ("Cookies", "Startseite", "teilen", "Mehr zum Thema", "Kommentare", "Foto:", "Share on",
                      "Min Read", "Most read", "Copyright", "Redakteurin", "Additional reporting", "Aktualisiert"):  # fmt: skip
        assert furniture not in counted


def test_links_with_a_named_outlet_and_date(db, fake_embedder, news_site):
    link = news_site.url("/en/council.html")
    report, failures = pipeline.ingest_links(
        db, [link], fake_embedder, allow_private=True, outlet="Gazette", date="2024-06-01", by="rita"
    )
    assert failures == [] and len(report.added) == 1
    [article] = db.articles.all()
    assert (article.outlet, article.date) == ("Gazette", "2024-06-01")


def test_links_need_an_account_that_may_add_articles_and_files_record_one_when_named(
    db, fake_embedder, news_site
):
    from workbench.accounts import disable_account
    from workbench.records import AccessDenied

    link = news_site.url("/en/council.html")
    disable_account(db, "dora", "admin")
    for who, message in [
        (None, "sign in"),
        ("", "sign in"),
        ("zoe", "no account named"),
        ("dora", "disabled"),
    ]:
        with pytest.raises(AccessDenied, match=message):
            pipeline.ingest_links(db, [link], fake_embedder, allow_private=True, by=who)
        with pytest.raises(AccessDenied, match=message):
            pipeline.ingest_articles(
                db, [Article(text="The council met on Monday.")], fake_embedder, by=who or ""
            )
    assert news_site.hits["/en/council.html"] == 0 and db.articles.all() == []
    pipeline.ingest_articles(db, [Article(text="The council met on Monday.")], fake_embedder)  # a script's
    pipeline.ingest_articles(db, [Article(text="The council met on Tuesday.")], fake_embedder, by="rob")
    assert [a.added_by for a in db.articles.all()] == ["", "rob"]


def test_the_samples_read_like_a_newsroom(db, fake_embedder):
    report = pipeline.seed_samples(db, fake_embedder)
    assert report.boilerplate == 0
    stored = db.articles.all()
    assert [(a.outlet, a.date) for a in stored] == [
        ("Beispiel-Kurier", "2023-09-12"),
        ("Muster-Rundschau", "2023-09-15"),
    ]
    assert all(not a.outlet.endswith(".txt") and a.lang == "de" for a in stored)


def test_ingest_scores_claims_with_the_fallback_when_the_embedder_is_not_e5(db, fake_embedder):
    from workbench.text import checkworthy

    pipeline.ingest_articles(db, _articles(), fake_embedder)
    claims = db.claims.all()
    assert {c.checkworthiness_model for c in claims} == {checkworthy.scorer(with_vector=False)}
    expected = checkworthy.score_texts(
        [checkworthy.scored_text(c.text, c.sentence) for c in claims], None, ["en"] * len(claims)
    )
    assert [c.checkworthiness for c in claims] == expected


def test_claims_with_e5_vectors_are_scored_by_the_vector_model():
    from pathlib import Path

    import numpy as np

    from workbench.claims import score_claims
    from workbench.records import Claim, content_hash
    from workbench.text import checkworthy

    texts = [
        "Exports fell 12 percent in 2023, the lowest since 1990.",
        "Thank you all for coming tonight.",
        "The court ruled that the law was illegal.",
    ]
    e5 = np.load(Path(__file__).parent / "fixtures" / "checkworthy_e5_vectors.npy")  # real e5 vectors
    claims = [Claim(t, t, 0, len(t)) for t in texts] + [Claim("Teilen", "Teilen", 0, 6, kind="boilerplate")]
    vectors = {content_hash(t): e5[i] for i, t in enumerate(texts[:2])}  # the third has none stored
    score_claims(claims, "en", vectors, checkworthy.E5_MODEL)
    assert [c.checkworthiness_model.split("/")[1] for c in claims] == ["vector", "vector", "ngram", "ngram"]
    assert [c.checkworthiness for c in claims[:2]] == checkworthy.score_texts(
        texts[:2], list(e5[:2]), ["en", "en"]
    )
    assert claims[0].checkworthiness > 0.9 > 0.1 > claims[1].checkworthiness
    # the same vectors under another model's name are not e5 vectors: the fallback scores every claim
    score_claims(claims, "en", vectors, "all-MiniLM-L6-v2")
    assert {c.checkworthiness_model.split("/")[1] for c in claims} == {"ngram"}


class FakeE5(FakeEmbedder):
    """Bag-of-words vectors of e5's size under e5's name: what switching a database to the default model
    looks like to the store (the real model's scores are tested in test_integration.py)."""

    name = "multilingual-e5-small"

    def encode(self, texts):
        return np.hstack([super().encode(texts), np.zeros((len(texts), 128), np.float32)])


def test_claims_that_gain_an_e5_vector_are_rescored_by_the_vector_model(db, fake_embedder):
    from workbench.records import content_hash
    from workbench.text import checkworthy

    pipeline.ingest_articles(db, _articles(), fake_embedder)
    assert {c.checkworthiness_model for c in db.claims.all()} == {checkworthy.scorer(False)}
    e5 = FakeE5()
    assert pipeline.refresh_claim_vectors(db, e5) == 3
    claims = db.claims.all()
    assert {c.checkworthiness_model for c in claims} == {checkworthy.scorer(True)}
    stored = db.vectors.get(e5.name, [content_hash(c.text) for c in claims])
    expected = checkworthy.score_texts(
        [checkworthy.scored_text(c.text, c.sentence) for c in claims],
        [stored[content_hash(c.text)] for c in claims],
        ["en"] * len(claims),
    )
    assert [c.checkworthiness for c in claims] == expected


def test_an_ingest_scores_each_claim_once_and_stores_every_score(db, fake_embedder, monkeypatch):
    # split_claims' own n-gram score would be overwritten by score_claims: an ingest asks for none
    from workbench.text import attribution, checkworthy

    one_at_a_time = []
    monkeypatch.setattr(checkworthy, "score", lambda *a, **k: one_at_a_time.append(a) or 0.5)
    pipeline.seed_samples(db, fake_embedder)
    assert one_at_a_time == []
    stored = raw_sql(db, "SELECT checkworthiness, checkworthiness_model FROM claims").fetchall()
    assert len(stored) > 30 and all(
        model.endswith("/ngram") for _, model in stored
    )  # fake embedder: no vectors
    assert len({score for score, _ in stored}) > 10
    # split_claims alone still scores, unless asked not to
    claims = attribution.split_claims("Die Inflation stieg 2023 auf 7,9 Prozent.", "de")
    assert one_at_a_time and claims[0].checkworthiness == 0.5
    unscored = attribution.split_claims("Die Inflation stieg 2023 auf 7,9 Prozent.", "de", score=False)
    assert unscored[0].checkworthiness == 0.0 and unscored[0].checkworthiness_model == ""
