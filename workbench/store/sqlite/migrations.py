"""The database schema, as an append-only list of migrations.

Never edit a migration that has shipped: add a new one below it. Each table is written by exactly one
family of the store (see store/base.py); the comment above each table names the module that wrote it when
the migration shipped (ingest.py is now store/sqlite/articles.py, claims.py store/sqlite/claims.py, embed.py
store/sqlite/vectors.py, group.py store/sqlite/groups.py, review.py store/sqlite/reviews.py, archive.py
store/sqlite/factchecks.py).
"""

from .database import Database, Migrations

migrations = Migrations("workbench")


@migrations()
def m001_articles_claims_embeddings_groups_reviews(db: Database) -> None:
    db.executescript(
        """
        -- written by ingest.py
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            external_id TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        );
        -- written by claims.py; text_hash keys the embedding cache
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentence TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            speaker TEXT NOT NULL DEFAULT '',
            checkworthiness REAL NOT NULL,
            text_hash TEXT NOT NULL,
            UNIQUE (article_id, position)
        );
        CREATE INDEX claims_text_hash ON claims(text_hash);
        -- written by embed.py: one vector per (model, text), so an unchanged text is never embedded twice
        CREATE TABLE embeddings (
            model TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            dims INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, text_hash)
        );
        -- written by group.py: derived data, replaced whole by each regroup
        CREATE TABLE claim_groups (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            group_id INTEGER NOT NULL,
            model TEXT NOT NULL,
            similarity REAL NOT NULL
        );
        CREATE INDEX claim_groups_group ON claim_groups(group_id);
        -- written by review.py: the current state and every change that led to it
        CREATE TABLE reviews (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            verdict TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '[]',
            reviewer TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        );
        CREATE TABLE review_history (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            changed_at TEXT NOT NULL,
            reviewer TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            verdict TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX review_history_claim ON review_history(claim_id);
        """
    )


@migrations()
def m002_claim_role_kind_span(db: Database) -> None:
    # v1 claims span their whole sentence and were all treated as assertions
    db.executescript(
        """
        ALTER TABLE claims ADD COLUMN role TEXT NOT NULL DEFAULT '';
        ALTER TABLE claims ADD COLUMN kind TEXT NOT NULL DEFAULT 'claim';
        ALTER TABLE claims ADD COLUMN span_start INTEGER;
        ALTER TABLE claims ADD COLUMN span_end INTEGER;
        UPDATE claims SET span_start = start, span_end = "end";
        """
    )


@migrations()
def m003_rescore_checkworthiness(db: Database) -> None:
    # v1 scores came from a hand-weighted heuristic; rescore every stored claim with the trained model so old
    # and new claims share one scale (0.5 = worth checking). Imported here so migrations stay importable
    # without NumPy until they actually run. The model of that day is kept frozen as text/checkworthy_v1.py
    # (with data/checkworthy-v1.npz), so this migration's result never changes; its scores are in any case
    # replaced by migration 11's.
    from ...text import checkworthy_v1 as checkworthy

    rows = db.execute("SELECT id, text, sentence FROM claims").fetchall()
    for claim_id, text, sentence in rows:
        question = sentence.rstrip(" \"'“”„«»").endswith("?")
        scored = text if "?" in text or not question else text + "?"
        db.execute(
            "UPDATE claims SET checkworthiness = ?, kind = CASE WHEN ? THEN 'question' ELSE kind END WHERE id = ?",
            [checkworthy.score(scored), question, claim_id],
        )


@migrations()
def m004_review_version(db: Database) -> None:
    # the number of accepted changes of a review: a save names the version it was based on, so a change
    # made meanwhile by someone else is detected instead of silently overwritten
    db.executescript(
        """
        ALTER TABLE reviews ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        UPDATE reviews SET version = (SELECT COUNT(*) FROM review_history h WHERE h.claim_id = reviews.claim_id);
        """
    )


@migrations()
def m005_archive_search_links(db: Database) -> None:
    # Fact-checks published earlier (by us or others) are kept apart from article claims: they have a
    # verdict and a publisher, not an article. BM25 indexes over both use porter stemming over unicode61
    # with diacritics folded: the best tokenizer of benchmarks/retrieval.py on English and German.
    fts = "tokenize='porter unicode61 remove_diacritics 2'"
    db.executescript(
        f"""
        -- written by archive.py; text_hash is that of search_text() (claim + title), the embedding cache key
        CREATE TABLE factchecks (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL DEFAULT '',
            claim TEXT NOT NULL,
            verdict TEXT NOT NULL DEFAULT '',
            publisher TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            claimant TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '',
            text_hash TEXT NOT NULL,
            item_hash TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL
        );
        CREATE INDEX factchecks_text_hash ON factchecks(text_hash);
        -- written by archive.py: article claims that match an earlier fact-check (derived data)
        CREATE TABLE claim_factchecks (
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            factcheck_id INTEGER NOT NULL REFERENCES factchecks(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            PRIMARY KEY (claim_id, factcheck_id)
        );
        CREATE INDEX claim_factchecks_factcheck ON claim_factchecks(factcheck_id);
        -- BM25 indexes, kept in step with their tables by triggers (so no module writes them directly)
        CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='id', {fts});
        CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims BEGIN
            INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
        END;
        INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');
        CREATE VIRTUAL TABLE factchecks_fts USING fts5(
            claim, title, content='factchecks', content_rowid='id', {fts}
        );
        CREATE TRIGGER factchecks_fts_insert AFTER INSERT ON factchecks BEGIN
            INSERT INTO factchecks_fts (rowid, claim, title) VALUES (new.id, new.claim, new.title);
        END;
        CREATE TRIGGER factchecks_fts_delete AFTER DELETE ON factchecks BEGIN
            INSERT INTO factchecks_fts (factchecks_fts, rowid, claim, title)
                VALUES ('delete', old.id, old.claim, old.title);
        END;
        CREATE TRIGGER factchecks_fts_update AFTER UPDATE OF claim, title ON factchecks BEGIN
            INSERT INTO factchecks_fts (factchecks_fts, rowid, claim, title)
                VALUES ('delete', old.id, old.claim, old.title);
            INSERT INTO factchecks_fts (rowid, claim, title) VALUES (new.id, new.claim, new.title);
        END;
        -- written by group.py: a reviewer's word on whether two claims make the same assertion; unlike the
        -- groups themselves, these survive every regroup (claim_a < claim_b)
        CREATE TABLE link_decisions (
            claim_a INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            claim_b INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
            reviewer TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL,
            PRIMARY KEY (claim_a, claim_b)
        );
        -- written by group.py: claims that may belong to a group (similar, but below the confirm threshold)
        CREATE TABLE group_suggestions (
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            group_id INTEGER NOT NULL,
            via_claim INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            similarity REAL NOT NULL,
            PRIMARY KEY (claim_id, group_id)
        );
        CREATE INDEX group_suggestions_group ON group_suggestions(group_id);
        """
    )


@migrations()
def m006_evidence_stances_group_verdicts_second_reviews(db: Database) -> None:
    # Evidence links gain a stance and a note, kept beside the link list rather than in it: ``evidence`` stays
    # the JSON list of URLs every existing reader (export, history CSV) expects, and ``evidence_detail`` maps
    # each URL to {"stance", "note"}. A link without an entry (all links stored before this migration) reads
    # as stance "context" with no note, so no row needs converting.
    # ``via_group``: the group whose verdict a claim follows; NULL when the verdict was set on the claim itself
    # (an override, which later group verdicts leave alone). ``source`` says where a history row came from:
    # 'claim' (set on the claim), 'group' (a group verdict, via_group), 'second_review' or 'resolution'.
    db.executescript(
        """
        ALTER TABLE reviews ADD COLUMN evidence_detail TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE reviews ADD COLUMN via_group INTEGER;
        ALTER TABLE review_history ADD COLUMN evidence_detail TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE review_history ADD COLUMN source TEXT NOT NULL DEFAULT 'claim';
        ALTER TABLE review_history ADD COLUMN via_group INTEGER;
        -- written by review.py: every verdict given to a whole group, with its note (the group's reasoning)
        CREATE TABLE group_verdicts (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL
        );
        CREATE INDEX group_verdicts_group ON group_verdicts(group_id);
        -- written by review.py: a blind second review per claim, kept apart from the claim's review; the first
        -- review is copied in when the second is requested, so both verdicts stay comparable for agreement
        CREATE TABLE second_reviews (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            requested_by TEXT NOT NULL DEFAULT '',
            requested_at TEXT NOT NULL,
            first_reviewer TEXT NOT NULL,
            first_verdict TEXT NOT NULL,
            reviewer TEXT NOT NULL DEFAULT '',
            verdict TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            reviewed_at TEXT NOT NULL DEFAULT '',
            resolved_by TEXT NOT NULL DEFAULT '',
            resolved_verdict TEXT NOT NULL DEFAULT '',
            resolved_at TEXT NOT NULL DEFAULT ''
        );
        """
    )


@migrations()
def m007_article_outlet_author_language_feeds(db: Database) -> None:
    # Articles gain the outlet shown everywhere (until now ``source`` was shown: a file name for files), the
    # page's author, the language detector's confidence and a note on how the article was read. Stored
    # articles keep showing what they showed: their source becomes their outlet.
    # Claims of kind 'boilerplate' (page furniture) are kept but never embedded, grouped or counted; the
    # partial index answers "how many" in a moment, so cached vector indexes can still tell when to reload.
    # A followed feed and the items already taken from it (per feed), so a poll ingests only new items; an
    # item is written in the transaction that stores its article (or marked skipped with the reason).
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN outlet TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN author TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN lang_confidence REAL NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN note TEXT NOT NULL DEFAULT '';
        UPDATE articles SET outlet = source;
        CREATE INDEX claims_boilerplate ON claims(id) WHERE kind = 'boilerplate';
        -- written by store/sqlite/feeds.py
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            outlet TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            polled_at TEXT NOT NULL DEFAULT '',
            result TEXT NOT NULL DEFAULT '',
            failed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE feed_items (
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,
            link TEXT NOT NULL DEFAULT '',
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            skipped TEXT NOT NULL DEFAULT '',
            seen_at TEXT NOT NULL,
            PRIMARY KEY (feed_id, item_key)
        );
        """
    )
    # Databases seeded with the bundled samples before they had a metadata file show those articles under
    # their hashed file names: give them the outlet and date the samples now carry.
    import json
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "data" / "samples" / "samples.json"
    for name, meta in json.loads(samples.read_text(encoding="utf-8")).items():
        db.execute(
            "UPDATE articles SET outlet = ?, date = CASE WHEN date = '' THEN ? ELSE date END WHERE source = ?",
            [meta["outlet"], meta["date"], name],
        )


@migrations()
def m008_accounts_sessions_locks_settings(db: Database) -> None:
    # A desk of reviewers: accounts (who may act, in which role), their sign-in sessions, locks on claims that
    # are on someone's screen in the queue, the desk's settings and each account's preferences. Reviews gain
    # ``verdict_by``: the account that gave the current verdict, which may differ from whoever changed the
    # review last (a note added later), so a change of verdict can name whose verdict it replaces.
    db.executescript(
        """
        -- written by store/sqlite/accounts.py; name is what history rows record (lower case, unique)
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('reviewer', 'editor', 'admin')),
            password_hash TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            disabled_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX accounts_email ON accounts(email);
        -- written by store/sqlite/accounts.py: a signed-in browser; only a hash of its token is stored, so a
        -- copy of the database opens no session
        CREATE TABLE account_sessions (
            token_hash TEXT PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX account_sessions_account ON account_sessions(account_id);
        -- written by store/sqlite/locks.py: a claim on someone's screen in the review queue, until expires_at
        CREATE TABLE claim_locks (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        -- written by store/sqlite/settings.py: the desk's settings (organisation, URL template, verdict words)
        CREATE TABLE desk_settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            changed_by TEXT NOT NULL DEFAULT '',
            changed_at TEXT NOT NULL
        );
        -- written by store/sqlite/settings.py: each account's own preferences (verdict words, queue filters)
        CREATE TABLE account_preferences (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (account_id, key)
        );
        ALTER TABLE reviews ADD COLUMN verdict_by TEXT NOT NULL DEFAULT '';
        """
    )
    # Who gave each stored verdict, read from the history: the reviewer of the latest change that altered it.
    given: dict[int, str] = {}
    last: dict[int, str] = {}
    for claim_id, reviewer, verdict in db.execute(
        "SELECT claim_id, reviewer, verdict FROM review_history ORDER BY id"
    ).fetchall():
        if verdict != last.get(claim_id, ""):
            given[claim_id] = reviewer if verdict else ""
        last[claim_id] = verdict
    db.conn.executemany(
        "UPDATE reviews SET verdict_by = ? WHERE claim_id = ? AND verdict != ''",
        [(who, claim_id) for claim_id, who in given.items()],
    )


@migrations()
def m009_who_added_articles_and_feeds(db: Database) -> None:
    # With accounts, adding articles is something an account does, like a review: each article names the
    # account that added it (a link, an upload, pasted text, a poll), each feed who followed it and who polled
    # it last. Rows from before accounts, and articles a script added without one, keep "".
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE feeds ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE feeds ADD COLUMN polled_by TEXT NOT NULL DEFAULT '';
        """
    )


@migrations()
def m010_claim_frame_speaker_unclear_speaker_changes(db: Database) -> None:
    # ``frame``: the words that made a claim's attribution, so a reviewer can check the speaker against them;
    # ``speaker_unclear``: a frame or quotation whose speaker the rules could not tell for sure (the speaker
    # is then empty, and the outlet is not the claimant). Claims stored before have neither.
    # ``speaker_changes`` (written by store/sqlite/claims.py): every speaker a reviewer set, old and new. The
    # article's content hash and the claim's span in it find the claim again when the same text is ingested
    # anew (new claim ids), so a correction outlives its claim row (claim_id then becomes NULL).
    db.executescript(
        """
        ALTER TABLE claims ADD COLUMN frame TEXT NOT NULL DEFAULT '';
        ALTER TABLE claims ADD COLUMN speaker_unclear INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE speaker_changes (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER REFERENCES claims(id) ON DELETE SET NULL,
            article_hash TEXT NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            old_speaker TEXT NOT NULL DEFAULT '',
            old_role TEXT NOT NULL DEFAULT '',
            speaker TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            changed_by TEXT NOT NULL DEFAULT '',
            changed_at TEXT NOT NULL
        );
        CREATE INDEX speaker_changes_claim ON speaker_changes(claim_id);
        CREATE INDEX speaker_changes_article ON speaker_changes(article_hash);
        """
    )


# The check-worthiness model migration 11 rescored with: pinned, so retraining (a new SHIPPED version in
# text/checkworthy.py, a new data/checkworthy-<version>.npz beside this one) never changes its result.
M011_CHECKWORTHY_MODEL = "cw2-da1ddd4cc681"


@migrations()
def m011_checkworthiness_model(db: Database) -> None:
    # Scores gain the model that gave them ("<version>/vector" or "<version>/ngram"), and every stored claim
    # is rescored with model cw2: where the claim has a stored vector of the default embedder
    # (multilingual-e5-small), by its vector model, else by its n-gram fallback. The question rule is
    # migration 3's: a question whose "?" went with a removed frame is scored as a question.
    import numpy as np

    from ...text import checkworthy

    version = M011_CHECKWORTHY_MODEL
    model = checkworthy.load(version)  # raises if that file is missing: better than a different model
    db.execute("ALTER TABLE claims ADD COLUMN checkworthiness_model TEXT NOT NULL DEFAULT ''")
    rows = db.execute(
        "SELECT c.id, c.text, c.sentence, a.lang, e.vector FROM claims c JOIN articles a ON a.id = c.article_id"
        " LEFT JOIN embeddings e ON e.text_hash = c.text_hash AND e.model = ? AND c.kind != 'boilerplate'"
        " ORDER BY c.id",
        [checkworthy.E5_MODEL],
    ).fetchall()
    for i in range(0, len(rows), 2000):  # bounded memory on large databases
        chunk = rows[i : i + 2000]
        vectors = [None if blob is None else np.frombuffer(blob, dtype="<f4") for *_, blob in chunk]
        scores = checkworthy.score_texts(
            [checkworthy.scored_text(text, sentence) for _, text, sentence, _, _ in chunk],
            vectors,
            [lang for _, _, _, lang, _ in chunk],
            model=model,
        )
        db.conn.executemany(
            "UPDATE claims SET checkworthiness = ?, checkworthiness_model = ? WHERE id = ?",
            [
                (s, checkworthy.scorer(v is not None, version), row[0])
                for row, v, s in zip(chunk, vectors, scores)
            ],
        )


@migrations()
def m012_article_versions(db: Database) -> None:
    # A new version of an article (same URL, or same outlet and title) replaces the earlier one: ``replaces``
    # links it to the earlier article, whose claims become ``retired`` (kept with their reviews and history,
    # left out of groups, counts, vectors, search and exports). ``changed`` marks a claim of a new version
    # whose words were not in the earlier one (its earlier review was not carried over). Stored articles are
    # all first versions: nothing to link or retire.
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN replaces INTEGER;
        ALTER TABLE claims ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE claims ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX articles_replaces ON articles(replaces) WHERE replaces IS NOT NULL;
        CREATE INDEX articles_url ON articles(url) WHERE url != '';
        CREATE INDEX articles_outlet_title ON articles(outlet, title);
        CREATE INDEX claims_retired ON claims(id) WHERE retired = 1;
        """
    )


@migrations()
def m013_vector_index_versions(db: Database) -> None:
    # Vector indexes are kept in memory and in files beside the database (search.vector_index). Rows are
    # appended, which the count and the largest id of a table tell; anything else that changes which vector
    # a row has (a deleted row, a claim's text or kind changed, a vector deleted or replaced) counts up its
    # table's version here, so a kept index is known to be stale. ``instance`` names this database, so an
    # index file is never taken for another database's at the same path. Written by triggers only.
    import secrets

    db.executescript(
        """
        CREATE TABLE vector_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 0, instance TEXT);
        INSERT INTO vector_versions (name) VALUES ('claims'), ('factchecks');
        CREATE TRIGGER claims_vector_delete AFTER DELETE ON claims BEGIN
            UPDATE vector_versions SET version = version + 1 WHERE name = 'claims';
        END;
        CREATE TRIGGER claims_vector_update AFTER UPDATE OF text_hash, kind, retired ON claims BEGIN
            UPDATE vector_versions SET version = version + 1 WHERE name = 'claims';
        END;
        CREATE TRIGGER factchecks_vector_delete AFTER DELETE ON factchecks BEGIN
            UPDATE vector_versions SET version = version + 1 WHERE name = 'factchecks';
        END;
        CREATE TRIGGER factchecks_vector_update AFTER UPDATE OF text_hash ON factchecks BEGIN
            UPDATE vector_versions SET version = version + 1 WHERE name = 'factchecks';
        END;
        CREATE TRIGGER embeddings_vector_delete AFTER DELETE ON embeddings BEGIN
            UPDATE vector_versions SET version = version + 1;
        END;
        CREATE TRIGGER embeddings_vector_update AFTER UPDATE ON embeddings BEGIN
            UPDATE vector_versions SET version = version + 1;
        END;
        """
    )
    db.execute("UPDATE vector_versions SET instance = ?", [secrets.token_hex(8)])


@migrations()
def m014_resolved_readings_judge_probabilities(db: Database) -> None:
    # Issue 13. ``claims.resolved``: the claim with what "ein solcher Deal" / "the move" refers to (text.context);
    # grouping and search embed it instead of the text, so new claims' ``text_hash`` is that of the resolved
    # reading (stored claims keep theirs: resolved '' reads as the text). ``claim_groups.probability``: the
    # pair judge's P(same assertion) of a member and its group's canonical statement (NULL for the canonical
    # statement itself and where grouping ran on cosine thresholds); ``canonical`` marks that statement, the
    # group's most central member (before, the centre was the member with similarity 1). ``group_suggestions
    # .probability``: the judge's P for the suggested link. ``claim_factchecks.relation``: 'checked' (the same
    # assertion: "already checked") or 'related' (alike, but a detail differs or the judge says no), with the
    # judge's probability and the kinds of detail that differ; rows stored before are 'checked', as shown then.
    db.executescript(
        """
        ALTER TABLE claims ADD COLUMN resolved TEXT NOT NULL DEFAULT '';
        ALTER TABLE claim_groups ADD COLUMN probability REAL;
        ALTER TABLE claim_groups ADD COLUMN canonical INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE group_suggestions ADD COLUMN probability REAL;
        ALTER TABLE claim_factchecks ADD COLUMN relation TEXT NOT NULL DEFAULT 'checked'
            CHECK (relation IN ('checked', 'related'));
        ALTER TABLE claim_factchecks ADD COLUMN probability REAL;
        ALTER TABLE claim_factchecks ADD COLUMN conflicts TEXT NOT NULL DEFAULT '';
        """
    )


@migrations()
def m015_group_verdict_members(db: Database) -> None:
    # Issue 16, item 2. ``group_verdicts.members``: the claims a group verdict covered (a JSON list of claim
    # ids, the group's members when it was given), so a claim that joins the group later is shown as joined
    # after the verdict (it inherits nothing) and one that left as following a group it left. NULL for verdicts
    # given before: who they covered is not known.
    db.executescript("ALTER TABLE group_verdicts ADD COLUMN members TEXT;")


# The kinds of data a page keeps in memory, and the tables each is read from (m016_change_marks).
CHANGE_MARKS = {
    "articles": ("articles",),
    "claims": ("claims",),
    "groups": ("claim_groups", "group_suggestions"),
    "reviews": ("reviews", "review_history", "second_reviews"),
}


@migrations()
def m016_change_marks(db: Database) -> None:
    # Issue 19. The app keeps what is costly to read (every claim, every group) in memory. Keyed on the whole
    # file's version, every review decision (a write) made it read all of it again. ``change_marks`` holds one
    # mark per kind of data, set to a new random number by triggers whenever a row of its tables is inserted,
    # changed or deleted, so a page re-reads only the kinds a commit changed. Random rather than counted: a
    # mark then names one state of its data, even across a file restored from a backup (a count could come
    # back to a number it had before, with other rows). Written by triggers only; read by store.watch_changes.
    db.execute("CREATE TABLE change_marks (name TEXT PRIMARY KEY, mark INTEGER NOT NULL)")
    for name, tables in CHANGE_MARKS.items():
        db.execute("INSERT INTO change_marks (name, mark) VALUES (?, random())", [name])
        for table in tables:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute(
                    f"CREATE TRIGGER {table}_mark_{event.lower()} AFTER {event} ON {table} BEGIN"
                    f" UPDATE change_marks SET mark = random() WHERE name = '{name}'; END"
                )


# The check-worthiness model migration 17 rescored with (issue 15: cw3, trained with news sentences too):
# pinned like M011_CHECKWORTHY_MODEL, so a later model never changes what this migration does.
M017_CHECKWORTHY_MODEL = "cw3-2ff7779ca10c"


@migrations()
def m017_checkworthiness_news(db: Database) -> None:
    # Model cw3 replaces cw2 (issue 15: cw2's recipe with labelled sentences of real news pages in its
    # vector model's training). Every stored claim is rescored with the pinned cw3 as migration 11 did with
    # cw2, so one queue never mixes the two models' scores: the e5 vector where one is stored, else the
    # n-gram scorer; the article's language picks the calibration.
    import numpy as np

    from ...text import checkworthy

    last = 0
    while True:  # a page of claims at a time: memory stays bounded however large the database
        rows = db.execute(
            "SELECT c.id, c.text, c.sentence, a.lang, e.vector FROM claims c"
            " JOIN articles a ON a.id = c.article_id LEFT JOIN embeddings e ON e.text_hash = c.text_hash"
            " AND e.model = ? AND c.kind != 'boilerplate' WHERE c.id > ? ORDER BY c.id LIMIT 2000",
            [checkworthy.E5_MODEL, last],
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        chunk = [(*row[:4], None if row[4] is None else np.frombuffer(row[4], dtype="<f4")) for row in rows]
        db.conn.executemany(
            "UPDATE claims SET checkworthiness = ?, checkworthiness_model = ? WHERE id = ?",
            checkworthy.rescored(chunk, M017_CHECKWORTHY_MODEL),
        )
