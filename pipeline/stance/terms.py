"""The stance lexicon's name for the project's one matcher (:mod:`pipeline.matching`).

Kept for the modules that import ``TermIndex`` from here (the report's evidence explorer).
"""

from __future__ import annotations

from pipeline.matching import Hits, Matcher, blank, scan

TermIndex = Matcher

__all__ = ["Hits", "TermIndex", "blank", "scan"]
