"""The Textual app: one screen per connection state."""

from .app import PexjoinApp

__all__ = ["PexjoinApp"]
