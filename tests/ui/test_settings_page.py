"""The Settings page keeps its values for the browser session (ui.common.SESSION_KEYS), and the other pages
use them: the verdict words of the Review queue, the organisation of the Export page."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

import workbench
from workbench.ui.common import SESSION_KEYS

APP = Path(workbench.__file__).parent / "ui" / "app.py"


def test_settings_are_kept_for_the_session_and_used_by_the_other_pages(seeded, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ORGANISATION", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("views/settings.py").run()
    assert not at.exception, at.exception
    at.text_input(key="organisation_input").input("Faktencheck Nord")
    at.radio(key="verdict_labels_input").set_value("de").run()
    assert at.session_state[SESSION_KEYS["labels"]] == "de"
    assert at.session_state[SESSION_KEYS["organisation"]] == "Faktencheck Nord"

    at.switch_page("views/queue.py").run()
    assert not at.exception, at.exception
    assert at.button(key="queue_verdict_false").label == "Falsch"
    assert at.button(key="queue_verdict_mostly_true").label == "Größtenteils richtig"

    at.switch_page("views/export.py").run()
    assert at.text_input(key="organisation_input").value == "Faktencheck Nord"


def test_a_bad_address_template_is_explained_on_the_settings_page(seeded):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("views/settings.py").run()
    at.text_input(key="url_template_input").input("javascript:alert({claim_id})").run()
    assert at.error and "http(s)" in at.error[0].value
