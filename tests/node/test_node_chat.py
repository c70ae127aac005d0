"""Chat: conference messages reach the others but are not echoed; direct messages."""

from __future__ import annotations

from pexjoin_tui.node import Meeting

from .helpers import Served


async def test_a_message_reaches_the_others_and_is_not_echoed(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    bob = await served.join("meet.open", "Bob")
    async with (
        served.events("meet.open", alice["token"]) as alice_events,
        served.events("meet.open", bob["token"]) as bob_events,
    ):
        await alice_events.burst()
        await bob_events.burst()
        response = await served.post(
            "meet.open", "message", alice["token"], {"type": "text/plain", "payload": "hi"}
        )
        assert response.json() == {"status": "success", "result": True}
        assert await bob_events.until("message_received") == {
            "origin": "Alice",
            "uuid": alice["participant_uuid"],
            "type": "text/plain",
            "payload": "hi",
            "direct": False,
        }
        # Alice gets the next thing that happens, not her own message.
        await served.post("meet.open", "message", bob["token"], {"payload": "yo"})
        received = await alice_events.until("message_received")
        assert received["payload"] == "yo"
    record = served.node.messages[0]
    assert (record.origin, record.payload, record.direct_to) == ("Alice", "hi", None)


async def test_a_direct_message_reaches_only_its_target(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    bob = await served.join("meet.open", "Bob")
    carol = await served.join("meet.open", "Carol")
    async with (
        served.events("meet.open", bob["token"]) as bob_events,
        served.events("meet.open", carol["token"]) as carol_events,
    ):
        await bob_events.burst()
        await carol_events.burst()
        response = await served.post(
            "meet.open",
            f"participants/{bob['participant_uuid']}/message",
            alice["token"],
            {"type": "text/plain", "payload": "psst"},
        )
        assert response.json() == {"status": "success", "result": True}
        message = await bob_events.until("message_received")
        assert (message["payload"], message["direct"], message["uuid"]) == (
            "psst",
            True,
            alice["participant_uuid"],
        )
        # Carol sees the next conference message first, never the direct one.
        await served.post("meet.open", "message", alice["token"], {"payload": "all"})
        assert (await carol_events.until("message_received"))["payload"] == "all"
    assert served.node.messages[0].direct_to == bob["participant_uuid"]


async def test_simulated_people_can_speak(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    async with served.events("meet.open", alice["token"]) as events:
        await events.burst()
        sam = served.server.call(served.node.add_person, "meet.open", "Sam")
        served.server.call(served.node.say, "meet.open", sam, "hello from Sam")
        message = await events.until("message_received")
        assert (message["origin"], message["payload"]) == ("Sam", "hello from Sam")


async def test_a_bad_message_body_is_a_400(served: Served) -> None:
    alice = await served.join("meet.open")
    response = await served.post("meet.open", "message", alice["token"], {"payload": 5})
    assert response.status_code == 400
    assert response.json()["status"] == "failed"


async def test_chat_disabled_answers_false(serve) -> None:
    served = serve([Meeting("meet.quiet", "Quiet", chat_enabled=False)])
    alice = await served.join("meet.quiet")
    assert alice["chat_enabled"] is False
    response = await served.post("meet.quiet", "message", alice["token"], {"payload": "hi"})
    assert response.json() == {"status": "success", "result": False}
    assert served.node.messages == []
