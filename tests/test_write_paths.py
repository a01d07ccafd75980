"""Every write path of the library acts as an account: it records that account's name, and refuses nobody, an
unknown or disabled account, and a role that may not do it (records.PERMISSIONS), changing nothing then. The
one exception: adding files or text without naming an account is the database owner's (a script, the
command line's `ingest` of files without --as), as it was before accounts."""

import sqlite3

import pytest
from conftest import FakeEmbedder

from workbench import accounts, feeds, group, queue, review, settings
from workbench.claims import get_claim
from workbench.export import claim_reviews
from workbench.pipeline import ingest_articles, ingest_links
from workbench.records import AccessDenied, Article, Feed, utc_now

ARMS = [
    "North Korea delivered artillery shells and rockets to Russia for the war, officials said.",
    "North Korea delivered artillery shells and rockets to Russia for the war, the ministry said.",
    "Russia received artillery shells from North Korea, a report said.",
    "The weather in Pyongyang was fine on Tuesday.",
]


@pytest.fixture
def desk_db(db, fake_embedder):
    """The test desk with four claims: a confirmed pair, a claim suggested for it, and one apart; claim 1
    reviewed by anna (false) and sent to a second review by her, claim 3 by carl, claim 4 by anna with ben's
    differing second verdict; dora's account disabled."""
    ingest_articles(db, [Article(text=t, source=f"Outlet {i}") for i, t in enumerate(ARMS)], fake_embedder)
    review.set_review(db, 1, verdict="false", reviewer="anna")
    review.request_second_review(db, 1, "anna")
    review.set_review(db, 4, verdict="true", reviewer="anna")
    review.request_second_review(db, 4, "anna")
    review.second_review(db, 4, "ben", "false")
    review.set_review(db, 3, verdict="mixed", reviewer="carl")
    accounts.disable_account(db, "dora", "admin")
    with db.write():  # a followed feed (following one fetches it: tests/test_feeds.py does that for real)
        db.feeds.add(Feed(url="https://feeds.example/rss.xml", added_by="anna"), utc_now())
    return db


def snapshot(db) -> list:
    """Everything stored, as SQL, for "nothing changed"."""
    return list(db.sqlite_db.conn.iterdump())


def _group(db):
    return group.group_of(db, 1)


# (what it does, the action it needs, a call as `who`, where the account's name is recorded afterwards)
WRITES = [
    ("set a review", "review", lambda db, who: review.set_review(db, 2, note="checked", reviewer=who),
     "SELECT reviewer FROM review_history ORDER BY id DESC LIMIT 1"),
    ("decide in the queue", "review", lambda db, who: queue.decide(db, 2, "mixed", who),
     "SELECT reviewer FROM review_history ORDER BY id DESC LIMIT 1"),
    ("lock a claim in the queue", "review", lambda db, who: queue.hold(db, 2, who),
     "SELECT account FROM claim_locks WHERE claim_id = 2"),
    ("ask for a second review", "review", lambda db, who: review.request_second_review(db, 3, who),
     "SELECT requested_by FROM second_reviews WHERE claim_id = 3"),
    ("give a second verdict", "review", lambda db, who: review.second_review(db, 1, who, "true"),
     "SELECT reviewer FROM second_reviews WHERE claim_id = 1"),
    ("resolve a disagreement", "resolve", lambda db, who: review.resolve(db, 4, "mixed", who),
     "SELECT resolved_by FROM second_reviews WHERE claim_id = 4"),
    ("give a group verdict", "group_verdict", lambda db, who: review.set_group_verdict(db, _group(db), "true", who),
     "SELECT reviewer FROM group_verdicts ORDER BY id DESC LIMIT 1"),
    ("accept a suggestion", "links",
     lambda db, who: group.accept_suggestions(db, [(3, _group(db))], who),
     "SELECT reviewer FROM link_decisions ORDER BY decided_at DESC LIMIT 1"),
    ("reject a suggestion", "links",
     lambda db, who: group.reject_suggestions(db, [(3, _group(db))], who),
     "SELECT reviewer FROM link_decisions ORDER BY decided_at DESC LIMIT 1"),
    ("merge groups", "links", lambda db, who: group.merge_groups(db, [_group(db), group.group_of(db, 4)], who),
     "SELECT reviewer FROM link_decisions ORDER BY decided_at DESC LIMIT 1"),
    ("split a group", "links", lambda db, who: group.split_group(db, _group(db), [2], who),
     "SELECT reviewer FROM link_decisions ORDER BY decided_at DESC LIMIT 1"),
    ("change the desk's settings", "desk_settings",
     lambda db, who: settings.set_desk_settings(db, who, organisation="Faktencheck Nord"),
     "SELECT changed_by FROM desk_settings"),
    # (fetching pages and polling feeds record the account too: tests/test_pipeline.py, tests/test_feeds.py)
    ("fetch links", "ingest", lambda db, who: ingest_links(db, [], FakeEmbedder(), by=who), None),
    ("unfollow a feed", "feeds", lambda db, who: feeds.unfollow(db, 1, who), None),
    ("add an account", "accounts",
     lambda db, who: accounts.add_account(db, "erin", "reviewer", email="erin@desk.example", by=who), None),
    ("change a role", "accounts", lambda db, who: accounts.set_role(db, "rob", "editor", who), None),
    ("disable an account", "accounts", lambda db, who: accounts.disable_account(db, "rob", who), None),
    ("change an identity", "accounts",
     lambda db, who: accounts.set_identity(db, "rob", who, display_name="Rob Roe"), None),
]  # fmt: skip
# a name of the test desk per role (conftest.DESK)
ACTING = {"reviewer": "rita", "editor": "anna", "admin": "admin"}


@pytest.mark.parametrize("what, action, call, recorded", WRITES, ids=[w[0] for w in WRITES])
def test_every_write_path_records_the_account_and_refuses_a_role_that_may_not_act(
    desk_db, what, action, call, recorded
):
    for role, name in ACTING.items():
        allowed = accounts.role_allows(role, action)
        if allowed:
            continue
        before = snapshot(desk_db)
        with pytest.raises(
            AccessDenied, match=f"{name} is {'an' if role[0] in 'aeiou' else 'a'} {role}: only"
        ):
            call(desk_db, name)
        assert snapshot(desk_db) == before, f"{what}: refused for {name}, but something was written"
    for who, message in [
        (None, "sign in"),
        ("", "sign in"),
        ("zoe", "no account named"),
        ("dora", "disabled"),
    ]:
        before = snapshot(desk_db)
        with pytest.raises(AccessDenied, match=message):
            call(desk_db, who)
        assert snapshot(desk_db) == before, f"{what}: refused for {who!r}, but something was written"

    # the least role that may do it does it, and is who the database names
    name = next(ACTING[r] for r in ACTING if accounts.role_allows(r, action))
    if what == "give a second verdict" and name == "anna":
        name = "ben"  # anna gave the first verdict
    call(desk_db, name)
    if recorded:
        assert desk_db.sqlite_db.execute(recorded).fetchone()[0] == name


def test_the_write_paths_cover_every_permission():
    assert {action for _, action, *_ in WRITES} == set(accounts.PERMISSIONS) - {"publish"}


def test_publishing_is_an_editors(desk_db):
    review.set_review(desk_db, 2, status="done", verdict="false", reviewer="rita")
    with pytest.raises(AccessDenied, match="rita is a reviewer: only editors and admins may publish"):
        claim_reviews(desk_db, by="rita")
    assert [r["claimReviewed"] for r in claim_reviews(desk_db, by="anna")] == [get_claim(desk_db, 2).text]


def test_preferences_are_the_accounts_own(desk_db):
    settings.set_preference(desk_db, "rita", "labels", "de")
    assert settings.labels_for(desk_db, "rita") == "de" and settings.labels_for(desk_db, "rob") == "en"
    with pytest.raises(AccessDenied, match="sign in"):
        settings.set_preference(desk_db, "dora", "labels", "de")  # disabled
    with pytest.raises(ValueError, match="unknown preference"):
        settings.set_preference(desk_db, "rita", "role", "admin")


def test_history_rows_only_ever_name_accounts(desk_db):
    names = {a.name for a in accounts.list_accounts(desk_db)}
    written = {r[0] for r in desk_db.sqlite_db.execute("SELECT reviewer FROM review_history")}
    assert written and written <= names
    # the database itself refuses a role outside the three
    with pytest.raises(sqlite3.IntegrityError):
        desk_db.sqlite_db.execute(
            "INSERT INTO accounts (name, role, created_at) VALUES ('eve', 'owner', '2026-01-01')"
        )


def test_adding_articles_records_the_account_named_and_none_is_the_owners(desk_db):
    text = "The port reopened on Friday."
    with pytest.raises(AccessDenied, match="account dora is disabled"):
        ingest_articles(desk_db, [Article(text=text)], FakeEmbedder(), by="dora")
    ingest_articles(desk_db, [Article(text=text)], FakeEmbedder(), by="rita")
    ingest_articles(desk_db, [Article(text="The port closed on Monday.")], FakeEmbedder())
    assert [a.added_by for a in desk_db.articles.all()][-2:] == ["rita", ""]
