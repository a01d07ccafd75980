import csv
import io
import json
from pathlib import Path

import pytest

from workbench import archive
from workbench.archive import (
    ArchiveError,
    ArchiveMatch,
    already_checked,
    count_factchecks,
    format_already_checked,
    get_factchecks,
    import_factchecks,
    list_factchecks,
    match_claims,
    read_factchecks,
)
from workbench.claims import list_claims
from workbench.db import open_db
from workbench.export import EXPORT_COLUMNS, export_rows, to_csv
from workbench.ingest import IngestError
from workbench.pipeline import ingest_articles
from workbench.records import Article, FactCheck, content_hash

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
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# --- reading ---------------------------------------------------------------------------------------------


def test_reads_checkthat_vclaim_fields():
    items = read_factchecks([FIXTURES / "snopes_vclaims.jsonl"])
    assert [i.external_id for i in items] == [
        "vclaim-sno-1-mcdonald39s-any-size-fries",
        "vclaim-sno-10-meter-anaconda",
        "vclaim-sno-10-month-old-baby-drawing",
    ]
    anaconda = items[1]
    assert anaconda.claim == "A viral video shows a 10-meter-long anaconda swimming across a river in Brazil."
    assert (anaconda.title, anaconda.publisher, anaconda.date, anaconda.verdict) == (
        "Does Video Show a 10-Meter-Long Anaconda?",
        "Dan Evon",
        "6 March 2021",
        "",
    )
    assert anaconda.url == "https://www.snopes.com/fact-check/10-meter-anaconda/"  # from page_url
    assert items[0].url == "" and items[0].origin == "snopes_vclaims.jsonl"


def test_politifact_speaker_is_the_claimant_and_publisher_comes_from_the_option():
    items = read_factchecks(FIXTURES / "politifact_vclaims.jsonl", publisher="PolitiFact")
    trump = items[0]
    assert (trump.claimant, trump.verdict, trump.publisher) == ("Donald Trump", "pants-fire", "PolitiFact")
    # a relative address stays as given: the publisher's site is the base
    assert trump.url == "/factchecks/2019/oct/29/donald-trump/trump-dead-wrong-about-change-murders-chicago/"
    assert trump.claim.startswith('"Over the last two years') and trump.external_id == "vclaim-pol-00001"
    # the option replaces a file's own author field
    snopes = read_factchecks(FIXTURES / "snopes_vclaims.jsonl", publisher="Snopes")
    assert {i.publisher for i in snopes} == {"Snopes"}


def test_field_names_are_recognised_whatever_their_case(tmp_path):
    row = {
        "Claim_Reviewed": "Bananas are berries.",
        "TRUTH_LABEL": "true",
        "Page_URL": "https://example.org/bananas",
        "Speaker": "A botanist",
        "Site": "Example Checks",
        "Claim_ID": "b-1",
        "datePublished": "2024-01-02",
        "Language": "en",
    }
    (item,) = read_factchecks(write(tmp_path, "a.jsonl", json.dumps(row) + "\n"))
    assert item == FactCheck(
        claim="Bananas are berries.",
        verdict="true",
        url="https://example.org/bananas",
        claimant="A botanist",
        publisher="Example Checks",
        external_id="b-1",
        date="2024-01-02",
        lang="en",
        origin="a.jsonl",
    )


def test_a_claim_column_wins_over_a_text_column_and_unsafe_urls_are_dropped(tmp_path):
    path = write(
        tmp_path,
        "b.csv",
        "text,claim,rating,link\nThe whole article body.,The claim itself.,false,javascript:alert(1)\n",
    )
    (item,) = read_factchecks(path)
    assert (item.claim, item.verdict, item.url) == ("The claim itself.", "false", "")


def test_german_csv_read_with_a_mapping():
    items = read_factchecks(FIXTURES / "faktenchecks_de.csv", GERMAN_MAP, publisher="Correctiv")
    assert items[0] == FactCheck(
        claim="Die Bundesregierung plant ein Bargeldverbot ab 2025.",
        verdict="falsch",
        publisher="Correctiv",
        url="https://example.org/faktencheck/bargeld",
        title="Kein Bargeldverbot geplant",
        date="2024-03-02",
        claimant="Telegram-Kanal",
        external_id="FC-101",
        origin="faktenchecks_de.csv",
    )
    # semicolon-separated, with a quoted ";" inside a cell
    assert items[1].claim == "Der Strompreis hat sich seit 2020 verdreifacht; sagen Nutzer."
    assert items[1].verdict == "irreführend"


def test_a_mapping_overrides_the_recognised_names(tmp_path):
    path = write(tmp_path, "c.jsonl", json.dumps({"claim": "short", "long_claim": "The long claim."}) + "\n")
    (item,) = read_factchecks(path, {"claim": "long_claim"})
    assert item.claim == "The long claim."
    with pytest.raises(ArchiveError, match="unknown field 'rating'"):
        read_factchecks(path, {"rating": "x"})


def test_claimreview_jsonld_with_every_field():
    first, second = read_factchecks(FIXTURES / "claimreviews.jsonld")
    assert first == FactCheck(
        claim="Living near wind turbines causes cancer.",
        verdict="False",  # reviewRating.alternateName
        publisher="Example Check",  # author.name
        url="https://factcheck.example.org/reviews/wind-turbines",
        title="No, wind turbines do not cause cancer",
        date="2023-11-05",
        claimant="Ann Example",  # itemReviewed.author.name
        external_id="https://factcheck.example.org/reviews/wind-turbines#claimreview",
        lang="en",
        origin="claimreviews.jsonld",
    )
    # no alternateName: the rating as value/best; author as a list; the claim's first appearance dates it
    assert (second.verdict, second.publisher, second.claimant, second.date) == (
        "2/5",
        "Example Check",
        "Bob Sample",
        "2019-07-20",
    )


REVIEW = {
    "@type": "ClaimReview",
    "claimReviewed": "The Earth is flat.",
    "reviewRating": {"@type": "Rating", "alternateName": "Pants on fire"},
    "author": {"@type": "Organization", "name": "Globe Check"},
}


@pytest.mark.parametrize(
    "document, n",
    [
        (REVIEW, 1),
        ([REVIEW, {**REVIEW, "claimReviewed": "The Moon is made of cheese."}], 2),
        (
            {
                "@context": "https://schema.org",
                "@graph": [REVIEW, {**REVIEW, "claimReviewed": "Second claim."}],
            },
            2,
        ),
        ({"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "position": 1, "item": REVIEW}]}, 1),
    ],
    ids=["object", "list", "graph", "itemlist"],
)
def test_claimreview_shapes(tmp_path, document, n):
    items = read_factchecks(write(tmp_path, "reviews.json", json.dumps(document)))
    assert len(items) == n
    assert items[0].claim == "The Earth is flat."
    assert (items[0].verdict, items[0].publisher) == ("Pants on fire", "Globe Check")


def test_google_fact_check_tools_response(tmp_path):
    response = {
        "claims": [
            {
                "text": "5G masts spread viruses.",
                "claimant": "Social media posts",
                "claimDate": "2020-04-01T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Full Fact", "site": "fullfact.org"},
                        "url": "https://fullfact.org/5g",
                        "title": "5G does not spread viruses",
                        "reviewDate": "2020-04-03T00:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    },
                    {
                        "publisher": {"site": "afp.com"},
                        "url": "https://factcheck.afp.com/5g",
                        "textualRating": "Falsch",
                    },
                ],
            }
        ],
        "nextPageToken": "abc",
    }
    first, second = read_factchecks(write(tmp_path, "google.json", json.dumps(response)))
    assert (first.claim, first.claimant, first.publisher, first.verdict, first.date, first.lang) == (
        "5G masts spread viruses.",
        "Social media posts",
        "Full Fact",
        "False",
        "2020-04-03T00:00:00Z",
        "en",
    )
    assert (second.claim, second.publisher, second.verdict) == (
        "5G masts spread viruses.",
        "afp.com",
        "Falsch",
    )


def test_a_folder_reads_every_supported_file(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("snopes_vclaims.jsonl", "claimreviews.jsonld"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    (folder / "notes.txt").write_text("not an archive file")
    (folder / ".hidden.jsonl").write_text("{broken")
    items = read_factchecks([folder])
    assert len(items) == 5
    assert {i.origin for i in items} == {"snopes_vclaims.jsonl", "claimreviews.jsonld"}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.jsonl", b"", "empty.jsonl: file is empty"),
        ("blank.csv", b" \n\n", "blank.csv: file is empty"),
        ("image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        ("broken.json", b'[\n  {"claim": "ok"},\n  {"claim": }\n]', "broken.json line 3: invalid JSON"),
        ("numbers.json", b"[1, 2, 3]", "numbers.json: no records found"),
        ("checks.xml", b"<claims/>", "unsupported file type .xml"),
        (
            "no_claim.csv",
            b"Nummer,Aussage,Bewertung\n1,Etwas,falsch\n",
            "no claim column (found: Nummer, Aussage, Bewertung); name the one holding the claim text with "
            "--map claim=COLUMN",
        ),
        ("no_claim.jsonl", b'{"title": "t", "rating": "false"}\n', "no claim column (found: title, rating)"),
        ("quotes.csv", b'claim,verdict\n"unclosed,false\n', "quotes.csv line 2: broken CSV"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path, name, content, message):
    with pytest.raises(IngestError) as info:
        read_factchecks(write(tmp_path, name, content))
    assert message in str(info.value)


def test_bad_lines_are_all_listed():
    with pytest.raises(ArchiveError) as info:
        read_factchecks(FIXTURES / "bad_lines.jsonl")
    assert str(info.value) == (
        f"{FIXTURES / 'bad_lines.jsonl'}: invalid JSON (Expecting value at column 12) on line 2; "
        "no claim text on lines 4, 5"
    )
    assert [b.line for b in info.value.bad_lines] == [2, 4, 5]


def test_items_of_a_json_file_without_claim_text_are_named_by_line(tmp_path):
    document = {"@graph": [{"claim": "fine"}, {"claim": "also fine"}, {"claim": " ", "verdict": "x"}]}
    path = write(tmp_path, "graph.json", json.dumps(document, indent=2))
    with pytest.raises(ArchiveError, match=r"graph\.json: no claim text on line 9$"):
        read_factchecks(path)
    assert json.dumps(document, indent=2).split("\n")[8].strip() == "{"


def test_a_mapped_column_that_is_missing_is_an_error():
    with pytest.raises(ArchiveError, match="no 'Urteil' column for verdict"):
        read_factchecks(FIXTURES / "faktenchecks_de.csv", {"claim": "Behauptung", "verdict": "Urteil"})


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
    hashes = [r[0] for r in db.execute("SELECT text_hash FROM factchecks ORDER BY id")]
    assert hashes == [content_hash(i.search_text()) for i in items[:3]]
    stored = db.execute("SELECT COUNT(*) FROM embeddings WHERE model = ? AND text_hash IN (?, ?, ?)",
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


def test_a_failure_mid_import_leaves_the_database_as_it_was(db, fake_embedder, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # store_vectors runs after the items were inserted, inside the same transaction
    monkeypatch.setattr(archive.embed, "store_vectors", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_factchecks(db, _items(), fake_embedder)
    assert count(db, "factchecks") == 0 and count(db, "embeddings") == 0
    assert count(db, "factchecks_fts") == 0


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
    assert archive.threshold_for(fake_embedder.name) == archive.DEFAULT_ARCHIVE_THRESHOLD == 0.80
    assert (
        archive.threshold_for("multilingual-e5-small") == archive.ARCHIVE_THRESHOLDS["multilingual-e5-small"]
    )
    assert [m.verdict for m in already_checked(db)[claim.id]] == ["false"]
    monkeypatch.setitem(archive.ARCHIVE_THRESHOLDS, fake_embedder.name, 0.6)
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
    assert {r[0] for r in db.execute("SELECT publisher FROM factchecks")} == {"PolitiFact"}


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
