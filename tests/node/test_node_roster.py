"""GET participants, conference_status and theme/ as raw JSON."""

from __future__ import annotations

from .helpers import (
    PARTICIPANT_OPTIONAL,
    PARTICIPANT_REQUIRED,
    STATUS_OPTIONAL,
    STATUS_REQUIRED,
    Served,
    shape_problems,
)


async def test_participants_have_every_required_field_with_exact_types(served: Served) -> None:
    alice = await served.join("meet.busy", "Alice")
    response = await served.get("meet.busy", "participants", alice["token"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == "success"
    people = body["result"]
    assert len(people) == 13  # 12 seeded people and Alice
    for person in people:
        assert shape_problems(person, PARTICIPANT_REQUIRED, PARTICIPANT_OPTIONAL) == [], person
        assert person["local_alias"] == "meet.busy"
        assert isinstance(person["start_time"], float)
        assert person["receive_from_video_mix"]["mix_name"] == "main"
    me = next(p for p in people if p["uuid"] == alice["participant_uuid"])
    assert me["protocol"] == "api"
    assert me["has_media"] is False
    assert (me["is_audio_only_call"], me["is_video_call"]) == ("NO", "NO")
    assert me["role"] == "chair"
    assert me["service_type"] == "conference"
    others = [p for p in people if p is not me]
    assert {p["protocol"] for p in others} <= {"webrtc", "sip"}
    assert all(p["has_media"] is True for p in others)
    assert all("YES" in (p["is_audio_only_call"], p["is_video_call"]) for p in others)


async def test_a_guest_entry(served: Served) -> None:
    guest = await served.join("meet.pin", "Gus", pin="5678")
    people = (await served.get("meet.pin", "participants", guest["token"])).json()["result"]
    assert [(p["display_name"], p["role"], p["is_muted"]) for p in people] == [
        ("Gus", "guest", "NO")
    ]


async def test_supports_direct_chat_is_echoed_from_the_request(served: Served) -> None:
    response = await served.request_token("meet.open", "Dee", supports_direct_chat=True)
    result = response.json()["result"]
    people = (await served.get("meet.open", "participants", result["token"])).json()["result"]
    assert people[0]["supports_direct_chat"] is True


async def test_conference_status(served: Served) -> None:
    alice = await served.join("meet.open")
    response = await served.get("meet.open", "conference_status", alice["token"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    result = response.json()["result"]
    assert shape_problems(result, STATUS_REQUIRED, STATUS_OPTIONAL) == []
    assert (result["locked"], result["guests_muted"], result["started"]) == (False, False, True)


async def test_theme_is_204(served: Served) -> None:
    alice = await served.join("meet.open")
    response = await served.get("meet.open", "theme/", alice["token"])
    assert response.status_code == 204
    assert response.content == b""


async def test_participants_of_a_large_meeting_are_fast(serve) -> None:
    from pexjoin_tui.node import Meeting

    served = serve([Meeting("meet.open", "Open", people=20_000)])
    alice = await served.join("meet.open")
    response = await served.get("meet.open", "participants", alice["token"])
    people = response.json()["result"]
    assert len(people) == 20_001
    assert len({p["uuid"] for p in people}) == 20_001


def test_the_fast_encoder_agrees_with_the_wire_dict() -> None:
    import json

    from pexjoin_tui.node import Participant

    odd = ['Quote " and \\ back', "Line\nbreak", "Zoë 李雷 \u0007", "</script>"]
    for index, name in enumerate(odd):
        for protocol, audio_only in (("api", False), ("webrtc", False), ("sip", True)):
            person = Participant(
                uuid=f"u{index}",
                display_name=name,
                role="guest",
                protocol=protocol,
                local_alias="meet.open",
                audio_only=audio_only,
                muted=True,
                buzz_time=1.5,
                call_tag=name,
            )
            assert json.loads(person.json()) == person.to_wire()


async def test_a_name_with_a_lone_surrogate_is_cleaned(served: Served) -> None:
    response = await served.http.post(
        served.url("meet.open", "request_token"),
        content=b'{"display_name": "Bad \\ud800 name"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["result"]["display_name"] == "Bad ? name"
