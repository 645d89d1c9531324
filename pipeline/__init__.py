"""Haluan: how Indonesian-language news depicts geopolitical alignment."""

__version__ = "0.1.0"
