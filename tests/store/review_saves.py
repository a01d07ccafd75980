"""The reviewer of the concurrency tests, one for both backends (test_concurrency.py on a SQLite file,
test_concurrency_pg.py on PostgreSQL): version-checked saves of unique notes while an ingest writes."""

from __future__ import annotations

import time
from collections.abc import Callable


def saves_during_an_ingest(db, worker: int, claim_ids: list[int], writes: int, articles: Callable[[], int]) -> list:
    """Save notes on ``claim_ids`` as reviewer ``r<worker>``, each with the version just read, once the ingest
    has committed its first articles (``articles()`` counts them). Returns [accepted notes, conflicts, other
    errors as text, articles before, articles after, saves tried]."""
    from workbench.review import ReviewConflict, get_review, set_review

    while articles() < 3:  # the ingest has committed its first article
        time.sleep(0.01)
    before = articles()
    accepted, conflicts, errors = [], 0, []
    i = -1
    # at least `writes` saves, and on until the ingest has stored another article meanwhile (capped), so
    # reviews and ingest really overlap however fast this machine is
    while (i := i + 1) < writes or (articles() == before and i < 20 * writes):
        claim_id = claim_ids[(worker * 7 + i) % len(claim_ids)]
        note = f"w{worker}-{i}"
        try:
            loaded = get_review(db, claim_id)
            set_review(db, claim_id, note=note, reviewer=f"r{worker}", expected_version=loaded.version)
            accepted.append(note)
        except ReviewConflict:
            conflicts += 1
        except Exception as exc:  # noqa: BLE001 - the test reports every other failure by its message
            errors.append(f"{type(exc).__name__}: {exc}")
    return [accepted, conflicts, errors, before, articles(), i]
