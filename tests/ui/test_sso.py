"""Single sign-on in the app: with an ``[auth]`` section in Streamlit's secrets, st.user's identity maps to an
account on every rerun (accounts.account_for_identity); an identity without an account sees nothing but a
note. AppTest stands in for the identity provider: it sets st.user as Streamlit does after st.login, so what
is tested is the app's side, not a real provider's."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import workbench

SETTINGS = Path(workbench.__file__).parent / "ui" / "views" / "settings.py"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a secret of thirty-two characters",
    "client_id": "workbench",
    "client_secret": "not a real one",
    "server_metadata_url": "https://login.newsroom.example/.well-known/openid-configuration",
}


def settings_page(user: dict, sso: bool = True) -> AppTest:
    at = AppTest.from_file(str(SETTINGS), default_timeout=60)
    if sso:
        at.secrets["auth"] = AUTH
    at.user = user
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.usefixtures("desk_file")
def test_a_signed_in_identity_acts_as_its_account_or_not_at_all():
    anna = settings_page({"is_logged_in": True, "email": "ANNA@desk.example", "email_verified": True})
    assert "Signed in as **anna**, editor." in [m.value for m in anna.markdown]
    assert "own_labels" in [r.key for r in anna.radio]  # the page is hers

    stranger = settings_page({"is_logged_in": True, "email": "zoe@elsewhere.example"})
    assert [b.label for b in stranger.button] == ["Sign out"]  # nothing else: no form, no page
    assert "this desk has no account for you" in stranger.warning[0].value and not stranger.radio

    unverified = settings_page({"is_logged_in": True, "email": "anna@desk.example", "email_verified": False})
    assert not unverified.radio and "no account for you" in unverified.warning[0].value

    nobody = settings_page({"is_logged_in": False})
    assert [b.label for b in nobody.button] == [
        "Sign in with your organisation",
        "Sign in",
    ] and not nobody.radio


@pytest.mark.usefixtures("desk_file")
def test_without_single_sign_on_an_identity_counts_for_nothing():
    # st.user may hold an email without [auth] (AppTest's default does): it signs nobody in
    at = settings_page({"is_logged_in": True, "email": "anna@desk.example"}, sso=False)
    assert [b.label for b in at.button] == ["Sign in"] and not at.radio
