"""Thuisvraag: a Dutch knowledge assistant on tackling homelessness, answering from cited sources."""

__version__ = "0.1.0"
