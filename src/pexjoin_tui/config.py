"""The settings file: the last node, alias and name, and recent meetings. Never a PIN."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import platformdirs
from pydantic import BaseModel, Field, ValidationError

log = logging.getLogger(__name__)

APP_NAME = "pexjoin-tui"
RECENT_LIMIT = 10


class RecentMeeting(BaseModel):
    node: str
    alias: str


class Settings(BaseModel):
    node: str = ""
    alias: str = ""
    display_name: str = ""
    recent: list[RecentMeeting] = Field(default_factory=list)

    def remember(self, node: str, alias: str, display_name: str) -> None:
        """Record a meeting that was joined; the newest comes first."""
        self.node, self.alias, self.display_name = node, alias, display_name
        entry = RecentMeeting(node=node, alias=alias)
        self.recent = [entry, *(r for r in self.recent if r != entry)][:RECENT_LIMIT]


def settings_path() -> Path:
    override = os.environ.get("PEXJOIN_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; a missing or damaged file gives the defaults, never a crash."""
    path = path or settings_path()
    try:
        return Settings.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return Settings()
    except (OSError, ValidationError) as error:
        log.warning("ignoring unreadable settings file %s: %s", path, type(error).__name__)
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically so a crash mid-write cannot leave a half file behind."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, prefix=".settings-", suffix=".tmp", delete=False
        ) as handle:
            handle.write(settings.model_dump_json(indent=2))
        os.replace(handle.name, path)
    except OSError as error:
        # Not being remembered is a small loss; failing to join over it would be a big one.
        log.warning("could not save settings to %s: %s", path, error)
