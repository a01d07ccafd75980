"""Shared fixtures: a fast fake embedder for unit tests (the real model runs in test_integration.py), the test
desk's accounts (every database a test opens through these fixtures has them), signing a page of the app in
as one of them, a real HTTP server on loopback serving news pages and feeds (news_site.py), and Debian's
chromium for the real-browser tests."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import workbench
from workbench.accounts import add_account, start_session
from workbench.store import open_db
from workbench.vectors import embedders, registry

PAGES = Path(workbench.__file__).parent / "ui" / "views"  # the app's pages


def page(name: str):
    """Run one page of the app (``views/NAME.py``) with Streamlit's AppTest; it must raise nothing."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def offered_files(monkeypatch) -> dict:
    """The files the app's pages offer for download, by file name: (content as bytes, mime type). AppTest
    keeps no bytes of its own. A file made when its button is pressed (a callable, Streamlit's deferred
    download) is made here as soon as the page offers it, by the page's own function, as a press would."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict = {}
    original, deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def add(self, content, mimetype, coordinates, file_name=None, is_for_static_download=False):
        files[file_name] = (content, mimetype)
        return original(self, content, mimetype, coordinates, file_name, is_for_static_download)

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        content = data_callable()
        files[file_name] = (content.encode() if isinstance(content, str) else content, mimetype)
        return deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return files


# The test desk: the first account is the admin who adds the others. Editors may do everything a review
# needs; reviewers only review. They sign in by single sign-on (an email), not a password: an argon2 hash
# takes half a second, and the tests of passwords make their own.
DESK = {
    "admin": "admin",
    "anna": "editor",
    "ben": "editor",
    "carl": "editor",
    "rita": "reviewer",
    "rob": "reviewer",
    "dora": "reviewer",
}


def add_desk(db):
    """Add the test desk's accounts (DESK) to a database, those it lacks; returns it."""
    for name, role in DESK.items():
        if db.accounts.get(name) is None:
            add_account(db, name, role, email=f"{name}@desk.example", by="admin")
    return db


class FakeEmbedder:
    """Bag of words hashed into 256 dimensions: texts sharing words get similar vectors, instantly."""

    name = "fake-bag-of-words"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


@pytest.fixture
def fake_embedder(monkeypatch):
    """Every load_embedder() call in this test returns one FakeEmbedder."""
    fake = FakeEmbedder()
    monkeypatch.setattr(embedders, "load_embedder", lambda name=None: fake)
    # bag-of-words cosines: two sentences sharing most words reach 0.75; half their words, about 0.5
    monkeypatch.setitem(registry.THRESHOLDS, fake.name, registry.Thresholds(suggest=0.5, confirm=0.75))
    return fake


def cosine_only_judge(dims: int = 256, middle: float = 0.9):
    """A pair judge that listens to cosine only: P = sigmoid(40 (cosine - middle)), levels 0.3 / 0.5."""
    from workbench.judge import FEATURES, LANG_PAIRS, Levels, PairJudge

    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("cosine")] = 40.0
    levels = {lp: Levels(0.3, 0.5) for lp in LANG_PAIRS}
    ones, zeros = np.ones(len(FEATURES)), np.zeros(len(FEATURES))
    return PairJudge("test-model", weights, -40.0 * middle, zeros, ones, (1.0, 0.0), levels, np.zeros(dims))


@pytest.fixture
def make_judge():
    """``cosine_only_judge``, for tests that build their own judge."""
    return cosine_only_judge


@pytest.fixture
def db():
    """A private in-memory database with the test desk's accounts."""
    return add_desk(open_db(memory=True))


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """A real database file (not created yet), also named in $WORKBENCH_DB for the CLI and the app."""
    path = tmp_path / "claims.db"
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    for name in ("WORKBENCH_MODEL", "WORKBENCH_USER", "WORKBENCH_REVIEWER"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def desk():
    """add_desk, for a database a test opens itself."""
    return add_desk


@pytest.fixture
def desk_file(db_path):
    """The database file at db_path, created with the test desk's accounts."""
    db = add_desk(open_db(db_path))
    db.close()
    return db_path


@pytest.fixture
def sign_in(db_path, monkeypatch):
    """Sign the app's pages in as an account of the test desk: ``sign_in("anna")`` (``None`` signs out).

    AppTest has no browser cookies, so the session token the sign-in page would have set is handed to the
    page through ui.common.session_token; everything after it (the session's lookup on every rerun) is real.
    """
    from workbench.ui import common

    token = {"value": ""}
    monkeypatch.setattr(common, "session_token", lambda: token["value"])

    def as_(name):
        if name is None:
            token["value"] = ""
            return None
        db = open_db(db_path)
        token["value"] = start_session(db, db.accounts.get(name))
        db.close()
        return token["value"]

    return as_


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium for the real-browser tests, installed by the test set-up when missing.

    Playwright's own ``playwright install`` downloads a browser, which cannot work offline; Debian's package
    comes from the system's apt sources. Installing needs root and apt-get; otherwise the tests are skipped
    with the reason.
    """
    if path := _find_chromium():
        return path
    if not shutil.which("apt-get"):
        pytest.skip("Debian's chromium is not installed and there is no apt-get to install it")
    if os.geteuid() != 0:
        pytest.skip(
            "Debian's chromium is not installed; install it as root with: apt-get install -y chromium"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:  # a fresh system may not have read its package lists yet
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600)
        done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=1800)
    if path := _find_chromium():
        return path
    pytest.skip(
        f"Debian's chromium could not be installed (apt-get install -y chromium): {done.stderr[-500:]}"
    )


@pytest.fixture
def seeded(db_path, fake_embedder):
    """The sample articles in a real database file, for a page of the app (a fresh Streamlit cache)."""
    import streamlit as st

    from workbench.pipeline import seed_samples

    st.cache_resource.clear()
    db = add_desk(open_db(db_path))
    seed_samples(db, fake_embedder)
    return db


@pytest.fixture
def news_site():
    """A real HTTP server on loopback (tests/news_site.py), started for the test and stopped after it."""
    from news_site import NewsSite

    site = NewsSite().start()
    yield site
    site.stop()


@pytest.fixture
def run(db_path, fake_embedder):
    """Run a `workbench` command on the test's database file with the fake embedder; returns the result."""
    from click.testing import CliRunner

    from workbench.cli import cli

    def invoke(*args, input=None, env=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return invoke


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


class ReadOnlyFolder:
    """A folder whose files this process cannot write. As root (which writes through file permissions) it is a
    small tmpfs remounted read-only, a real read-only file system; otherwise a folder and files without write
    permission."""

    def __init__(self, path) -> None:
        self.path = path
        path.mkdir()
        self.mounted = os.geteuid() == 0 and _mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(path))
        if os.geteuid() == 0 and not self.mounted:
            pytest.skip("running as root without the right to mount a tmpfs: no way to make a file read-only")

    def add(self, source):
        """A read-only copy of the file ``source`` in this folder."""
        target = self.path / source.name
        if self.mounted:
            _mount("-o", "remount,rw", str(self.path))
            shutil.copyfile(source, target)
            assert _mount("-o", "remount,ro", str(self.path))
        else:
            self.path.chmod(0o755)
            shutil.copyfile(source, target)
            target.chmod(0o444)
            self.path.chmod(0o555)
        return target

    def close(self) -> None:
        if self.mounted:  # lazily: a connection the test left open must not keep the mount
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)
        else:
            self.path.chmod(0o755)


@pytest.fixture
def read_only_folder(tmp_path):
    folder = ReadOnlyFolder(tmp_path / "read-only")
    yield folder
    folder.close()


class SmallDisk:
    """A folder on a file system that fills up after ``size`` bytes: a real tmpfs of that size when this
    process may mount one (root), else a folder whose writes the CLI process makes fail past ``size`` bytes
    per file with RLIMIT_FSIZE (``run_cli`` sets it)."""

    def __init__(self, path, size: int) -> None:
        self.path, self.size = path, size
        path.mkdir()
        self.tmpfs = os.geteuid() == 0 and _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))

    def fill(self, leave: int) -> None:
        """Fill the file system up to ``leave`` bytes (only on a real tmpfs; with a file-size limit each file
        has the whole limit)."""
        if self.tmpfs:
            free = os.statvfs(self.path).f_bavail * os.statvfs(self.path).f_frsize
            (self.path / "filler").write_bytes(b"\0" * max(0, free - leave))

    def run_cli(self, *args: str) -> subprocess.CompletedProcess:
        """``workbench ARGS`` in a new process with the fake embedder, as a user runs it."""
        script = (
            "import sys; sys.path.insert(0, sys.argv[1]); from conftest import FakeEmbedder, use_fake_embedder;"
            " use_fake_embedder(FakeEmbedder()); from workbench.cli import cli; cli(sys.argv[2:])"
        )
        tests = os.path.dirname(os.path.abspath(__file__))
        limit = None if self.tmpfs else self.size

        def limit_file_size():  # pragma: no cover - runs in the child
            import resource

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return subprocess.run(
            [sys.executable, "-c", script, tests, *args],
            capture_output=True,
            text=True,
            preexec_fn=limit_file_size if limit else None,
            timeout=300,
        )

    def close(self) -> None:
        if self.tmpfs:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    disk = SmallDisk(tmp_path / "small-disk", 3 * 1024 * 1024)
    yield disk
    disk.close()


def use_fake_embedder(fake) -> None:
    """Make every load_embedder() call return ``fake`` (for CLI processes started by a test)."""
    embedders.load_embedder = lambda name=None: fake
    registry.THRESHOLDS[fake.name] = registry.Thresholds(suggest=0.5, confirm=0.75)
