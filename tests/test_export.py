import csv
import io

import pytest
from conftest import raw_sql

from workbench.export import EXPORT_COLUMNS, export_rows, to_csv
from workbench.formats.csv import spreadsheet_safe
from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.review import set_review

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

REQUIRED = [
    "claim_id",
    "article_id",
    "source",
    "title",
    "claim",
    "sentence",
    "start",
    "end",
    "speaker",
    "checkworthiness",
    "group_id",
    "group_size",
    "status",
    "verdict",
    "note",
    "evidence",
    "reviewer",
    "updated_at",
]


def test_export_has_one_row_per_claim_with_review(db, fake_embedder):
    text = "Berlin has 3.7 million inhabitants. Paris is the capital of France."
    ingest_articles(db, [Article(text=text, title="Cities", source="atlas.txt")], fake_embedder)
    first = export_rows(db)[0]["claim_id"]
    set_review(
        db,
        first,
        status="done",
        verdict="true",
        note='=HYPERLINK("http://evil")',
        evidence=["https://example.org/a", "https://example.org/b"],
        reviewer="anna",
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(export_rows(db)))))
    assert set(REQUIRED) <= set(EXPORT_COLUMNS) and list(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == raw_sql(db, "SELECT COUNT(*) FROM claims").fetchone()[0] == 2
    row = rows[0]
    assert text[int(row["start"]) : int(row["end"])] == row["sentence"]
    assert (row["source"], row["title"], row["status"], row["verdict"], row["reviewer"]) == (
        "atlas.txt",
        "Cities",
        "done",
        "true",
        "anna",
    )
    assert row["evidence"] == "https://example.org/a https://example.org/b"
    # a spreadsheet must never run a cell as a formula
    assert row["note"] == '\'=HYPERLINK("http://evil")'
    assert rows[1]["status"] == "unreviewed" and rows[1]["verdict"] == ""
    assert row["group_id"] and int(row["group_size"]) >= 1


def test_export_claimant_is_the_speaker_or_else_the_outlet(db, fake_embedder):
    text = 'Berlin has 3.7 million inhabitants. "Rents rose 9 percent in 2023," said Mayor Kai Wegner.'
    ingest_articles(db, [Article(text=text, title="Cities", source="Tagesblatt")], fake_embedder)
    rows = {r["claim"][:6]: r for r in export_rows(db)}
    assert (rows["Berlin"]["speaker"], rows["Berlin"]["claimant"]) == ("", "Tagesblatt")
    assert rows["Rents "]["speaker"] == rows["Rents "]["claimant"] == "Kai Wegner"
    assert {r["kind"] for r in rows.values()} == {"claim"}
    assert all("role" in r for r in rows.values())


FORMULAS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1:A2)",
    '=HYPERLINK("http://evil", "x")',
    "=cmd|' /C calc'!A0",
    "\t=1",  # a tab starts a formula of its own
    "\r=1",
    " =1",  # leading blanks are trimmed by an import with "trim spaces", or when the cell is edited
    "   +1",
    " \t@SUM(A1)",
    "\n=1",
    "\xa0=1",  # no-break space
    "\u3000-1",  # ideographic space
    "\tharmless",  # a leading tab is neutralised whatever follows
]


@pytest.mark.parametrize("value", FORMULAS)
def test_no_cell_can_run_as_a_formula(value):
    assert spreadsheet_safe(value) == "'" + value
    cell = next(csv.DictReader(io.StringIO(to_csv([{"note": value}], ["note"]))))["note"]
    assert cell == "'" + value  # the CSV keeps the apostrophe, and the text after it, as it was


@pytest.mark.parametrize(
    "value", ["1", "a=b", "e-mail", "", "'=already text", "Größtenteils falsch", 3, -2.5]
)
def test_other_cells_pass_unchanged(value):
    assert spreadsheet_safe(value) == value


def test_export_lists_evidence_with_stance_and_note(db, fake_embedder):
    from workbench.export import export_rows, to_csv
    from workbench.pipeline import ingest_articles
    from workbench.records import Article
    from workbench.review import set_review

    ingest_articles(db, [Article(text="Rents rose 9 percent in 2023.", source="A")], fake_embedder)
    set_review(
        db,
        1,
        verdict="false",
        evidence=[
            {"url": "https://example.org/census", "stance": "refutes", "note": "table 4"},
            "https://example.org/background",
        ],
        reviewer="anna",
    )
    [row] = export_rows(db)
    assert row["evidence"] == ["https://example.org/census", "https://example.org/background"]
    assert (
        row["evidence_detail"]
        == "refutes: https://example.org/census (table 4)\ncontext: https://example.org/background"
    )
    assert "refutes: https://example.org/census (table 4)" in to_csv([row])


# --- for spreadsheets --------------------------------------------------------------------------------------

UMLAUT_TEXT = "Die Bürgermeisterin sagte, die Mieten in München seien um 9 Prozent gestiegen."


def test_the_verdict_csv_file_opens_with_umlauts_right(db, fake_embedder, tmp_path):
    import pandas as pd

    from workbench.export import csv_file

    ingest_articles(db, [Article(text=UMLAUT_TEXT, source="Süddeutsche")], fake_embedder)
    set_review(db, 1, status="done", verdict="false", note='=WENN(1;"ä";"ö")', reviewer="anna")
    data = csv_file(export_rows(db))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8's byte-order mark: Excel reads UTF-8, not Windows-1252
    path = tmp_path / "verdicts.csv"
    path.write_bytes(data)
    # read as Excel reads it: the mark says UTF-8; without it a German Excel shows "Ã¼" for "ü"
    frame = pd.read_csv(path, encoding="utf-8-sig")
    assert list(frame.columns) == EXPORT_COLUMNS
    assert frame.loc[0, "source"] == "Süddeutsche" and "München" in frame.loc[0, "sentence"]
    assert frame.loc[0, "note"] == '\'=WENN(1;"ä";"ö")'  # still formula-safe
    assert "Ã" in data.decode("cp1252", errors="replace")  # what the mark prevents


def test_the_german_excel_file_splits_at_semicolons_and_writes_decimal_commas(db, fake_embedder, tmp_path):
    import pandas as pd

    from workbench.export import csv_file

    ingest_articles(db, [Article(text=UMLAUT_TEXT, source="Süddeutsche; Ausgabe München")], fake_embedder)
    set_review(db, 1, status="done", verdict="false", note="-1; =cmd", reviewer="anna")
    data = csv_file(export_rows(db), excel_de=True)
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header == ";".join(EXPORT_COLUMNS)
    path = tmp_path / "verdicts-excel-de.csv"
    path.write_bytes(data)
    frame = pd.read_csv(path, encoding="utf-8-sig", sep=";", decimal=",")
    score = export_rows(db)[0]["checkworthiness"]
    assert f";{str(score).replace('.', ',')};" in data.decode("utf-8-sig")  # 0,677 as German Excel reads it
    assert frame.loc[0, "checkworthiness"] == pytest.approx(score)
    assert frame.loc[0, "source"] == "Süddeutsche; Ausgabe München"  # a ";" in a cell is quoted
    assert frame.loc[0, "note"] == "'-1; =cmd"


def test_cli_export_writes_the_file_for_spreadsheets(run, desk_file, fake_embedder, tmp_path):
    import pandas as pd

    from workbench.store import open_db

    ingest_articles(open_db(desk_file), [Article(text=UMLAUT_TEXT, source="Süddeutsche")], fake_embedder)
    plain_csv, german = tmp_path / "v.csv", tmp_path / "v-de.csv"
    assert run("export", "-o", plain_csv).exit_code == 0
    assert run("export", "--excel", "-o", german).exit_code == 0
    assert pd.read_csv(plain_csv, encoding="utf-8-sig").loc[0, "source"] == "Süddeutsche"
    assert pd.read_csv(german, encoding="utf-8-sig", sep=";", decimal=",").loc[0, "source"] == "Süddeutsche"
    refused = run("export", "--format", "claimreview", "--excel", "--as", "anna")
    assert refused.exit_code != 0 and "--excel only applies to --format csv" in refused.output


def test_export_shows_the_frame_an_unclear_speaker_and_a_corrected_one(db, fake_embedder):
    from workbench.claims import set_speaker

    text = (
        "Lena Ortiz met Sam Okafor in Leeds. The depot will close in May, he said. "
        '"Rents rose 9 percent," said Mayor Kai Wegner.'
    )
    ingest_articles(db, [Article(text=text, title="Leeds", source="Tagesblatt")], fake_embedder)
    rows = {r["claim"][:6]: r for r in export_rows(db)}
    unsure, named = rows["The de"], rows["Rents "]
    # unclear: no speaker, and not the outlet either: someone said it
    assert (unsure["speaker"], unsure["claimant"], unsure["speaker_unclear"], unsure["frame"]) == (
        "",
        "",
        True,
        "he said",
    )
    assert (named["claimant"], named["speaker_unclear"], named["frame"]) == (
        "Kai Wegner",
        False,
        "said Mayor Kai Wegner",
    )
    set_speaker(db, unsure["claim_id"], "Sam Okafor", "depot manager", reviewer="ben")
    fixed = next(r for r in export_rows(db) if r["claim_id"] == unsure["claim_id"])
    assert (fixed["speaker"], fixed["role"], fixed["claimant"], fixed["speaker_unclear"]) == (
        "Sam Okafor",
        "depot manager",
        "Sam Okafor",
        False,
    )
