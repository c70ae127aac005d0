"""One participant as the node knows it, and its wire JSON (reference section 3)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from .wire import dumps

CHAIR = "chair"
GUEST = "guest"
CONFERENCE = "conference"
WAITING_ROOM = "waiting_room"

_BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
_ROOM_SYSTEM = "Cisco Codec SoftwareID=ce11.20 MCU=Cisco Room Kit"


def flag(value: bool) -> str:
    return "YES" if value else "NO"


# Fields that never change, serialised once; json() appends them to every participant.
_STATIC_FIELDS: dict[str, Any] = {
    "call_direction": "in",
    "is_video_silent": False,
    "encryption": "On",
    "external_node_uuid": "",
    "is_external": False,
    "is_streaming_conference": False,
    "is_conjoined": False,
    "is_idp_authenticated": False,
    "is_transferring": False,
    "is_main_video_dropped_out": False,
    "needs_presentation_in_mix": False,
    "show_live_captions": False,
    "mute_supported": "YES",
    "disconnect_supported": "YES",
    "transfer_supported": "YES",
    "fecc_supported": "NO",
    "rx_presentation_policy": "ALLOW",
    "can_receive_personal_mix": False,
    "receive_from_video_mix": {"mix_name": "main", "timestamp": 0},
}
_STATIC_JSON = dumps(_STATIC_FIELDS).decode()[1:-1]
_BOOL = {True: "true", False: "false"}
_FLAG = {True: '"YES"', False: '"NO"'}


@dataclass(eq=False)
class Participant:
    """A person in a conference: an API client (protocol "api") or a simulated one."""

    uuid: str
    display_name: str
    role: str  # "chair" (host) or "guest"
    protocol: str  # "api", "webrtc", "sip"
    local_alias: str
    service_type: str = CONFERENCE
    start_time: float = field(default_factory=time.time)
    muted: bool = False
    client_muted: bool = False
    video_muted: bool = False
    presenting: bool = False
    spotlight: float = 0.0
    buzz_time: float = 0.0
    last_spoken_time: float = 0.0
    audio_only: bool = False
    call_tag: str = ""
    vendor: str = ""
    uri: str = ""
    supports_direct_chat: bool = False
    simulated: bool = False
    # Node bookkeeping, never on the wire.
    held_by_lock: bool = False
    wait_deadline: float | None = None
    token_deadline: float | None = None  # monotonic expiry of the newest token
    tokens: list[str] = field(default_factory=list)
    _json: bytes | None = field(default=None, repr=False)
    _create_frame: bytes | None = field(default=None, repr=False)

    @property
    def is_host(self) -> bool:
        return self.role == CHAIR

    @property
    def waiting(self) -> bool:
        return self.service_type == WAITING_ROOM

    @property
    def has_media(self) -> bool:
        return self.protocol != "api"

    def changed(self) -> None:
        """Forget the cached JSON; call after every change to a wire field."""
        self._json = None
        self._create_frame = None

    def to_wire(self) -> dict[str, Any]:
        """The participant object of reference section 3."""
        media = self.has_media
        video = media and not self.audio_only
        return {
            "uuid": self.uuid,
            "display_name": self.display_name,
            "overlay_text": self.display_name,
            "role": self.role,
            "service_type": self.service_type,
            "protocol": self.protocol,
            "has_media": media,
            "is_audio_only_call": flag(media and self.audio_only),
            "is_video_call": flag(video),
            "is_muted": flag(self.muted),
            "is_client_muted": self.client_muted,
            "is_video_muted": self.video_muted,
            "is_presenting": flag(self.presenting),
            "spotlight": float(self.spotlight),
            "buzz_time": float(self.buzz_time),
            "start_time": float(self.start_time),
            "last_spoken_time": float(self.last_spoken_time),
            "local_alias": self.local_alias,
            "uri": self._uri(),
            "vendor": self._vendor(),
            "presentation_supported": flag(video),
            "supports_direct_chat": self.supports_direct_chat,
            "call_tag": self.call_tag,
            "api_url": f"/participants/{self.uuid}",
            **_STATIC_FIELDS,
        }

    def _uri(self) -> str:
        return self.uri or self.display_name

    def _vendor(self) -> str:
        return self.vendor or (_ROOM_SYSTEM if self.protocol == "sip" else _BROWSER)

    def _encode(self) -> bytes:
        # The same object as to_wire(), written directly: about 4x faster than json.dumps
        # of a dict, which matters for 20,000-person rosters (a test checks they agree).
        q = encode_basestring
        media = self.has_media
        video = media and not self.audio_only
        return (
            f'{{"uuid":{q(self.uuid)},"display_name":{q(self.display_name)},'
            f'"overlay_text":{q(self.display_name)},"role":{q(self.role)},'
            f'"service_type":{q(self.service_type)},"protocol":{q(self.protocol)},'
            f'"has_media":{_BOOL[media]},"is_audio_only_call":{_FLAG[media and self.audio_only]},'
            f'"is_video_call":{_FLAG[video]},"is_muted":{_FLAG[bool(self.muted)]},'
            f'"is_client_muted":{_BOOL[bool(self.client_muted)]},'
            f'"is_video_muted":{_BOOL[bool(self.video_muted)]},'
            f'"is_presenting":{_FLAG[bool(self.presenting)]},'
            f'"spotlight":{float(self.spotlight)!r},"buzz_time":{float(self.buzz_time)!r},'
            f'"start_time":{float(self.start_time)!r},'
            f'"last_spoken_time":{float(self.last_spoken_time)!r},'
            f'"local_alias":{q(self.local_alias)},"uri":{q(self._uri())},'
            f'"vendor":{q(self._vendor())},"presentation_supported":{_FLAG[video]},'
            f'"supports_direct_chat":{_BOOL[bool(self.supports_direct_chat)]},'
            f'"call_tag":{q(self.call_tag)},"api_url":{q("/participants/" + self.uuid)},'
            f"{_STATIC_JSON}}}"
        ).encode()

    def json(self) -> bytes:
        # Cached: a 20,000-person roster is serialised once, not on every connect.
        if self._json is None:
            self._json = self._encode()
        return self._json

    def create_frame(self) -> bytes:
        if self._create_frame is None:
            self._create_frame = b"event: participant_create\ndata: " + self.json() + b"\n\n"
        return self._create_frame
