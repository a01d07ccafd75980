"""The review queue: the library (order, progress, decide, skip, undo) and its page, with AppTest."""

import re
from pathlib import Path

import pytest
from conftest import raw_sql
from streamlit.testing.v1 import AppTest

import workbench
from workbench.claims import list_claims
from workbench.pipeline import ingest_articles
from workbench.queue import VERDICT_KEYS, decide, review_queue, reviewed_by, skip, undo
from workbench.records import VERDICTS, Article, verdict_label
from workbench.review import ReviewConflict, get_review, history, set_review
from workbench.ui.common import in_context

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

PAGE = Path(workbench.__file__).parent / "ui" / "views" / "queue.py"
EVIL = '<img src=x onerror="alert(1)"> [click](javascript:alert(2)) **bold**'


def unescaped(markup, md):
    """How often ``markup`` appears in markdown without the backslash that makes it text."""
    return len(re.findall(rf"(?<!\\){re.escape(markup)}", md))


def by_worthiness(db, article_id=None):
    return [c.id for c in sorted(list_claims(db, article_id), key=lambda c: (-c.checkworthiness, c.id))]


# --- the library -----------------------------------------------------------------------------------------


def test_every_verdict_has_one_key():
    assert sorted(VERDICT_KEYS.values()) == sorted(VERDICTS)
    assert len(VERDICT_KEYS) == len(set(VERDICT_KEYS))
    assert not {"c", "r"} & set(VERDICT_KEYS)  # Streamlit keeps these for itself
    assert verdict_label("not_checkworthy") == "Not check-worthy"


def test_queue_follows_the_scores_of_the_vector_model(db):
    # claims scored at ingest from real multilingual-e5-small vectors (a fixture of the real model's output):
    # the queue is in the order of those scores (the shipped model's, not v1's)
    import numpy as np

    from workbench.claims import score_claims
    from workbench.records import Claim, content_hash, utc_now
    from workbench.text import checkworthy, checkworthy_v1

    texts = [
        "Exports fell 12 percent in 2023, the lowest since 1990.",
        "Thank you all for coming tonight.",
        "The court ruled that the law was illegal.",
    ]
    e5 = np.load(Path(__file__).parent / "fixtures" / "checkworthy_e5_vectors.npy")
    claims = [Claim(t, t, 0, len(t), position=i) for i, t in enumerate(texts)]
    score_claims(claims, "en", {content_hash(t): e5[i] for i, t in enumerate(texts)}, checkworthy.E5_MODEL)
    with db.write():
        article_id = db.articles.insert(Article(text=" ".join(texts), lang="en"), utc_now())
        ids = db.claims.insert(article_id, claims)
    new = checkworthy.score_texts(texts, list(e5[:3]), ["en"] * 3)
    by_new = [i for _, i in sorted(zip(new, ids), key=lambda p: (-p[0], p[1]))]
    assert [c.id for c in review_queue(db, "anna").claims] == by_new
    assert [c.checkworthiness for c in db.claims.all()] == new != [checkworthy_v1.score(t) for t in texts]


def test_queue_is_in_checkworthiness_order_and_skips_what_this_reviewer_decided(seeded):
    order = by_worthiness(seeded)
    queue = review_queue(seeded, "anna")
    assert [c.id for c in queue.claims] == order
    assert (queue.reviewed, queue.total, queue.progress()) == (0, len(order), f"0 of {len(order)} reviewed")

    step = decide(seeded, order[0], "false", "anna")
    assert (step.before.status, step.wrote) == ("unreviewed", True)
    r = get_review(seeded, order[0])
    assert (r.status, r.verdict, r.reviewer) == ("done", "false", "anna")
    queue = review_queue(seeded, "anna")
    assert [c.id for c in queue.claims] == order[1:]
    assert queue.progress() == f"1 of {len(order)} reviewed"
    # another reviewer's queue holds only what nobody has finished; a second look at finished claims is a
    # filter away
    assert order[0] not in [c.id for c in review_queue(seeded, "ben").claims]
    assert review_queue(seeded, "ben", statuses=["done"]).claims[0].id == order[0]
    # a note on the Claims page without a verdict is no decision
    set_review(seeded, order[1], note="look later", reviewer="anna")
    assert reviewed_by(seeded, "anna") == {order[0]}


def test_undo_restores_the_state_before_as_a_new_history_entry(seeded):
    order = by_worthiness(seeded)
    set_review(seeded, order[0], note="seen", reviewer="ben")
    step = decide(seeded, order[0], "mostly_true", "anna")
    restored = undo(seeded, step)
    assert (restored.status, restored.verdict, restored.note) == ("in_progress", "", "seen")
    assert [h["verdict"] for h in history(seeded, order[0])] == ["", "mostly_true", ""]
    assert review_queue(seeded, "anna").claims[0].id == order[0]  # back in the queue, first again

    # a claim nobody had touched goes back to unreviewed
    step = decide(seeded, order[1], "true", "anna")
    assert undo(seeded, step).status == "unreviewed"

    # someone changed it since: nothing is undone, and the error says what it is now
    step = decide(seeded, order[2], "true", "anna")
    set_review(seeded, order[2], verdict="false", reviewer="ben", overwrite=True)
    with pytest.raises(ReviewConflict, match="ben"):
        undo(seeded, step)
    assert get_review(seeded, order[2]).verdict == "false"


def test_a_decision_on_a_claim_changed_meanwhile_is_not_recorded(seeded):
    order = by_worthiness(seeded)
    shown = get_review(seeded, order[0]).version
    set_review(seeded, order[0], verdict="true", reviewer="ben")
    with pytest.raises(ReviewConflict):
        decide(seeded, order[0], "false", "anna", expected_version=shown)
    assert get_review(seeded, order[0]).verdict == "true"


def test_skip_sends_a_claim_to_the_end_and_first_brings_one_to_the_front(seeded):
    order = by_worthiness(seeded)
    assert not skip(order[0], "anna").wrote
    queue = review_queue(seeded, "anna", skipped=[order[0], order[1]])
    assert [c.id for c in queue.claims] == order[2:] + order[:2]
    queue = review_queue(seeded, "anna", skipped=[order[0]], first=order[5])
    assert [c.id for c in queue.claims][:2] == [order[5], order[1]]


def test_filters_narrow_the_queue_and_progress_counts_the_article(seeded, fake_embedder):
    first_article = list_claims(seeded)[0].article_id
    order = by_worthiness(seeded, first_article)
    queue = review_queue(seeded, "anna", article_id=first_article)
    assert [c.id for c in queue.claims] == order

    decide(seeded, order[0], "false", "anna")
    set_review(seeded, order[1], verdict="true", reviewer="ben")
    queue = review_queue(seeded, "anna", article_id=first_article, statuses=["unreviewed"])
    assert order[1] not in [c.id for c in queue.claims]
    assert queue.reviewed == 1 and queue.total == 1 + len(queue.claims)
    queue = review_queue(seeded, "anna", article_id=first_article, last_reviewer="ben")
    assert [c.id for c in queue.claims] == [order[1]]
    queue = review_queue(seeded, "anna", article_id=first_article, last_reviewer="")
    assert order[1] not in [c.id for c in queue.claims] and len(queue.claims) == len(order) - 2

    # a group: two outlets stating one thing
    from workbench.group import group_of, regroup

    ingest_articles(
        seeded,
        [
            Article(text="Russia violated the UN resolutions. The weather was fine.", source="Outlet A"),
            Article(text="The UN resolutions were violated by Russia. Shares rose.", source="Outlet B"),
        ],
        fake_embedder,
    )
    regroup(seeded, fake_embedder, threshold=0.8)
    pair = raw_sql(seeded,
        "SELECT id FROM claims WHERE text LIKE '%UN resolutions%' ORDER BY id"
    ).fetchall()
    gid = group_of(seeded, pair[0][0])
    assert gid == group_of(seeded, pair[1][0])
    queue = review_queue(seeded, "anna", group_id=gid)
    assert sorted(c.id for c in queue.claims) == [pair[0][0], pair[1][0]]
    assert review_queue(seeded, "anna", group_id=10**9).total == 0


def test_in_context_highlights_the_sentence_and_escapes_everything():
    text = f"Intro {EVIL}. The minister said 40 percent rose. Outro."
    start = text.index("The minister")
    end = text.index("Outro") - 1
    span_start = text.index("40 percent")
    md = in_context(text, start, end, span_start, end)
    assert ":orange-background[The minister said **40 percent rose\\.**]" in md
    assert unescaped("<img", md) == 0 and "\\<img" in md and "\\[click\\]" in md
    assert in_context("A. B. C.", 3, 5, 3, 5) == "A\\. :orange-background[B\\.] C\\."
    long = "word " * 200 + "Claim here." + " word" * 200
    md = in_context(long, 1000, 1011, 1000, 1011, chars=50)
    assert md.startswith("…word") and md.endswith("word…") and len(md) < 200


# --- the page --------------------------------------------------------------------------------------------


def queue_page(sign_in, name="anna"):
    """The Review queue page, signed in as ``name``."""
    sign_in(name)
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def progress(at):
    return at.get("progress")[0].proto.text


def shown_claim(at):
    return int(next(c.value for c in at.caption if c.value.startswith("Claim ")).split()[1])


def test_page_keys_record_a_verdict_and_move_on(seeded, sign_in):
    order = by_worthiness(seeded)
    at = queue_page(sign_in)
    total = len(order)
    assert progress(at) == f"Desk: 0 of {total} claims finished · you have decided 0 (anna)"
    assert shown_claim(at) == order[0]
    buttons = {b.key: b for b in at.button}
    assert {f"queue_verdict_{v}" for v in VERDICTS} | {"queue_skip", "queue_undo"} <= set(buttons)
    assert buttons["queue_undo"].disabled  # nothing to undo yet
    keys = next(c.value for c in at.caption if c.value.startswith("Keys: "))
    assert "1 true" in keys and "0 not a claim" in keys and "s skip" in keys and "u undo" in keys

    at.button(key="queue_verdict_false").click().run()
    assert not at.exception
    r = get_review(seeded, order[0])
    assert (r.status, r.verdict, r.reviewer) == ("done", "false", "anna")
    assert shown_claim(at) == order[1]
    assert progress(at) == f"Desk: 1 of {total} claims finished · you have decided 1 (anna)"
    assert "Press U to undo" in at.success[0].value

    at.button(key="queue_verdict_not_a_claim").click().run()
    assert get_review(seeded, order[1]).verdict == "not_a_claim"
    assert shown_claim(at) == order[2]
    assert progress(at).endswith("you have decided 2 (anna)")

    # a fresh session of the same reviewer starts where they left off
    assert shown_claim(queue_page(sign_in)) == order[2]


def test_page_skip_and_undo(seeded, sign_in):
    order = by_worthiness(seeded)
    at = queue_page(sign_in)
    at.button(key="queue_skip").click().run()
    assert shown_claim(at) == order[1]
    assert get_review(seeded, order[0]).version == 0  # a skip writes nothing
    assert "comes back after the others" in at.info[0].value

    at.button(key="queue_verdict_true").click().run()
    assert shown_claim(at) == order[2]
    at.button(key="queue_undo").click().run()  # undoes the verdict: the claim is shown again
    assert not at.exception
    assert shown_claim(at) == order[1]
    assert get_review(seeded, order[1]).status == "unreviewed"
    assert [h["verdict"] for h in history(seeded, order[1])] == ["true", ""]
    assert progress(at).endswith("you have decided 0 (anna)")
    at.button(key="queue_undo").click().run()  # undoes the skip
    assert shown_claim(at) == order[0]
    assert at.button(key="queue_undo").disabled

    # the skipped claim comes back once the others are done
    at.button(key="queue_skip").click().run()
    for _ in order[1:]:
        at.button(key="queue_verdict_mixed").click().run()
    assert shown_claim(at) == order[0]
    assert "skipped before" in next(c.value for c in at.caption if c.value.startswith("Claim "))
    at.button(key="queue_verdict_mixed").click().run()
    assert "Nothing left to review" in at.success[-1].value
    assert at.button(key="queue_verdict_true").disabled and not at.button(key="queue_undo").disabled
    assert (
        progress(at)
        == f"Desk: {len(order)} of {len(order)} claims finished · you have decided {len(order)} (anna)"
    )


def test_page_shows_a_conflict_instead_of_overwriting(seeded, sign_in):
    order = by_worthiness(seeded)
    at = queue_page(sign_in)
    set_review(seeded, order[0], verdict="true", reviewer="ben")  # while anna looks at it
    at.button(key="queue_verdict_false").click().run()
    assert get_review(seeded, order[0]).verdict == "true"
    assert "Not recorded" in at.warning[0].value and "ben" in at.warning[0].value
    assert shown_claim(at) == order[0]  # shown again as it is now
    # with the current state in view, the key still asks first: the verdict is ben's
    at.button(key="queue_verdict_false").click().run()
    assert get_review(seeded, order[0]).verdict == "true"
    assert "**ben**'s verdict True" in at.warning[0].value and "Press 5 again" in at.warning[0].value
    assert at.button(key="queue_overwrite").label == "Overwrite ben's verdict with False"
    at.button(key="queue_verdict_false").click().run()  # the same key again: confirmed
    r = get_review(seeded, order[0])
    assert (r.verdict, r.verdict_by) == ("false", "anna")


def test_page_filters(seeded, sign_in):
    first_article = list_claims(seeded)[0].article_id
    order = by_worthiness(seeded, first_article)
    at = queue_page(sign_in)
    at.selectbox(key="queue_article").set_value(first_article).run()
    assert shown_claim(at) == order[0]
    assert progress(at) == f"Desk: 0 of {len(order)} claims finished · you have decided 0 (anna)"
    set_review(seeded, order[3], status="done", verdict="true", reviewer="ben")
    at.run()  # ben is listed now
    at.selectbox(key="queue_reviewer").set_value("ben").run()
    assert "No claim matches these filters" in at.success[-1].value  # ben's claim is finished
    at.multiselect(key="queue_status").set_value(["done"]).run()  # a second look at finished claims
    assert shown_claim(at) == order[3]
    at.selectbox(key="queue_reviewer").set_value(None).run()
    assert shown_claim(at) == order[3]
    at.multiselect(key="queue_status").set_value(["needs_second_review"]).run()
    assert "No claim matches these filters" in at.success[-1].value
    # the filters are anna's own, kept in the database: a new browser session finds them again
    again = queue_page(sign_in)
    assert again.selectbox(key="queue_article").value == first_article
    assert again.multiselect(key="queue_status").value == ["needs_second_review"]
    assert queue_page(sign_in, "ben").selectbox(key="queue_article").value is None  # ben's are his own


def test_page_shows_the_group_and_escapes_user_text(seeded, fake_embedder, sign_in):
    from workbench.group import regroup

    ingest_articles(
        seeded,
        [
            Article(
                text=f"Russia violated all 40 UN resolutions {EVIL}, the minister said.",
                source=f"Outlet {EVIL}",
                title=f"Title {EVIL}",
            ),
            Article(text=f"Russia violated all 40 UN resolutions {EVIL}.", source="Outlet B"),
        ],
        fake_embedder,
    )
    regroup(seeded, fake_embedder, threshold=0.8)
    ids = [
        r[0]
        for r in raw_sql(seeded, "SELECT id FROM claims WHERE text LIKE '%onerror%' ORDER BY id")
    ]
    at = queue_page(sign_in)
    at.selectbox(key="queue_article").set_value(
        raw_sql(seeded, "SELECT MAX(id) FROM articles").fetchone()[0] - 1
    )
    at.run()
    assert shown_claim(at) == ids[0]
    texts = "\n".join(
        str(e.value) for kind in ("markdown", "caption", "info", "success") for e in getattr(at, kind)
    )
    assert "what the other outlets said" in texts
    assert "Outlet B" in texts
    assert unescaped("<img", texts) == 0 and "](javascript" not in texts
    assert "\\<img src=x onerror=" in texts


def test_a_claim_awaiting_a_blind_second_review_gets_the_second_verdict(seeded, sign_in):
    from workbench.review import get_second_review, request_second_review

    order = by_worthiness(seeded)
    decide(seeded, order[0], "false", "anna")
    request_second_review(seeded, order[0], "anna")
    assert order[0] not in [c.id for c in review_queue(seeded, "anna").claims]

    at = queue_page(sign_in, "ben")
    assert shown_claim(at) == order[0]
    state = next(c.value for c in at.caption if c.value.startswith("Claim "))
    assert "blind second verdict" in state and "false" not in state  # the first verdict is withheld
    at.button(key="queue_verdict_true").click().run()
    assert not at.exception
    assert get_second_review(seeded, order[0]).verdict == "true"
    assert get_review(seeded, order[0]).verdict == "false"  # the first review stays as it was
    assert "blind second verdict, True, is recorded" in at.success[0].value
    assert shown_claim(at) == order[1]
    assert progress(at).endswith("you have decided 1 (ben)")
    at.button(key="queue_undo").click().run()
    assert "Not undone" in at.warning[0].value and "final" in at.warning[0].value
    assert get_second_review(seeded, order[0]).verdict == "true"
    assert shown_claim(at) == order[1]


# --- a desk of reviewers: locks, finished claims, overwriting ----------------------------------------------


def test_a_claim_on_one_reviewers_screen_is_left_out_of_the_others_queues(seeded):
    from workbench.queue import hold, lock_on, locked_by_others, next_claim, release

    order = by_worthiness(seeded)
    first = next_claim(seeded, review_queue(seeded, "anna"), "anna")
    assert first.id == order[0] and lock_on(seeded, order[0]).account == "anna"
    bens = review_queue(seeded, "ben")
    assert order[0] not in [c.id for c in bens.claims] and bens.locked == 1
    assert next_claim(seeded, bens, "ben").id == order[1]
    assert set(locked_by_others(seeded, "carl")) == {order[0], order[1]}
    # a lock the queue read before a colleague took the claim is passed over, not shared
    stale = review_queue(seeded, "carl")
    hold(seeded, order[2], "rita")
    assert next_claim(seeded, stale, "carl").id == order[3]
    # one claim on screen at a time: taking another releases the first
    hold(seeded, order[5], "anna")
    assert lock_on(seeded, order[0]) is None and lock_on(seeded, order[5]).account == "anna"
    # a decision releases it; so does leaving the queue
    decide(seeded, order[5], "true", "anna")
    assert lock_on(seeded, order[5]) is None
    release(seeded, "ben")
    assert lock_on(seeded, order[1]) is None
    # a lock lapses: taken 11 minutes ago for 10, it holds nothing now
    hold(seeded, order[6], "anna", minutes=-1)
    assert lock_on(seeded, order[6]) is None and order[6] in [
        c.id for c in review_queue(seeded, "ben").claims
    ]


def test_a_colleagues_lock_is_not_taken_over(seeded):
    from workbench.queue import hold

    order = by_worthiness(seeded)
    assert hold(seeded, order[0], "anna").account == "anna"
    assert hold(seeded, order[0], "ben").account == "anna"  # ben is told whose it is
    assert hold(seeded, order[0], "anna").expires_at >= hold(seeded, order[0], "ben").expires_at


def test_progress_counts_the_desks_work_and_yours(seeded):
    order = by_worthiness(seeded)
    decide(seeded, order[0], "false", "anna")
    decide(seeded, order[1], "true", "ben")
    set_review(seeded, order[2], verdict="mixed", reviewer="ben")  # a verdict, not finished
    bens = review_queue(seeded, "ben")
    assert (bens.finished, bens.chosen, bens.reviewed) == (2, len(order), 2)
    assert bens.desk_progress() == f"Desk: 2 of {len(order)} claims finished"
    assert order[2] not in [c.id for c in bens.claims]  # ben decided it: not his to do again
    annas = review_queue(seeded, "anna")
    assert annas.reviewed == 1 and annas.claims[0].id == order[2]  # nobody finished it yet


def test_a_key_that_would_replace_a_colleagues_verdict_asks_first(seeded):
    from workbench.records import VerdictOverwrite

    order = by_worthiness(seeded)
    set_review(seeded, order[0], verdict="false", reviewer="anna")  # in progress, anna's verdict
    with pytest.raises(VerdictOverwrite, match="claim .* has anna's verdict false") as asked:
        decide(seeded, order[0], "true", "ben")
    assert asked.value.current.verdict_by == "anna"
    assert get_review(seeded, order[0]).verdict == "false" and len(history(seeded, order[0])) == 1
    step = decide(seeded, order[0], "true", "ben", overwrite=True)  # confirmed
    r = get_review(seeded, order[0])
    assert (r.verdict, r.verdict_by, r.status) == ("true", "ben", "done")
    # undo gives anna's verdict back, as hers
    restored = undo(seeded, step)
    assert (restored.verdict, restored.verdict_by, restored.reviewer) == ("false", "anna", "ben")
    # the same verdict again, or one's own, needs no confirmation
    decide(seeded, order[0], "false", "ben")
    decide(seeded, order[1], "false", "ben")
    decide(seeded, order[1], "mixed", "ben", expected_version=get_review(seeded, order[1]).version)
