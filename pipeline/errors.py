"""Errors that name the file and the reason."""

from __future__ import annotations

from pathlib import Path


class DataFileError(ValueError):
    """A versioned data file (lexicon, dictionary, annotation) has a malformed entry."""

    def __init__(self, path: str | Path, entry: str, problem: str) -> None:
        self.path, self.entry, self.problem = str(path), entry, problem
        super().__init__(f"{path}: {entry}: {problem}")


class ContractError(ValueError):
    """A stage output violates its data contract (see DESIGN.md)."""
