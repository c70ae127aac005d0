"""403 questions the emulated node never asks (Virtual Reception, SSO, a repeated PIN request),
answered by a stand-in transport with the reference's exact bodies."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from pexjoin_tui.infinity import (
    ExtensionRequiredError,
    InfinityClient,
    InvalidPinError,
    PinChallenge,
    SignInRequiredError,
)

VERSION = {"version_id": "36", "pseudo_version": "79019.0.0"}


def answering(result: object) -> InfinityClient:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"status": "success", "result": result})

    return InfinityClient("http://127.0.0.1:9", "reception", transport=httpx.MockTransport(reply))


async def test_extension_required() -> None:
    async with answering(
        {"conference_extension": "required", "conference_extension_type": "standard"}
    ) as client:
        with pytest.raises(ExtensionRequiredError) as caught:
            await client.request_token("Tess")
    assert caught.value.extension_type == "standard"
    assert "Virtual Reception" in caught.value.message


async def test_identity_provider_choice_is_sign_in_required() -> None:
    idp = {"name": "Entra ID", "uuid": "0f6e", "img": "", "disable_popup_flow": False}
    async with answering({"idp": [idp], "version": VERSION}) as client:
        with pytest.raises(SignInRequiredError) as caught:
            await client.request_token("Tess")
    assert caught.value.identity_providers == ["Entra ID"]


async def test_sso_redirect_is_sign_in_required() -> None:
    async with answering(
        {
            "redirect_url": "https://idp.example/sso?SAMLRequest=x",
            "redirect_idp": {"name": "Entra ID", "uuid": "0f6e"},
            "version": VERSION,
            "disable_popup_flow": False,
        }
    ) as client:
        with pytest.raises(SignInRequiredError) as caught:
            await client.request_token("Tess")
    assert caught.value.identity_providers == ["Entra ID"]
    assert "sign in" in caught.value.message


async def test_a_pin_challenge_after_a_pin_was_sent_means_a_wrong_pin() -> None:
    challenge = {"pin": "required", "guest_pin": "none", "version": VERSION}
    async with answering(challenge) as client:
        assert await client.request_token("Tess") == PinChallenge(host_pin=True, guest_pin=False)
        with pytest.raises(InvalidPinError):
            await client.request_token("Tess", SecretStr("1234"))
        assert client.token is None
