"""What a handler gets: the request, its conference, the caller and helpers to refuse."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from .conference import Conference
from .participant import Participant
from .records import RequestRecord
from .wire import INVALID_ROLE, NOT_FOUND, Reply, failed, refused

if TYPE_CHECKING:
    from .emulator import Node


@dataclass
class RequestContext:
    node: Node
    request: Request
    conference: Conference
    record: RequestRecord
    body: bytes
    caller: Participant | None = None
    target_uuid: str | None = None

    @property
    def participant(self) -> Participant:
        """The authenticated caller (only for endpoints that need a token)."""
        assert self.caller is not None, "endpoint declared without auth"
        return self.caller

    @property
    def client_address(self) -> str:
        client = self.request.client
        return client.host if client is not None else "unknown"

    def json(self) -> dict[str, Any]:
        """The body as a JSON object ({} when empty); 400 otherwise."""
        if not self.body.strip():
            return {}
        try:
            value = json.loads(self.body)
        except ValueError:
            raise Reply(failed(400, "The request body is not valid JSON")) from None
        if not isinstance(value, dict):
            raise Reply(failed(400, "The request body must be a JSON object"))
        return value

    def caller_is_host(self) -> bool:
        # Like the SDK's canControl: a chair who is in the conference, not waiting outside.
        caller = self.participant
        return caller.is_host and not caller.waiting

    def require_host(self) -> None:
        if not self.caller_is_host():
            raise Reply(refused(INVALID_ROLE))

    def require_host_or_self(self) -> None:
        if self.target_uuid != self.participant.uuid:
            self.require_host()

    def target(self) -> Participant:
        """The participant named in the path; 404 "Not found" when there is none."""
        participant = self.conference.participants.get(self.target_uuid or "")
        if participant is None:
            raise Reply(failed(404, NOT_FOUND))
        return participant
