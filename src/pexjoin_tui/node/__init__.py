"""The emulated Pexip Conference Node: Client REST API v2 on Starlette, served by uvicorn.

It behaves like a real Conference Node on the wire (see shared/pexip-client-api.md) for
control-only clients, and lets tests inspect its state and inject faults.
"""

from __future__ import annotations

import logging

from .conference import Conference
from .emulator import Node
from .faults import Faults
from .meetings import Meeting, MeetingConfigError, load_meetings, sample_meetings
from .participant import Participant
from .records import ChatRecord, RequestRecord
from .server import NodeServer

__all__ = [
    "ChatRecord",
    "Conference",
    "Faults",
    "Meeting",
    "MeetingConfigError",
    "Node",
    "NodeServer",
    "Participant",
    "RequestRecord",
    "load_meetings",
    "sample_meetings",
]

# A library stays silent unless the program configures logging (the TUI draws on stderr).
logging.getLogger(__name__).addHandler(logging.NullHandler())
