"""Hostile and broken input through every door (issue 16, items 1, 5, 8 and 10): inputs far over any sensible
length, JSON nested thousands deep, encodings that are no text encodings, a full disk, invisible characters,
and the ";"-separated CSV Excel writes. Each gets a valid result or one line, never a traceback; nothing
stored is lost."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
import streamlit as st
from click.testing import CliRunner
from conftest import FakeEmbedder, add_desk
from streamlit.testing.v1 import AppTest

import workbench
from workbench.cli import cli
from workbench.export import export_rows
from workbench.formats.articles import read_paths
from workbench.formats.claimreview import to_jsonld
from workbench.formats.files import IngestError
from workbench.pipeline import seed_samples
from workbench.review import get_review, history, request_second_review, second_review, set_review
from workbench.store import open_db
from workbench.text.sentences import split_sentences

PAGES = Path(workbench.__file__).parent / "ui" / "views"
# Bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width space/joiners, word joiner, BOM, soft hyphen.
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\u00ad"


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    db = add_desk(open_db(path))
    seed_samples(db, FakeEmbedder())
    db.close()
    return path


@pytest.fixture
def db_file(seeded_template, tmp_path, fake_embedder, monkeypatch):
    """A copy of a database holding the sample articles; also $WORKBENCH_DB."""
    path = tmp_path / "claims.db"
    shutil.copy(seeded_template, path)
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    return path


@pytest.fixture
def longest_text(fake_embedder, monkeypatch):
    """Record the longest text the (fake) embedding model is given."""
    seen = [0]
    encode = fake_embedder.encode

    def recording(texts):
        seen[0] = max([seen[0], *map(len, texts)])
        return encode(texts)

    monkeypatch.setattr(fake_embedder, "encode", recording)
    return seen


def workbench_cli(*args):
    # catch_exceptions=False: an exception the CLI lets through fails the test, as a traceback fails a user
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if not line.startswith("note: ")]
    assert len(errors) == 1 and errors[0].startswith("Error: "), result.stderr
    return errors[0]


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# --- item 1: caps on claim, query and archive-item length ------------------------------------------------

# The limits, as the docs give them (named here rather than imported, so that the tests read the same on a
# version without them).
SENTENCE_LIMIT, QUERY_LIMIT, ARCHIVE_CLAIM_LIMIT, ARCHIVE_TITLE_LIMIT = 1000, 2000, 1000, 500


def test_the_limits_are_the_documented_ones():
    from workbench.formats import factchecks
    from workbench.search import MAX_QUERY_CHARS
    from workbench.text.sentences import MAX_SENTENCE_CHARS

    limits = (MAX_SENTENCE_CHARS, MAX_QUERY_CHARS, factchecks.MAX_CLAIM_CHARS, factchecks.MAX_TITLE_CHARS)
    assert limits == (SENTENCE_LIMIT, QUERY_LIMIT, ARCHIVE_CLAIM_LIMIT, ARCHIVE_TITLE_LIMIT)


WORDS = "the council said that the harbour tax rose by twelve percent in a single year while ships waited"


def long_sentence(chars: int) -> str:
    words = (WORDS + " ") * (chars // len(WORDS) + 1)
    return words[:chars].rstrip() + "."


def test_a_one_sentence_article_far_over_the_limit_becomes_claims_within_it(db_file, tmp_path, longest_text):
    article = tmp_path / "one_sentence.txt"
    sentence = long_sentence(75_000)
    article.write_text(f"Harbour tax\n{sentence}\n", encoding="utf-8")
    result = workbench_cli("ingest", "--db", db_file, article)
    assert result.exit_code == 0, result.output
    assert 0 < longest_text[0] <= SENTENCE_LIMIT  # the model never sees more than one capped claim
    assert f"1 sentence(s) over {SENTENCE_LIMIT:,} characters were each cut" in result.stderr
    with sqlite3.connect(db_file) as conn:
        article_id, text = conn.execute("SELECT id, text FROM articles ORDER BY id DESC LIMIT 1").fetchone()
        spans = conn.execute(
            'SELECT start, "end", sentence FROM claims WHERE article_id = ? ORDER BY position', [article_id]
        ).fetchall()
    assert len(spans) >= 75
    assert all(end - start <= SENTENCE_LIMIT and text[start:end] == s for start, end, s in spans)
    # nothing lost: the pieces cover the sentence, whitespace between them aside
    assert "".join(s for _, _, s in spans).replace(" ", "") == sentence.replace(" ", "")


def _best_of_three(f) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def test_splitting_a_line_full_of_full_stops_takes_linear_time():
    # "A. B. C." are initials, never sentence ends: the splitter looked at everything before and after each
    # full stop, so its time grew with the square of the line. Ratio of two sizes in one process: 4x the
    # text takes about 4x as long when linear, 16x when quadratic.
    small, large = ("A. B. " * 1400)[:8000], ("A. B. " * 5600)[:32000]
    ratio = _best_of_three(lambda: split_sentences(large, "en")) / _best_of_three(
        lambda: split_sentences(small, "en")
    )
    assert ratio < 9, f"32,000 characters took {ratio:.1f} times as long as 8,000"


def test_finding_the_roles_of_people_takes_linear_time_in_the_article():
    # Each person named in an article was searched for in the whole text (three times), so an article naming
    # a new person in every sentence took time in the square of its length: 140 s for 2,000,000 characters
    # (benchmarks/worst_case.py, txt-names). 4x the text takes about 4x as long when linear, 16x when quadratic.
    from workbench.text import attribution

    def roles_of(chars: int):
        rng = random.Random(7)
        people = (
            f"Laut Anna {''.join(rng.choice('bcdfghklmnprstvwz') for _ in range(7)).capitalize()}"
            for _ in iter(int, 1)
        )
        text = "".join(f"{name} steigen die Preise. " for name, _ in zip(people, range(chars // 36)))
        surnames = attribution._surnames(text, "de")
        assert len({f for f in surnames.values() if f}) > chars // 40  # a new person in nearly every sentence
        return lambda: attribution._known_roles(text, surnames, "de")

    small, large = roles_of(60_000), roles_of(240_000)
    ratio = _best_of_three(large) / _best_of_three(small)
    assert ratio < 9, f"240,000 characters took {ratio:.1f} times as long as 60,000"


def test_match_cuts_a_query_far_over_the_limit_and_says_so(db_file, tmp_path, longest_text):
    queries = tmp_path / "queries.txt"
    queries.write_text(f"Sicherheitsrat Resolution\n{long_sentence(900_000)}\n", encoding="utf-8")
    result = workbench_cli("match", queries, "--db", db_file, "--k", "3")
    assert result.exit_code == 0, result.output
    assert 0 < longest_text[0] <= QUERY_LIMIT
    assert f"1 query over {QUERY_LIMIT:,} characters cut to that length (query_index 1)" in result.stderr
    assert result.stdout.count("\n") == 1 + 3 + 3  # header, three hits for each query


def test_search_cuts_a_long_query_and_says_so(db_file, longest_text):
    result = workbench_cli("search", "Sicherheitsrat " + long_sentence(20_000), "--db", db_file)
    assert result.exit_code == 0, result.output
    assert 0 < longest_text[0] <= QUERY_LIMIT
    assert "cut to its first 2,000 characters" in result.stderr


def test_the_search_box_takes_at_most_the_query_limit(db_file, sign_in):
    sign_in("anna")
    st.cache_resource.clear()
    at = AppTest.from_file(str(PAGES / "search.py"), default_timeout=60)
    at.run()
    assert at.text_area(key="query").max_chars == QUERY_LIMIT


def test_archive_items_over_the_limit_are_cut_and_the_user_told(db_file, tmp_path, longest_text):
    archive = tmp_path / "archive.jsonl"
    items = [
        {"claim": "Die Steuer stieg um zwölf Prozent.", "verdict": "false", "id": "short"},
        {"claim": long_sentence(50_000), "title": long_sentence(20_000), "verdict": "false", "id": "long"},
    ]
    archive.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    result = workbench_cli("import-factchecks", archive, "--db", db_file)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_file) as conn:
        claim, title = conn.execute(
            "SELECT claim, title FROM factchecks WHERE external_id = 'long'"
        ).fetchone()
    assert len(claim) <= ARCHIVE_CLAIM_LIMIT and len(title) <= ARCHIVE_TITLE_LIMIT
    assert claim.startswith(items[1]["claim"][:900])
    assert 0 < longest_text[0] <= ARCHIVE_CLAIM_LIMIT + 1 + ARCHIVE_TITLE_LIMIT  # claim and title embedded
    assert f"1 item(s) had a claim over {ARCHIVE_CLAIM_LIMIT:,}" in result.stderr
    assert f"{archive} line 2" in result.stderr


# --- item 5: deep JSON, non-text encodings, a full disk --------------------------------------------------


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


DEEP_ARTICLES = {
    "lists.jsonl": nested(100_000) + "\n",
    "field.jsonl": json.dumps({"text": "Der Zug fuhr ab.", "id": "x"})[:-1]
    + ', "extra": '
    + nested(5000)
    + "}\n",
}
DEEP_ARCHIVES = {
    "lists.json": nested(100_000),
    "lists.jsonl": nested(100_000) + "\n",
    "graph.jsonld": '{"@graph": ' + nested(50_000, '{"claimReviewed": "x"}') + "}",
    # parses (under Python's recursion limit), but a reader walking it recursively would overflow
    "claim.jsonl": '{"claim": ' + nested(900, '"Die Steuer stieg."') + ', "verdict": "false"}\n',
}


@pytest.mark.parametrize("name", sorted(DEEP_ARTICLES))
def test_deeply_nested_json_articles_are_refused_in_one_line(db_file, tmp_path, name):
    path = tmp_path / name
    path.write_text(DEEP_ARTICLES[name], encoding="utf-8")
    before = count(db_file, "articles")
    line = one_line_error(workbench_cli("ingest", "--db", db_file, path))
    assert (
        line
        == f"Error: {path} line 1: JSON nested deeper than 64 levels; nothing stored (--skip-bad-lines ingests the good lines)"
    )
    assert count(db_file, "articles") == before


@pytest.mark.parametrize("name", sorted(DEEP_ARCHIVES))
def test_deeply_nested_archive_files_are_refused_in_one_line(db_file, tmp_path, name):
    path = tmp_path / name
    path.write_text(DEEP_ARCHIVES[name], encoding="utf-8")
    line = one_line_error(workbench_cli("import-factchecks", "--db", db_file, path))
    assert line.startswith(f"Error: {path}") and "JSON nested deeper than 64 levels" in line
    assert count(db_file, "factchecks") == 0


def test_the_archive_page_refuses_a_deeply_nested_upload_in_one_line(db_file, tmp_path, monkeypatch, sign_in):
    sign_in("anna")
    path = tmp_path / "deep.json"
    path.write_text(DEEP_ARCHIVES["lists.json"], encoding="utf-8")

    class Uploaded:
        name, getvalue = path.name, staticmethod(path.read_bytes)

    monkeypatch.setattr(st, "file_uploader", lambda *args, **kwargs: [Uploaded()])
    st.cache_resource.clear()
    at = AppTest.from_file(str(PAGES / "archive.py"), default_timeout=60)
    at.run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    [error] = at.error
    assert "JSON nested deeper than 64 levels" in error.value and "Traceback" not in error.value


NOT_TEXT_ENCODINGS = ["base64", "rot13", "hex", "zlib"]


@pytest.mark.parametrize("encoding", NOT_TEXT_ENCODINGS)
@pytest.mark.parametrize("command", ["ingest", "import-factchecks", "match", "score"])
def test_an_encoding_that_is_no_text_encoding_is_refused_in_one_line(db_file, tmp_path, command, encoding):
    path = tmp_path / ("input.txt" if command != "import-factchecks" else "input.jsonl")
    path.write_text('{"claim": "Die Steuer stieg.", "text": "Die Steuer stieg."}\n', encoding="utf-8")
    db = [] if command == "score" else ["--db", db_file]
    line = one_line_error(workbench_cli(command, path, "--encoding", encoding, *db))
    assert line.startswith(f"Error: {path}: '{encoding}' is not a text encoding")


def test_a_full_disk_during_an_ingest_stores_nothing_of_it_and_says_so(small_disk, tmp_path):
    db = small_disk.path / "claims.db"
    seeded = small_disk.run_cli("ingest", "--db", str(db), str(workbench.pipeline.SAMPLES_DIR))
    assert seeded.returncode == 0, seeded.stderr
    articles, claims = count(db, "articles"), count(db, "claims")
    big = tmp_path / "big.jsonl"  # about 4 MB of new claims: more than the disk holds
    with big.open("w", encoding="utf-8") as f:
        for i in range(400):
            text = " ".join(f"In Hafen {i}-{j} warteten {j} Schiffe auf die Abfertigung." for j in range(60))
            f.write(json.dumps({"text": text, "id": str(i)}) + "\n")
    full = small_disk.run_cli("ingest", "--db", str(db), str(big))
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
    [line] = [line for line in full.stderr.splitlines() if line.startswith("Error:")]
    assert "is full" in line and "the change in progress was undone" in line, full.stderr
    # nothing lost: the database opens, whole, with what it held plus only whole articles
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert count(db, "articles") >= articles and count(db, "claims") >= claims
    listing = small_disk.run_cli("articles", "--db", str(db))
    assert listing.returncode == 0 and listing.stdout.count("\n") == count(db, "articles")


def test_a_full_disk_during_an_export_leaves_no_empty_or_cut_file(small_disk, tmp_path):
    db = tmp_path / "claims.db"
    assert small_disk.run_cli("ingest", "--db", str(db), str(workbench.pipeline.SAMPLES_DIR)).returncode == 0
    out = small_disk.path / "verdicts.csv"
    out.write_text("the export of last week\n", encoding="utf-8")
    small_disk.fill(leave=2048)  # the export (about 30 KB) does not fit
    if not small_disk.tmpfs:  # a file-size limit instead of a full disk: one under the export's size
        small_disk.size = 4096
    result = small_disk.run_cli("export", "--db", str(db), "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert line.startswith(f"Error: cannot write {out}") and "the earlier file is unchanged" in line
    assert out.read_text(encoding="utf-8") == "the export of last week\n"
    assert [p.name for p in small_disk.path.iterdir() if p.name not in ("verdicts.csv", "filler")] == []
    out.unlink()
    result = small_disk.run_cli("export", "--db", str(db), "-o", str(out))
    assert result.returncode == 1 and not out.exists()  # no 0-byte file either


# --- item 8: invisible characters ---------------------------------------------------------------------------


def test_invisible_characters_never_reach_articles_claims_or_speakers(db_file, tmp_path):
    article = tmp_path / "hidden.txt"
    article.write_text(
        "Hafen\u200b\u202enachrichten\n"
        "Die Hafengebühr stieg um 3\u200b0 Prozent, sagte Bürger\u2066meisterin Anna\u200d Berg am Montag. "
        "Der Hafen\u00ad meister widersprach\u202e ihr.\n",
        encoding="utf-8",
    )
    assert workbench_cli("ingest", "--db", db_file, article).exit_code == 0
    with sqlite3.connect(db_file) as conn:
        article_id, title, text = conn.execute(
            "SELECT id, title, text FROM articles ORDER BY id DESC LIMIT 1"
        ).fetchone()
        claims = conn.execute(
            "SELECT text, sentence, speaker FROM claims WHERE article_id = ?", [article_id]
        ).fetchall()
    stored = [title, text, *(value for row in claims for value in row)]
    assert not [value for value in stored if any(c in value for c in INVISIBLE)]
    assert title == "Hafennachrichten"
    assert any("30 Prozent" in claim for claim, _, _ in claims)
    assert any(speaker == "Anna Berg" for _, _, speaker in claims)


def test_a_zero_width_space_does_not_make_a_second_reviewer(seeded):
    set_review(seeded, 1, verdict="false", reviewer="anna")
    request_second_review(seeded, 1, reviewer="anna")
    for disguised in ("anna\u200b", "\u202eanna", "ａｎｎａ", "an\u00adna"):
        with pytest.raises(ValueError, match="gave the first verdict"):
            second_review(seeded, 1, reviewer=disguised, verdict="true")
    assert second_review(seeded, 1, reviewer="ben", verdict="true").reviewer == "ben"


def test_names_and_notes_are_stored_without_invisible_characters(seeded):
    from workbench.accounts import add_account

    bob = add_account(
        seeded,
        "bob",
        "reviewer",
        password="a long password 1",
        display_name="bob\u202e ,eurt :tcidrev",
        by="admin",
    )
    assert (
        bob.display_name == "bob ,eurt :tcidrev"
    )  # shown as typed, never reversed into "bob, verdict: true"
    set_review(seeded, 2, verdict="false", reviewer="bob\u200b", note="siehe\u200b Bericht\u2066")
    review = get_review(seeded, 2)
    assert (review.reviewer, review.note) == ("bob", "siehe Bericht")
    assert history(seeded, 2)[-1]["reviewer"] == "bob"


def test_exports_leave_out_invisible_characters_stored_before_they_were_refused(seeded):
    set_review(seeded, 3, status="done", verdict="false", reviewer="anna", note="x")
    # as a database written before this fix holds them
    seeded.sqlite_db.execute(
        "UPDATE reviews SET reviewer = 'bob\u202e:eurt', note = 'Be\u200bricht' WHERE claim_id = 3"
    )
    seeded.sqlite_db.conn.commit()
    from workbench.export import claim_reviews, to_csv

    csv_text = to_csv(export_rows(seeded))
    jsonld = to_jsonld(claim_reviews(seeded, organisation="Fakten\u2067check", by="anna"))
    assert "bob:eurt" in csv_text and "Bericht" in csv_text and "Faktencheck" in jsonld
    assert not [c for c in INVISIBLE if c in csv_text or c in jsonld]


def test_archive_items_and_queries_lose_invisible_characters(db_file, tmp_path):
    archive = tmp_path / "archive.jsonl"
    archive.write_text(
        json.dumps({"claim": "Die Hafen\u200bgebühr stieg um 3\u200b0 Prozent.", "verdict": "fal\u202ese"})
        + "\n",
        encoding="utf-8",
    )
    assert workbench_cli("import-factchecks", archive, "--db", db_file).exit_code == 0
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT claim, verdict FROM factchecks").fetchone() == (
            "Die Hafengebühr stieg um 30 Prozent.",
            "false",
        )
    plain = workbench_cli("search", "Hafengebühr", "--db", db_file, "--json", "--scope", "factchecks")
    hidden = workbench_cli("search", "Hafen\u200bgebühr", "--db", db_file, "--json", "--scope", "factchecks")
    assert json.loads(hidden.stdout) == json.loads(plain.stdout) != []


# --- item 10: the ";"-separated CSV Excel writes ---------------------------------------------------------------


EXCEL_CSV = (
    "\ufefftext;title;source\r\n"
    '"Die Steuer stieg um 2,5 Prozent; sagte der Minister.";Steuern;Tagesschau\r\n'
    "Der Hafen bleibt bis Montag geschlossen.;Hafen;Spiegel\r\n"
)


def test_a_semicolon_separated_csv_from_excel_is_read(db_file, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(EXCEL_CSV, encoding="utf-8")
    articles = read_paths([str(path)])
    assert [(a.title, a.source) for a in articles] == [("Steuern", "Tagesschau"), ("Hafen", "Spiegel")]
    assert articles[0].text == "Die Steuer stieg um 2,5 Prozent; sagte der Minister."
    result = workbench_cli("ingest", "--db", db_file, path)
    assert result.exit_code == 0 and result.stdout.startswith("2 article(s) added"), result.output
    scored = workbench_cli("score", path)
    assert scored.exit_code == 0 and scored.stdout.count("\n") == 3, scored.output


def test_a_comma_csv_whose_text_holds_semicolons_stays_a_comma_csv(tmp_path):
    path = tmp_path / "comma.csv"
    path.write_text('text,title\n"a; b; c; d. Der Zug fuhr ab.",Zug\n', encoding="utf-8")
    [article] = read_paths([str(path)])
    assert (article.title, article.text) == ("Zug", "a; b; c; d. Der Zug fuhr ab.")


# --- what the fuzz pass found (tests/test_fuzz.py) ------------------------------------------------------------


def test_the_outlet_of_a_pasted_text_and_the_publisher_option_are_cleaned(tmp_path):
    from workbench.formats.articles import article_from_text
    from workbench.formats.factchecks import read_factchecks

    article = article_from_text("Der Zug fuhr ab.", source=" Tages\u200bschau\u202e \n")
    assert article.source == "Tagesschau"
    assert article_from_text("Der Zug fuhr ab.", source=" ").source == "pasted"
    path = tmp_path / "a.jsonl"
    path.write_text('{"claim": "Die Steuer stieg."}\n', encoding="utf-8")
    [item] = read_factchecks(path, publisher="Snopes\u2066 ")
    assert item.publisher == "Snopes"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.csv", '"Be\nhauptung","x' + "y" * 500 + '"\n1,2\n'),
        ("a.jsonl", '{"Be\\nhauptung": 1}\n'),
        ("a.json", '[{"\\n": null}]'),
    ],
)
def test_refusals_naming_the_columns_stay_one_short_line(tmp_path, name, content):
    from workbench.formats.factchecks import read_factchecks
    from workbench.formats.files import IngestError

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        read_factchecks(path)
    message = str(refused.value)
    assert "\n" not in message and len(message) < len(str(path)) + 200, message
    assert "no claim column" in message


def test_an_uploaded_file_name_cannot_break_the_message_line():
    from workbench.formats.articles import read_upload
    from workbench.formats.files import IngestError

    with pytest.raises(IngestError) as refused:
        read_upload("bad\nname\u202e.csv", b"id,title\n1,x\n")
    assert str(refused.value) == 'bad name.csv line 1: no "text" column (found: id, title)'


# --- the app: one line for any failure, and a read-only database is said --------------------------------------


def test_the_app_shows_a_damaged_database_as_one_line(db_file):
    data = bytearray(db_file.read_bytes())
    data[3 * 4096 :] = b"\xa5" * (len(data) - 3 * 4096)  # every page after the first three
    db_file.write_bytes(bytes(data))
    st.cache_resource.clear()
    at = AppTest.from_file(str(PAGES.parent / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert len(at.error) == 1, [(type(e).__name__, getattr(e, "value", "")) for e in at.main]
    [error] = at.error
    assert "is damaged" in error.value and "backup" in error.value and "Traceback" not in error.value


def test_the_app_reads_a_read_only_database_and_says_writing_is_off(
    db_file, read_only_folder, monkeypatch, sign_in
):
    sign_in("anna")  # before the copy: a read-only desk takes no new session
    path = read_only_folder.add(db_file)
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    st.cache_resource.clear()
    at = AppTest.from_file(str(PAGES.parent / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    warnings = [w.value.replace("\\", "") for w in at.sidebar.warning]  # shown escaped for Markdown
    assert any("read-only" in w and "writing is off" in w for w in warnings), warnings
    assert at.title[0].value == "Groups" and not at.error  # the page itself reads as usual


def test_the_articles_page_says_when_it_cut_a_long_sentence(db_file, tmp_path, monkeypatch, sign_in):
    sign_in("anna")
    path = tmp_path / "long.txt"
    path.write_text("Hafen\n" + long_sentence(5_000) + "\n", encoding="utf-8")

    class Uploaded:
        name, getvalue = path.name, staticmethod(path.read_bytes)

    monkeypatch.setattr(st, "file_uploader", lambda *args, **kwargs: [Uploaded()])
    st.cache_resource.clear()
    at = AppTest.from_file(str(PAGES / "articles.py"), default_timeout=60)
    at.run()
    at.button(key="add").click().run()
    assert not at.exception and at.success[0].value.startswith("1 article added")
    assert at.info[0].value == "1 sentence(s) over 1,000 characters were each cut into several claims."


# --- item 7: big CSV refused by bytes as they are read, and read as a stream -----------------------------------

_PEAK_SCRIPT = """
import json, sys
from pathlib import Path
from workbench.formats.articles import read_paths
from workbench.formats.files import IngestError
import workbench.formats.csv, workbench.formats.factchecks  # imported before the peak is reset

def status(field):
    return next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith(field))

before = status("VmRSS")
Path("/proc/self/clear_refs").write_text("5")  # the peak from here on
try:
    outcome = f"{len(read_paths([sys.argv[1]]))} articles"
except IngestError as exc:
    outcome = str(exc)
print(json.dumps({"outcome": outcome, "added_mb": (status("VmHWM") - before) / 1024}))
"""


def _peak(path: Path) -> dict:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux's /proc/self/clear_refs")
def test_a_csv_with_a_100_mb_field_is_refused_without_holding_it(tmp_path):
    path = tmp_path / "batch.csv"
    with path.open("w", encoding="utf-8") as f:  # 100 MB in one quoted field, written in pieces
        f.write('id,title,text\n1,Harbour,"')
        for _ in range(100):
            f.write("ships wait " * 95_325)
        f.write('"\n2,Tax,Die Steuer stieg um 3 Prozent.\n')
    assert path.stat().st_size > 100_000_000
    peak = _peak(path)
    # the parser stops at the limit: memory grows by a few times the limit, never by the file's size
    assert peak["added_mb"] < 60, peak
    assert peak["outcome"] == (
        f"{path} line 2: over 4,000,000 characters in one line (a text may have 2,000,000); nothing of the"
        " file was read past it"
    )


def test_csv_fields_and_lines_over_the_limit_are_refused_where_the_parser_reaches_them(tmp_path, monkeypatch):
    from workbench.formats import files

    monkeypatch.setattr(files, "MAX_TEXT_CHARS", 100)
    field = tmp_path / "field.csv"  # a quoted field over many short lines
    field.write_text('id,text\n1,"' + "Zeile\n" * 30 + '"\n2,ok\n', encoding="utf-8")
    line = tmp_path / "line.csv"  # one line of many short fields
    line.write_text("id,text\n" + ",".join(["x"] * 150) + "\n", encoding="utf-8")
    for path, reason in [
        (field, "line 2: a field is over 100 characters, the limit of a text"),
        (line, "line 2: over 200 characters in one line (a text may have 100)"),
    ]:
        with pytest.raises(IngestError) as refused:
            read_paths([str(path)])
        assert str(refused.value) == f"{path} {reason}; nothing of the file was read past it"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux's /proc/self/clear_refs")
def test_a_big_csv_batch_is_read_as_a_stream(tmp_path):
    path = tmp_path / "batch.csv"
    row = "Die Hafengebühr stieg um {i} Prozent, sagte die Bürgermeisterin am Montag im Rathaus. " * 6
    with path.open("w", encoding="utf-8") as f:
        f.write("id;title;text\n")
        for i in range(60_000):
            f.write(f'{i};Hafen {i};"{row.format(i=i)}"\n')
    size_mb = path.stat().st_size / 2**20
    assert size_mb > 30
    peak = _peak(path)
    # what stays is the articles' texts (one byte a character here) and their records; the file is never
    # held whole as bytes, as text and as a parser's copy besides
    assert peak["added_mb"] < 2.5 * size_mb, (peak, size_mb)
    assert peak["outcome"] == "60000 articles"


# --- item 4: no user text reaches Markdown unescaped; errors name the upload, not the server's folder ----------


def rendered(markdown_text: str) -> str:
    """``markdown_text`` as a CommonMark renderer turns it into HTML (Streamlit's renderer is CommonMark too)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(markdown_text)


def test_the_archive_page_shows_a_hostile_csv_header_as_text_and_names_the_upload(
    db_file, monkeypatch, sign_in
):
    import tempfile

    sign_in("anna")
    data = b"![h](http://127.0.0.1:9/seen.png),**verdict: true**\nx,y\n"

    class Uploaded:
        name, getvalue = "hostile.csv", staticmethod(lambda: data)

    monkeypatch.setattr(st, "file_uploader", lambda *args, **kwargs: [Uploaded()])
    st.cache_resource.clear()
    at = AppTest.from_file(str(PAGES / "archive.py"), default_timeout=60)
    at.run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    [error] = at.error
    html = rendered(error.value)
    assert "<img" not in html and "<strong>" not in html and "<a " not in html, html
    shown = error.value.replace("\\", "").replace(
        "\u2060", ""
    )  # as the reader sees it (the word joiner is blank)
    assert "![h](http://127.0.0.1:9/seen.png), **verdict: true**" in shown  # shown, as text
    assert "hostile.csv" in shown and tempfile.gettempdir() not in shown, shown


def test_plain_leaves_no_address_for_the_markdown_link_finder():
    from workbench.ui.common import WORD_JOINER, plain

    text = "Quelle: https://evil.example/a, HTTP://x.example, www.evil.example, mail x@evil.example"
    shown = plain(text)
    # the link finder of GitHub-flavoured Markdown (which Streamlit uses) needs these characters to touch; the
    # browser test (tests/ui/test_browser.py) checks that no link is made in a real browser
    for pattern in ("http:", "https:", "HTTP:", "www.", "x@"):
        assert pattern not in shown.replace("\\", ""), pattern
    assert shown.replace("\\", "").replace(WORD_JOINER, "") == text  # what the reader sees is the text itself
    assert plain("Merz: 3.5 Prozent") == "Merz\\: 3\\.5 Prozent"  # nothing added where no address is
