"""The command line of a desk: `workbench user ...`, `--as` / $WORKBENCH_USER on writing commands (and the
deprecated --reviewer), `workbench settings`, and what `serve` refuses to expose."""

import json

import pytest

from workbench.accounts import get_account, verify_password
from workbench.cli import admin as cli_admin
from workbench.review import get_review, history
from workbench.settings import desk_settings
from workbench.store import open_db

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

PASSWORD = "correct horse battery staple"


def test_user_commands_from_the_first_admin_on(run, db_path):
    first = run("user", "add", "Anna", "--role", "reviewer", "--password-stdin", input=PASSWORD + "\n")
    assert first.exit_code == 0, first.output
    assert "added anna as admin (the first account is always an admin" in first.output
    db = open_db(db_path)
    assert verify_password(db, "anna", PASSWORD).role == "admin"

    # after the first, an admin adds accounts: --as names them
    refused = run("user", "add", "ben", "--role", "reviewer", "--password-stdin", input=PASSWORD + "\n")
    assert refused.exit_code != 0 and "sign in (or name your account with --as)" in refused.output
    prompted = run(
        "user", "add", "ben", "--role", "reviewer", "--as", "anna", input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert prompted.exit_code == 0 and "added ben as reviewer" in prompted.output
    assert PASSWORD not in prompted.output  # the prompt hides what is typed
    short = run(
        "user", "add", "carl", "--role", "editor", "--as", "anna", "--password-stdin", input="short\n"
    )
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    assert get_account(db, "carl") is None
    sso = run(
        "user",
        "add",
        "carl",
        "--role",
        "editor",
        "--no-password",
        "--email",
        "carl@desk.example",
        "--as",
        "anna",
    )
    assert sso.exit_code == 0, sso.output
    by_reviewer = run(
        "user", "add", "dora", "--role", "admin", "--no-password", "--email", "d@x", "--as", "ben"
    )
    assert (
        by_reviewer.exit_code != 0
        and "ben is a reviewer: only admins may manage accounts" in by_reviewer.output
    )

    listed = json.loads(run("user", "list", "--format", "json").output)
    assert [(a["name"], a["role"], a["sign_in"]) for a in listed] == [
        ("anna", "admin", "password"),
        ("ben", "reviewer", "password"),
        ("carl", "editor", "sso"),
    ]
    assert "anna  admin  sign-in: password" in run("user", "list").output

    assert run("user", "role", "ben", "editor", "--as", "anna").output.strip() == "ben is now editor"
    last = run("user", "role", "anna", "reviewer", "--as", "anna")
    assert last.exit_code != 0 and "last active admin" in last.output
    # a password: an account sets its own, an admin anyone's, nobody another's
    own = run("user", "passwd", "ben", "--as", "ben", "--password-stdin", input=PASSWORD + " 2\n")
    assert own.exit_code == 0 and verify_password(db, "ben", PASSWORD + " 2") is not None
    other = run("user", "passwd", "anna", "--as", "ben", "--password-stdin", input=PASSWORD + " 3\n")
    assert other.exit_code != 0 and verify_password(db, "anna", PASSWORD) is not None
    assert (
        run("user", "passwd", "ben", "--as", "anna", "--password-stdin", input=PASSWORD + " 4\n").exit_code
        == 0
    )
    assert run("user", "edit", "ben", "--display-name", "Ben Berg", "--as", "anna").exit_code == 0
    assert get_account(db, "ben").label == "Ben Berg (ben)"

    assert run("user", "disable", "ben", "--as", "anna").output.strip() == "disabled ben"
    assert verify_password(db, "ben", PASSWORD + " 4") is None
    assert "disabled" in run("user", "list").output
    assert run("user", "enable", "ben", "--as", "anna").exit_code == 0
    missing = run("user", "disable", "zoe", "--as", "anna")
    assert missing.exit_code != 0 and "no account named 'zoe'" in missing.output


def test_writing_commands_act_as_the_account_named(run, desk_file, fake_embedder, monkeypatch):
    from workbench.pipeline import seed_samples

    seed_samples(open_db(desk_file), fake_embedder)
    nobody = run("review", 1, "--verdict", "false")
    assert nobody.exit_code != 0 and "--as" in nobody.output
    assert run("review", 1).exit_code == 0  # reading needs nobody
    assert run("review", 1, "--verdict", "false", "--as", "rita").exit_code == 0
    unknown = run("review", 2, "--verdict", "false", "--as", "zoe")
    assert unknown.exit_code != 0 and "no account named 'zoe'" in unknown.output

    monkeypatch.setenv("WORKBENCH_USER", "rob")
    assert run("review", 2, "--verdict", "true").exit_code == 0
    # the deprecated --reviewer names an account too, and says it is deprecated
    old = run("review", 3, "--verdict", "mixed", "--reviewer", "carl")
    assert old.exit_code == 0 and "deprecated: use --as" in old.stderr
    monkeypatch.setenv("WORKBENCH_REVIEWER", "nobody-typed-this")
    assert run("review", 4, "--note", "x").exit_code == 0  # $WORKBENCH_USER wins over the old variable
    monkeypatch.delenv("WORKBENCH_USER")
    typed = run("review", 4, "--note", "y")
    assert typed.exit_code != 0 and "no account named 'nobody-typed-this'" in typed.output
    clash = run("review", 5, "--note", "z", "--as", "anna", "--reviewer", "ben")
    assert clash.exit_code != 0 and "name different accounts" in clash.output
    db = open_db(desk_file)
    assert [h["reviewer"] for h in history(db)] == ["rita", "rob", "carl", "rob"]

    # another account's verdict is replaced only on purpose
    over = run("review", 1, "--verdict", "true", "--as", "ben")
    assert (
        over.exit_code != 0
        and "has rita's verdict false" in over.output
        and "(add --overwrite)" in over.output
    )
    assert get_review(db, 1).verdict == "false"
    assert run("review", 1, "--verdict", "true", "--as", "ben", "--overwrite").exit_code == 0
    assert (get_review(db, 1).verdict, get_review(db, 1).verdict_by) == ("true", "ben")
    # what a role may not do is refused with a one-line error
    refused = run("resolve", 1, "true", "--as", "rita")
    assert refused.exit_code != 0 and refused.output.strip().count("\n") == 0
    assert "rita is a reviewer: only editors and admins may resolve disagreements" in refused.output


def test_settings_are_the_desks_and_an_admins_to_change(run, desk_file):
    assert "organisation: -" in run("settings").output
    refused = run("settings", "--organisation", "Faktencheck Nord", "--as", "anna")
    assert (
        refused.exit_code != 0
        and "anna is an editor: only admins may change the desk's settings" in refused.output
    )
    ok = run(
        "settings",
        "--organisation",
        "Faktencheck Nord",
        "--url-template",
        "https://factcheck.example/{claim_id}",
        "--labels",
        "de",
        "--as",
        "admin",
    )
    assert ok.exit_code == 0 and "verdict words: de" in ok.output
    bad = run("settings", "--url-template", "javascript:alert({claim_id})", "--as", "admin")
    assert bad.exit_code != 0 and "http(s)" in bad.output
    stored = desk_settings(open_db(desk_file))
    assert (stored.organisation, stored.url_template, stored.labels) == (
        "Faktencheck Nord",
        "https://factcheck.example/{claim_id}",
        "de",
    )


@pytest.fixture
def served(monkeypatch):
    """What `workbench serve` would start: the arguments of _serve, instead of a server."""
    calls = []
    monkeypatch.setattr(cli_admin, "_serve", lambda *args: calls.append(args))
    return calls


def test_serve_binds_loopback_unless_told_and_refuses_the_network_without_accounts(run, db_path, served):
    assert run("serve", "--headless").exit_code == 0
    (path, port, model, headless, host, names) = served[-1]
    assert (host, port) == ("127.0.0.1", 8501) and names == ["localhost", "127.0.0.1", "::1"]
    for args in (["--host", "0.0.0.0"], ["--host", "192.0.2.10"], ["--public-name", "workbench.example"]):
        refused = run("serve", *args)
        assert refused.exit_code != 0 and "no account to sign in with" in refused.output, args
    assert len(served) == 1
    run("user", "add", "anna", "--role", "admin", "--password-stdin", input=PASSWORD + "\n")
    assert run("serve", "--host", "0.0.0.0", "--public-name", "Workbench.Example").exit_code == 0
    host, names = served[-1][4], served[-1][5]
    assert (
        host == "0.0.0.0" and "workbench.example" in names and names[:3] == ["localhost", "127.0.0.1", "::1"]
    )


def test_serve_starts_streamlit_with_the_door_and_without_developer_tools(db_path, monkeypatch):
    started = {}

    def execve(program, argv, env):
        started.update(argv=argv, env=env)
        raise SystemExit(0)

    monkeypatch.setattr(cli_admin.os, "execve", execve)
    with pytest.raises(SystemExit):
        cli_admin._serve(str(db_path), 8555, None, True, "127.0.0.1", ["localhost", "127.0.0.1", "::1"])
    argv = started["argv"]
    assert argv[argv.index("run") + 1].endswith("workbench/ui/server.py")  # st.App with the sign-in in front

    def option(name):
        return [argv[i + 1] for i, a in enumerate(argv) if a == name]

    assert option("--server.address") == ["127.0.0.1"] and option("--server.port") == ["8555"]
    assert option("--client.showErrorDetails") == ["none"] and option("--client.toolbarMode") == ["minimal"]
    assert option("--server.enableXsrfProtection") == ["true"]
    assert option("--server.allowedHosts") == ["localhost", "127.0.0.1", "::1"]
    assert started["env"]["WORKBENCH_ALLOWED_HOSTS"] == "localhost,127.0.0.1,::1"
    assert started["env"]["WORKBENCH_BIND"] == "127.0.0.1"
