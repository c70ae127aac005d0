"""Property tests: whatever a node (or a person) sends, only a model or a typed error comes out."""

from __future__ import annotations

import json
from urllib.parse import unquote

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from pexjoin_tui.infinity import (
    AddressError,
    ChatMessage,
    ConferenceStatus,
    InfinityError,
    Participant,
    PinChallenge,
    ProtocolError,
    RefreshedToken,
    Token,
    parse_event,
    parse_node_address,
)
from pexjoin_tui.infinity.events import _PARSERS
from pexjoin_tui.infinity.models import read_model
from pexjoin_tui.infinity.wire import Reply, decode_reply, path_segment, read_challenge

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

MODELS = [Token, RefreshedToken, Participant, ConferenceStatus, ChatMessage, PinChallenge]
FIELD_NAMES = sorted({name for model in MODELS for name in model.model_fields} | {"version", "pin"})
# Dictionaries shaped like the real ones: known keys with arbitrary values, plus strangers.
OBJECTS = st.dictionaries(
    st.sampled_from(FIELD_NAMES) | st.text(max_size=8), JSON_VALUES, max_size=12
)


def dumps(value: object) -> str:
    return json.dumps(value, allow_nan=True)


@settings(max_examples=400, deadline=None)
@given(
    status=st.integers(min_value=100, max_value=599),
    content_type=st.sampled_from(
        ["application/json", "application/json; charset=utf-8", "text/html", "", None]
    )
    | st.text(max_size=30),
    body=st.binary(max_size=200)
    | JSON_VALUES.map(lambda value: dumps(value).encode())
    | st.builds(
        lambda status, result: dumps({"status": status, "result": result}).encode(),
        JSON_VALUES,
        JSON_VALUES | OBJECTS,
    ),
)
def test_decoder_returns_a_reply_or_a_typed_error(
    status: int, content_type: str | None, body: bytes
) -> None:
    try:
        reply = decode_reply(status, content_type, body, node="n.example", alias="meet")
    except InfinityError as error:
        assert error.message and isinstance(error.message, str)
        if isinstance(error, ProtocolError):
            assert len(error.excerpt) <= 80
    else:
        assert isinstance(reply, Reply)
        assert 200 <= status < 300 or (status == 403 and isinstance(reply.result, dict))


@settings(max_examples=400, deadline=None)
@given(
    name=st.sampled_from(sorted(_PARSERS)) | st.text(max_size=20),
    data=st.text(max_size=80) | JSON_VALUES.map(dumps) | OBJECTS.map(dumps),
    event_id=st.text(max_size=5),
)
def test_parse_event_returns_an_event_or_a_protocol_error(
    name: str, data: str, event_id: str
) -> None:
    try:
        event = parse_event(name, data, event_id)
    except ProtocolError:
        assert name in (
            "participant_create",
            "participant_update",
            "participant_delete",
            "conference_update",
            "message_received",
        )
    else:
        assert type(event).__module__ == "pexjoin_tui.infinity.events"


@settings(max_examples=300, deadline=None)
@given(model=st.sampled_from(MODELS), value=OBJECTS | JSON_VALUES, as_text=st.booleans())
def test_models_validate_or_raise_a_protocol_error(model, value, as_text: bool) -> None:
    data = dumps(value) if as_text else value
    try:
        result = read_model(model, data, "something")
    except ProtocolError as error:
        assert len(error.excerpt) <= 80
    else:
        assert isinstance(result, model)


@settings(max_examples=200, deadline=None)
@given(value=OBJECTS)
def test_a_403_question_is_a_challenge_or_a_typed_error(value: dict[str, object]) -> None:
    try:
        challenge = read_challenge(value)
    except InfinityError:
        pass
    else:
        assert isinstance(challenge, PinChallenge)


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=40) | st.from_regex(r"(https?://)?[a-z0-9.:\[\]@/-]{0,30}"))
def test_address_parser_returns_a_base_url_or_an_address_error(text: str) -> None:
    try:
        url = parse_node_address(text)
    except AddressError as error:
        assert error.message.endswith(".")
    else:
        assert isinstance(url, httpx.URL)
        assert url.scheme in ("https", "http") and url.host
        assert url.raw_path == b"/" and not url.query and not url.fragment


@settings(max_examples=400, deadline=None)
@given(text=st.text(min_size=1, max_size=30))
def test_any_alias_is_exactly_one_segment(text: str) -> None:
    segment = path_segment(text)
    assert segment.isascii()
    assert not set(segment) & set("/?#\\ ")
    assert segment not in (".", "..")
    assert unquote(segment) == text
    url = httpx.URL("http://127.0.0.1:9").copy_with(
        raw_path=f"/api/client/v2/conferences/{segment}/request_token".encode()
    )
    assert url.raw_path.count(b"/") == 6
    assert url.raw_path.endswith(b"/request_token")
