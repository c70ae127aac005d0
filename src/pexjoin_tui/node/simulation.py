"""Simulated people for busy meetings: they join, leave, mute, raise hands and chat.

All choices come from one seeded random.Random, so a seed and a number of steps give the
same meeting every time (uuids included).
"""

from __future__ import annotations

import asyncio
import random
import uuid as uuidlib
from collections import deque
from collections.abc import Iterable

from .conference import Conference
from .participant import CHAIR, GUEST, Participant

FEWEST = 8
MOST = 20

FIRST_NAMES = [
    "Ana", "Ben", "Chloé", "Dmitri", "Emeka", "Fatima", "Giulia", "Hiro", "Ingrid", "Jamal",
    "Kirsten", "Luis", "Mei", "Nikolai", "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tomasz",
    "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë",
]  # fmt: skip
LAST_NAMES = [
    "Andersen", "Bakker", "Costa", "Dubois", "Eriksson", "Fischer", "García", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "O'Brien", "Patel",
    "Ødegaard", "Rossi", "Schmidt", "Tanaka", "Ulloa", "Virtanen", "Wójcik", "Zhang",
]  # fmt: skip
# Names that exercise a terminal UI: wide characters, markup-like text, length.
UNUSUAL_NAMES = [
    "李雷",
    "[bold]Mallory[/bold]",
    "Meeting Room 4.12 (Building B, second floor, by the window)",
    "José Ñúñez",
]
PHRASES = [
    "Good morning, everyone!",
    "Can you hear me?",
    "I'll share my screen in a minute.",
    "Sorry, I was on mute.",
    "Could you repeat the last point?",
    "+1",
    "Let's take that offline.",
    "I have a hard stop at the top of the hour.",
    "Thanks, that's really helpful.",
    "The notes are in the shared folder.",
    "Is the recording on?",
    "My connection is a bit unstable today.",
    "Agreed.",
    "Who's taking the action item?",
    "Back in five.",
]
ACTIONS = ["join", "leave", "mute", "hand", "chat", "spotlight", "video", "speak"]
WEIGHTS = [3, 2, 3, 3, 3, 1, 1, 2]


def person_details(rng: random.Random) -> dict[str, object]:
    protocol = rng.choice(["webrtc", "webrtc", "webrtc", "sip"])
    details: dict[str, object] = {"protocol": protocol}
    if protocol == "sip":
        details["audio_only"] = rng.random() < 0.3
    return details


def make_name(rng: random.Random, taken: Iterable[str]) -> str:
    used = set(taken)
    for _ in range(50):
        if rng.random() < 0.08:
            name = rng.choice(UNUSUAL_NAMES)
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in used:
            return name
    return f"Guest {len(used) + 1}"


def make_uuid(rng: random.Random) -> str:
    return str(uuidlib.UUID(int=rng.getrandbits(128), version=4))


def seed_people(
    conference: Conference,
    count: int,
    rng: random.Random,
    *,
    simulated: bool,
    bypass_lock: bool = True,
) -> list[Participant]:
    """Add `count` people; quiet ones (simulated=False) never act, for large rosters.

    People seeded at start-up were there before any lock; later joiners wait like anyone.
    """
    people = []
    taken = {p.display_name for p in conference.participants.values()}
    for index in range(count):
        details = person_details(rng)
        protocol = str(details.pop("protocol"))
        if simulated:
            name = make_name(rng, taken)
            taken.add(name)
            role = CHAIR if rng.random() < 0.25 else GUEST
        else:
            # Cheap, unique and deterministic, even for 20,000 people.
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {index + 1}"
            role = GUEST
        participant = conference.join(
            name,
            role,
            protocol,
            uuid=make_uuid(rng),
            simulated=simulated,
            bypass_lock=bypass_lock,
            muted=rng.random() < 0.4,
            **details,
        )
        people.append(participant)
    return people


class Simulator:
    """Drives the simulated people of every conference whose meeting has `simulate` on."""

    def __init__(
        self, conferences: Iterable[Conference], rng: random.Random, interval: float
    ) -> None:
        self.conferences = [c for c in conferences if c.meeting.simulate]
        self.rng = rng
        self.interval = interval
        self.log: deque[str] = deque(maxlen=1000)  # what happened, for tests and debugging

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.step()

    def step(self) -> None:
        for conference in self.conferences:
            self.act(conference)

    def act(self, conference: Conference) -> None:
        rng = self.rng
        people = [p for p in conference.participants.values() if p.simulated]
        if len(people) < FEWEST:
            action = "join"
        else:
            action = rng.choices(ACTIONS, WEIGHTS)[0]
            # Turn a join into a leave at the top, and the reverse at the bottom.
            if action == "join" and len(people) >= MOST:
                action = "leave"
            elif action == "leave" and len(people) <= FEWEST:
                action = "join"
        if action == "join" or not people:
            (person,) = seed_people(conference, 1, rng, simulated=True, bypass_lock=False)
            self.log.append(f"{conference.alias}: {person.display_name} joins")
            return
        person = rng.choice(people)
        if action == "leave":
            conference.leave(person.uuid)
            self.log.append(f"{conference.alias}: {person.display_name} leaves")
        elif action == "mute":
            conference.update(person, muted=not person.muted)
            self.log.append(f"{conference.alias}: {person.display_name} muted={person.muted}")
        elif action == "hand":
            conference.update(person, buzz=not person.buzz_time)
            raised = bool(person.buzz_time)
            self.log.append(f"{conference.alias}: {person.display_name} hand={raised}")
        elif action == "chat":
            text = rng.choice(PHRASES)
            conference.chat(person, "text/plain", text)
            self.log.append(f"{conference.alias}: {person.display_name} says {text!r}")
        elif action == "spotlight":
            conference.update(person, spotlight=not person.spotlight)
            self.log.append(f"{conference.alias}: {person.display_name} spotlight toggled")
        elif action == "video":
            conference.update(person, video_muted=not person.video_muted)
            self.log.append(f"{conference.alias}: {person.display_name} video toggled")
        else:
            conference.update(person, spoke=True)
            self.log.append(f"{conference.alias}: {person.display_name} speaks")
