"""Virtual meeting rooms (VMRs) the emulated node hosts: built-in samples and TOML files."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, fields
from typing import Any

# Pexip PINs are 4-10 characters: digits, optionally ending in "#".
PIN_PATTERN = re.compile(r"^[0-9]{3,9}[0-9#]$")


class MeetingConfigError(ValueError):
    """A meeting definition (usually from a TOML file) that the node cannot use."""


@dataclass(frozen=True)
class Meeting:
    """The configuration of one VMR."""

    alias: str
    name: str
    host_pin: str | None = None
    guest_pin: str | None = None
    locked: bool = False
    simulate: bool = False
    people: int = 0
    chat_enabled: bool = True
    # None: guests wait only where they need no PIN (section 11); True/False overrides.
    guests_wait_for_host: bool | None = None

    def __post_init__(self) -> None:
        if not self.alias.strip():
            raise MeetingConfigError("A meeting needs a non-empty alias.")
        for label, pin in (("host_pin", self.host_pin), ("guest_pin", self.guest_pin)):
            if pin is not None and not PIN_PATTERN.match(pin):
                raise MeetingConfigError(
                    f"Meeting {self.alias!r}: {label} must be 4-10 digits, optionally ending in #."
                )
        if self.guest_pin is not None and self.host_pin is None:
            # Pexip only allows a guest PIN on a VMR that also has a host PIN.
            raise MeetingConfigError(f"Meeting {self.alias!r}: a guest_pin needs a host_pin too.")
        if self.guest_pin is not None and self.guest_pin == self.host_pin:
            raise MeetingConfigError(f"Meeting {self.alias!r}: host and guest PINs must differ.")
        if self.people < 0:
            raise MeetingConfigError(f"Meeting {self.alias!r}: people cannot be negative.")

    @property
    def waits_for_host(self) -> bool:
        """Guests are held until a host arrives, and sent away when the last host leaves.

        By default only where guests need no PIN (section 11 of the reference).
        """
        if self.host_pin is None:
            return False  # without a host PIN everyone is a host
        if self.guests_wait_for_host is not None:
            return self.guests_wait_for_host
        return self.guest_pin is None

    def describe_access(self) -> str:
        """A short human description of the PINs, for the CLI banner."""
        if self.host_pin is None:
            return "no PIN (everyone joins as host)"
        wait = "; guests wait for a host" if self.waits_for_host else ""
        if self.guest_pin is None:
            return f"host PIN {self.host_pin}; guests need no PIN{wait}"
        return f"host PIN {self.host_pin}, guest PIN {self.guest_pin}{wait}"


def sample_meetings() -> list[Meeting]:
    """The meetings every emulated node offers unless told otherwise."""
    return [
        Meeting(alias="meet.open", name="Open meeting"),
        Meeting(alias="meet.pin", name="PIN meeting", host_pin="1234", guest_pin="5678"),
        Meeting(alias="meet.hostpin", name="Host PIN meeting", host_pin="1234"),
        Meeting(alias="meet.busy", name="Busy meeting", simulate=True, people=12),
    ]


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "alias": (str,),
    "name": (str,),
    "host_pin": (str,),
    "guest_pin": (str,),
    "locked": (bool,),
    "simulate": (bool,),
    "people": (int,),
    "chat_enabled": (bool,),
    "guests_wait_for_host": (bool,),
}


def _meeting_from_table(table: dict[str, Any], where: str) -> Meeting:
    known = {field.name for field in fields(Meeting)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise MeetingConfigError(f"{where}: unknown key {unknown[0]!r} (known: {sorted(known)}).")
    for key, value in table.items():
        allowed = _FIELD_TYPES[key]
        # bool is an int subclass: "people = true" must not pass as 1.
        if not isinstance(value, allowed) or (bool not in allowed and isinstance(value, bool)):
            hint = ' (write PINs as strings, e.g. host_pin = "1234")' if "pin" in key else ""
            raise MeetingConfigError(
                f"{where}: {key} must be {' or '.join(t.__name__ for t in allowed)}{hint}."
            )
    if "alias" not in table:
        raise MeetingConfigError(f"{where}: every meeting needs an alias.")
    table = {"name": table["alias"], **table}
    try:
        return Meeting(**table)
    except MeetingConfigError as error:
        raise MeetingConfigError(f"{where}: {error}") from None


def load_meetings(path: str | os.PathLike[str]) -> list[Meeting]:
    """Read `[[meeting]]` tables from a TOML file; raises MeetingConfigError with a sentence."""
    try:
        with open(path, "rb") as file:
            document = tomllib.load(file)
    except OSError as error:
        raise MeetingConfigError(f"Cannot read {os.fspath(path)}: {error.strerror}.") from None
    except tomllib.TOMLDecodeError as error:
        raise MeetingConfigError(f"{os.fspath(path)} is not valid TOML: {error}.") from None
    tables = document.get("meeting", [])
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise MeetingConfigError(f"{os.fspath(path)}: meetings must be [[meeting]] tables.")
    meetings: list[Meeting] = []
    seen: set[str] = set()
    for index, table in enumerate(tables, start=1):
        meeting = _meeting_from_table(table, f"{os.fspath(path)}, meeting {index}")
        if meeting.alias.casefold() in seen:
            raise MeetingConfigError(f"{os.fspath(path)}: alias {meeting.alias!r} appears twice.")
        seen.add(meeting.alias.casefold())
        meetings.append(meeting)
    return meetings


def merge_meetings(base: list[Meeting], extra: list[Meeting]) -> list[Meeting]:
    """`base` with `extra` added; a meeting in `extra` replaces one with the same alias."""
    replaced = {meeting.alias.casefold() for meeting in extra}
    return [meeting for meeting in base if meeting.alias.casefold() not in replaced] + extra
