"""The archive in use: importing earlier fact-checks, matching article claims to them, the CLI and the export
(workbench.archive, pipeline.import_factchecks)."""

import csv
import io
from pathlib import Path

import pytest
from conftest import raw_sql

from workbench import archive
from workbench.archive import (
    already_checked,
    count_factchecks,
    format_already_checked,
    get_factchecks,
    list_factchecks,
    match_claims,
)
from workbench.claims import list_claims
from workbench.export import EXPORT_COLUMNS, export_rows, to_csv
from workbench.pipeline import import_factchecks, ingest_articles
from workbench.records import ArchiveMatch, Article, FactCheck, content_hash
from workbench.store import open_db
from workbench.vectors import registry

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
GERMAN_MAP = {
    "claim": "Behauptung",
    "verdict": "Bewertung",
    "url": "Quelle",
    "date": "Datum",
    "title": "Überschrift",
    "claimant": "Urheber",
    "id": "Nummer",
}
ARTICLE = (
    "The city council met on Monday. Living near wind turbines causes cancer, a local blog claimed. "
    "The mayor opened a new library in the old town."
)


def count(db, table):
    return raw_sql(db, f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# --- reading ---------------------------------------------------------------------------------------------


# --- storing and matching --------------------------------------------------------------------------------


def _items(n=3, **extra):
    return [
        FactCheck(claim=f"Claim number {i} about topic {i}.", external_id=f"x{i}", **extra) for i in range(n)
    ]


def test_import_stores_items_with_vectors_and_dedupes(db, fake_embedder):
    items = _items() + [_items()[0]]  # one repeated within the batch
    report = import_factchecks(db, items, fake_embedder)
    assert (report.added, report.skipped, report.matched_claims) == (3, 1, 0)
    assert count_factchecks(db) == 3
    hashes = [r[0] for r in raw_sql(db, "SELECT text_hash FROM factchecks ORDER BY id")]
    assert hashes == [content_hash(i.search_text()) for i in items[:3]]
    stored = raw_sql(db, "SELECT COUNT(*) FROM embeddings WHERE model = ? AND text_hash IN (?, ?, ?)",
                        [fake_embedder.name, *hashes]).fetchone()[0]  # fmt: skip
    assert stored == 3
    calls = fake_embedder.calls
    again = import_factchecks(db, _items(), fake_embedder)
    assert (again.added, again.skipped) == (0, 3) and count_factchecks(db) == 3
    assert fake_embedder.calls == calls  # nothing embedded twice
    # another verdict for the same claim is another item
    changed = import_factchecks(
        db, [FactCheck(claim=items[0].claim, external_id="x0", verdict="false")], fake_embedder
    )
    assert changed.added == 1 and count_factchecks(db) == 4


def test_an_import_stopped_while_embedding_keeps_its_items_and_the_next_one_finishes(
    db, fake_embedder, monkeypatch
):
    real_add = db.vectors.add

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # the items are committed (searchable by words) before any vector is computed
    monkeypatch.setattr(db.vectors, "add", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_factchecks(db, _items(), fake_embedder)
    assert count(db, "factchecks") == 3 and count(db, "embeddings") == 0
    if hasattr(db, "sqlite_db"):  # SQLite's FTS5 index is a table of its own; PostgreSQL's is a column
        assert count(db, "factchecks_fts") == 3
    assert [i for i, _ in db.search.keyword_matches("factchecks", ["topic"], 10)] == [1, 2, 3]
    # the next import, even of items all stored already, embeds what the stopped one left
    monkeypatch.setattr(db.vectors, "add", real_add)
    again = import_factchecks(db, _items(), fake_embedder)
    assert (again.added, again.skipped) == (0, 3)
    assert count(db, "embeddings") == 3


def test_archive_vectors_are_committed_in_steps(db, fake_embedder, monkeypatch):
    from workbench import pipeline

    monkeypatch.setattr(pipeline, "ARCHIVE_CALL", 2)
    stages = []
    import_factchecks(db, _items(5), fake_embedder, progress=lambda *a: stages.append(a))
    assert [s for s in stages if s[0] == "embedding archive"] == [
        ("embedding archive", 0, 5), ("embedding archive", 2, 5), ("embedding archive", 4, 5),
        ("embedding archive", 5, 5),
    ]  # fmt: skip
    assert count(db, "embeddings") == 5


def _article_claim(db, fake_embedder, text=ARTICLE):
    ingest_articles(db, [Article(text=text, title="Council", source="Local News")], fake_embedder)
    return next(c for c in list_claims(db) if "wind turbines" in c.text)


def test_an_article_claim_matches_the_archive_item_with_its_text(db, fake_embedder):
    claim = _article_claim(db, fake_embedder)
    same = FactCheck(claim=claim.text, verdict="false", publisher="Example Check", date="2023-11-05")
    unrelated = FactCheck(claim="Drinking coffee makes you taller.", verdict="false", publisher="Other")
    report = import_factchecks(db, [same, unrelated], fake_embedder)
    assert report.matched_claims == 1
    found = already_checked(db)
    assert list(found) == [claim.id]
    (match,) = found[claim.id]
    assert (match.claim, match.verdict, match.publisher) == (claim.text, "false", "Example Check")
    assert match.score == pytest.approx(1.0, abs=1e-5)
    assert format_already_checked(match) == "already checked: false, Example Check, 2023-11-05"
    assert already_checked(db, [claim.id + 100]) == {}


def test_claims_ingested_after_the_import_are_matched_on_request(db, fake_embedder):
    import_factchecks(db, [FactCheck(claim="Living near wind turbines causes cancer.")], fake_embedder)
    claim = _article_claim(db, fake_embedder)
    assert match_claims(db, fake_embedder, [claim.id]) == 1
    assert already_checked(db, [claim.id])[claim.id][0].verdict == ""
    # a threshold above the cosine removes the match again (rows of that claim are replaced)
    assert match_claims(db, fake_embedder, [claim.id], threshold=1.01) == 0
    assert already_checked(db) == {}


def test_at_most_three_matches_per_claim_best_first(db, fake_embedder):
    claim = _article_claim(db, fake_embedder)
    copies = [FactCheck(claim=claim.text, url=f"https://example.org/{i}") for i in range(5)]
    weaker = FactCheck(claim=claim.text + " Scientists disagree strongly.", verdict="mixed")  # cosine 0.82
    import_factchecks(db, [weaker, *copies], fake_embedder)
    matches = already_checked(db)[claim.id]
    assert len(matches) == 3 and count(db, "claim_factchecks") == 3
    assert all(m.score == pytest.approx(1.0, abs=1e-5) for m in matches)
    assert "mixed" not in {m.verdict for m in matches}  # the weaker one is not among the best three
    match_claims(db, fake_embedder, threshold=0.5)
    assert [m.url for m in already_checked(db)[claim.id]] == [f"https://example.org/{i}" for i in range(3)]


def test_matching_uses_the_model_threshold(db, fake_embedder, monkeypatch):
    claim = _article_claim(db, fake_embedder)
    same = FactCheck(claim=claim.text, verdict="false")
    near = FactCheck(claim="Wind turbines near homes cause cancer, says a blog.", verdict="unproven")  # 0.62
    import_factchecks(db, [same, near], fake_embedder)
    assert registry.archive_threshold(fake_embedder.name) == registry.DEFAULT_ARCHIVE_THRESHOLD == 0.80
    assert (
        registry.archive_threshold("multilingual-e5-small")
        == registry.ARCHIVE_THRESHOLDS["multilingual-e5-small"]
    )
    assert [m.verdict for m in already_checked(db)[claim.id]] == ["false"]
    monkeypatch.setitem(registry.ARCHIVE_THRESHOLDS, fake_embedder.name, 0.6)
    assert match_claims(db, fake_embedder) == 1
    assert [m.verdict for m in already_checked(db)[claim.id]] == ["false", "unproven"]


def test_matching_in_small_chunks_finds_the_same_pairs(db, fake_embedder, monkeypatch):
    claim = _article_claim(db, fake_embedder)
    items = _items(7) + [FactCheck(claim=claim.text)]
    import_factchecks(db, items, fake_embedder)
    whole = {k: [(m.factcheck_id, round(m.score, 5)) for m in v] for k, v in already_checked(db).items()}
    monkeypatch.setattr(archive, "ARCHIVE_CHUNK", 2)
    monkeypatch.setattr(archive, "CLAIM_CHUNK", 1)
    match_claims(db, fake_embedder, threshold=0.0)
    chunked = already_checked(db)
    assert len(chunked[claim.id]) == 3 and chunked[claim.id][0].factcheck_id == whole[claim.id][0][0]
    monkeypatch.setattr(archive, "ARCHIVE_CHUNK", 10_000)
    match_claims(db, fake_embedder, threshold=0.0)
    assert {k: [m.factcheck_id for m in v] for k, v in already_checked(db).items()} == {
        k: [m.factcheck_id for m in v] for k, v in chunked.items()
    }


def test_format_already_checked_leaves_out_empty_parts():
    match = ArchiveMatch(factcheck_id=1, score=0.95, claim="c", verdict="", publisher="", date="", url="")
    assert format_already_checked(match) == "already checked: no verdict given"
    match.publisher, match.verdict = "PolitiFact", "half-true"
    assert format_already_checked(match) == "already checked: half-true, PolitiFact"


def test_list_count_and_get(db, fake_embedder):
    import_factchecks(db, _items(5), fake_embedder)
    assert count_factchecks(db) == 5
    page = list_factchecks(db, limit=2, offset=1)
    assert [i.external_id for i in page] == ["x1", "x2"] and all(i.id for i in page)
    wanted = [page[1].id, 999, page[0].id]
    assert [i.external_id for i in get_factchecks(db, wanted)] == ["x2", "x1"]


# --- command line and export -----------------------------------------------------------------------------


def test_cli_imports_then_skips_what_is_stored(run, db_path):
    result = run("import-factchecks", FIXTURES / "politifact_vclaims.jsonl", "--publisher", "PolitiFact")
    assert result.exit_code == 0, result.output
    assert "2 fact-checks added, 0 already stored; 0 article claims match one" in result.output
    again = run("import-factchecks", FIXTURES / "politifact_vclaims.jsonl", "--publisher", "PolitiFact")
    assert "0 fact-checks added, 2 already stored" in again.output
    db = open_db(db_path)
    assert {r[0] for r in raw_sql(db, "SELECT publisher FROM factchecks")} == {"PolitiFact"}


def test_cli_map_option(run, db_path):
    args = [arg for field, column in GERMAN_MAP.items() for arg in ("--map", f"{field}={column}")]
    result = run("import-factchecks", FIXTURES / "faktenchecks_de.csv", *args)
    assert result.exit_code == 0, result.output
    assert "2 fact-checks added, 0 already stored" in result.output
    assert [i.verdict for i in list_factchecks(open_db(db_path))] == ["falsch", "irreführend"]
    bad = run("import-factchecks", FIXTURES / "faktenchecks_de.csv", "--map", "claim")
    assert bad.exit_code == 2 and "FIELD=COLUMN" in bad.output


def test_cli_bad_input_stores_nothing(run, db_path):
    result = run("import-factchecks", FIXTURES / "snopes_vclaims.jsonl", FIXTURES / "bad_lines.jsonl")
    assert result.exit_code == 1
    assert "bad_lines.jsonl: invalid JSON" in result.output and "no claim text on lines 4, 5" in result.output
    assert count(open_db(db_path), "factchecks") == 0
    missing = run("import-factchecks", FIXTURES / "faktenchecks_de.csv")
    assert missing.exit_code == 1 and "--map claim=COLUMN" in missing.output


def test_cli_reports_matched_article_claims(run, db_path, tmp_path):
    article = write(tmp_path, "council.txt", "Council\n" + ARTICLE)
    assert run("ingest", article).exit_code == 0
    result = run("import-factchecks", FIXTURES / "claimreviews.jsonld")
    assert result.exit_code == 0, result.output
    assert "2 fact-checks added, 0 already stored; 1 article claim matches one" in result.output


def test_export_names_the_best_earlier_fact_check(db, fake_embedder):
    claim = _article_claim(db, fake_embedder)
    import_factchecks(
        db,
        [FactCheck(claim=claim.text, verdict="False", publisher="Example Check", date="2023-11-05")],
        fake_embedder,
    )
    assert "already_checked" in EXPORT_COLUMNS
    rows = list(csv.DictReader(io.StringIO(to_csv(export_rows(db)))))
    assert list(rows[0]) == EXPORT_COLUMNS
    checked = {int(r["claim_id"]): r["already_checked"] for r in rows}
    assert checked[claim.id] == "already checked: False, Example Check, 2023-11-05"
    assert [v for k, v in checked.items() if k != claim.id] == [""] * (len(rows) - 1)


# --- "already checked" by the pair judge (issue 13) --------------------------------------------------------


def test_a_differing_number_makes_a_related_fact_check_not_already_checked():
    from workbench.archive import classify
    from workbench.judge import load_judge

    judge = load_judge("multilingual-e5-small")
    item = FactCheck(claim="Taxes fell by 54 percent in 1992.", verdict="true")
    relation, probability, conflicts = classify(
        judge, "Taxes fell by 45 percent in 1992.", "en", "", item, 0.985, 0.93
    )
    assert relation == "related" and conflicts == ("number",) and probability is not None
    relation, probability, conflicts = classify(
        judge, "In 1992, taxes fell by 54 percent.", "en", "", item, 0.985, 0.93
    )
    assert relation == "checked" and conflicts == () and probability >= judge.levels["en-en"].confirm


def test_without_a_judge_the_cosine_decides_but_a_differing_date_still_stops_the_mark():
    from workbench.archive import classify

    item = FactCheck(claim="Unemployment fell to 3 percent in 2007.")
    assert (
        classify(None, "Unemployment fell to 3 percent in 2007.", "en", "", item, 0.99, 0.9)[0] == "checked"
    )
    assert classify(None, "Unemployment fell to 3 percent in 2001.", "en", "", item, 0.99, 0.9)[:3:2] == (
        "related",
        ("date",),
    )
    assert classify(None, "Unemployment fell to 3 percent in 2007.", "en", "", item, 0.5, 0.9)[0] == ""


def test_a_related_fact_check_is_shown_as_such_and_never_exported_as_already_checked(db, fake_embedder):
    related = ArchiveMatch(1, 0.98, "x", "false", "PolitiFact", "2019-10-22", "", "related", 0.2, ("number",))
    assert (
        format_already_checked(related)
        == "related fact-check (differs in number): false, PolitiFact, 2019-10-22"
    )
    checked = ArchiveMatch(1, 0.98, "x", "false", "PolitiFact", "2019-10-22", "", "checked", 0.9)
    assert format_already_checked(checked) == "already checked: false, PolitiFact, 2019-10-22"
    claim = _article_claim(db, fake_embedder).id
    import_factchecks(
        db,
        [FactCheck(claim="Wind turbines cause cancer in 54 percent of cases", verdict="false")],
        fake_embedder,
    )
    item_id = list_factchecks(db)[0].id
    with db.write():
        db.factchecks.replace_matches([claim], [(claim, item_id, 0.99, "related", 0.1, "number")])
    [match] = already_checked(db)[claim]
    assert not match.checked and match.conflicts == ("number",)
    assert next(r for r in export_rows(db) if r["claim_id"] == claim)["already_checked"] == ""
