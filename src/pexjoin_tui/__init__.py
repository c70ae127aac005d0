"""A terminal client for Pexip Infinity meetings."""

__version__ = "0.1.0"
