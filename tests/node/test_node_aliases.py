"""Aliases: raw and percent-encoded forms, an encoded "/" and case."""

from __future__ import annotations

from pexjoin_tui.node import Meeting

from .helpers import Served, quiet_samples


async def test_percent_encoded_and_raw_aliases_are_the_same(served: Served) -> None:
    base = f"{served.base}/api/client/v2/conferences"
    encoded = await served.http.post(
        f"{base}/meet%2Eopen/request_token", json={"display_name": "Enc"}
    )
    raw = await served.http.post(f"{base}/meet.open/request_token", json={"display_name": "Raw"})
    assert encoded.status_code == raw.status_code == 200
    names = {p.display_name for p in served.roster("meet.open").values()}
    assert names == {"Enc", "Raw"}
    token = raw.json()["result"]["token"]
    people = await served.http.get(f"{base}/meet%2eopen/participants", headers={"token": token})
    assert len(people.json()["result"]) == 2


async def test_an_alias_with_an_encoded_slash(serve) -> None:
    served = serve([*quiet_samples(), Meeting("team/standup", "Stand-up")])
    base = f"{served.base}/api/client/v2/conferences"
    response = await served.http.post(
        f"{base}/team%2Fstandup/request_token", json={"display_name": "Sue"}
    )
    assert response.status_code == 200
    assert response.json()["result"]["conference_name"] == "Stand-up"
    token = response.json()["result"]["token"]
    async with served.events("team/standup", token) as events:
        assert (await events.next())[0] == "conference_update"
    # Unencoded, the "/" splits the path: "team" is no conference.
    split = await served.http.post(f"{base}/team/standup/request_token", json={"display_name": "X"})
    assert split.status_code == 404
    assert split.json()["result"] == "Neither conference nor gateway found"
    record = next(r for r in served.node.requests if r.route == "events")
    assert record.alias == "team/standup"
    assert record.path.endswith("/team%2Fstandup/events")


async def test_a_non_ascii_alias(serve) -> None:
    served = serve([Meeting("réunion@example.com", "Réunion")])
    result = await served.join("réunion@example.com")  # sent as r%C3%A9union%40example.com
    assert result["service_name"] == "Réunion"


async def test_aliases_match_without_regard_to_case(served: Served) -> None:
    result = await served.join("MEET.Open")
    assert result["role"] == "HOST"
