"""A masked PIN field that will not hand the PIN to the clipboard."""

from __future__ import annotations

from textual.widgets import Input


class PinInput(Input):
    """Textual's Input copies the real value of a masked field; a PIN must not leave it."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            password=True,
            restrict=r"[0-9#]*",
            max_length=10,
            **kwargs,  # type: ignore[arg-type]
        )

    def action_copy(self) -> None:
        self.notify("Copying a PIN is turned off.", severity="warning", timeout=2)

    def action_cut(self) -> None:
        self.action_copy()
