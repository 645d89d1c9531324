"""Parameters (``params.yaml``): typed, validated before any work is done."""

from __future__ import annotations

from pathlib import Path
from string import Formatter
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ENTITY_ID = r"^([A-Z]{2,5}|person:[a-z0-9-]+|loc:[a-z0-9-]+)$"
TITLE_PLACEHOLDERS = ("focal",)  # what a report title template may name: {focal}


class ParamsError(ValueError):
    """``params.yaml`` is missing, unreadable, or has a bad key or value."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CleanParams(_Strict):
    """Cleaning and ingestion."""

    min_words: Annotated[int, Field(ge=1, le=10_000)] = 40
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "id"
    # A normalised line that recurs in at least this many documents *and* this share of
    # the corpus is treated as template boilerplate (CCNet-style line deduplication).
    repeated_line_min_docs: Annotated[int, Field(ge=2)] = 3
    repeated_line_min_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    max_file_mb: Annotated[float, Field(gt=0)] = 20.0
    # An article (its text before cleaning) longer than this is excluded ("too long"): it bounds
    # the time and memory one page can take in every stage.
    max_words: Annotated[int, Field(ge=1, le=10_000_000)] = 20_000
    near_duplicate_threshold: Annotated[float, Field(gt=0, le=1)] = 0.45
    # A line no rule decided stays in the body when the line classifier gives it at least this
    # probability of being body (chosen by cross-validation grouped by outlet on tune lines).
    line_body_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.3
    # Rewrites of one story: Jaccard of the articles' numbers and names, dates this close.
    story_threshold: Annotated[float, Field(gt=0, le=1)] = 0.4
    story_max_days: Annotated[int, Field(ge=0, le=365)] = 7

    @model_validator(mode="after")
    def _word_bounds(self) -> CleanParams:
        if self.max_words < self.min_words:
            raise ValueError(f"max_words {self.max_words} < min_words {self.min_words}")
        return self


class Blocs(_Strict):
    russia: list[Annotated[str, Field(pattern=ENTITY_ID)]]
    west: list[Annotated[str, Field(pattern=ENTITY_ID)]]

    @model_validator(mode="after")
    def _disjoint(self) -> Blocs:
        both = sorted(set(self.russia) & set(self.west))
        if both:
            raise ValueError(f"an actor cannot be in both blocs: {both}")
        if not self.russia or not self.west:
            raise ValueError("both blocs need at least one actor")
        return self


class EntitiesParams(_Strict):
    """Entity tagging: focal state and bloc membership."""

    focal: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "ARM"
    blocs: Blocs = Blocs(
        russia=["RUS", "CSTO", "EAEU", "BLR"], west=["USA", "EU", "NATO", "FRA", "GBR", "DEU"]
    )

    @model_validator(mode="after")
    def _focal_not_in_bloc(self) -> EntitiesParams:
        if self.focal in self.blocs.russia or self.focal in self.blocs.west:
            raise ValueError(f"focal state {self.focal} cannot also be in a bloc")
        return self


class Thresholds(_Strict):
    negative: Annotated[float, Field(ge=-1, le=0)] = -0.2
    positive: Annotated[float, Field(ge=0, le=1)] = 0.2


class FramingWeights(_Strict):
    evaluative: Annotated[float, Field(ge=0)] = 0.6
    sourcing: Annotated[float, Field(ge=0)] = 0.2
    voices: Annotated[float, Field(ge=0)] = 0.2

    @model_validator(mode="after")
    def _positive_total(self) -> FramingWeights:
        if self.evaluative + self.sourcing + self.voices <= 0:
            raise ValueError("framing weights must not all be zero")
        return self


class StanceParams(_Strict):
    """Stance scoring."""

    alignment_thresholds: Thresholds = Thresholds(negative=-0.2, positive=0.2)
    framing_thresholds: Thresholds = Thresholds(negative=-0.25, positive=0.25)
    framing_weights: FramingWeights = FramingWeights()
    bootstrap_samples: Annotated[int, Field(ge=100, le=100_000)] = 2000
    ci_level: Annotated[float, Field(gt=0.5, lt=1)] = 0.9
    seed: int = 20201031
    # Article alignment = clip(sum of sentence scores / (prior_strength + dilution * n), -1, 1)
    # over its n evidence sentences: dilution 1 is the shrunk mean (zero-score sentences pull
    # it towards 0), dilution 0 a scaled sum (params.yaml: 4 and 0 at ±0.2, the rule that
    # leave-one-outlet-out CV on tune picks, see methods.aggregation_cv).
    prior_strength: Annotated[float, Field(ge=0)] = 4.0
    dilution: Annotated[float, Field(ge=0, le=1)] = 0.0
    # Which sentence scores make article_stance: the cue lexicon, the learned model, or both.
    method: Literal["lexicon", "model", "combined"] = "model"
    # A sentence counts as pro-Russian / pro-Western evidence at |score| >= this (evaluation).
    sentence_threshold: Annotated[float, Field(gt=0, lt=1)] = 0.25
    model_c: Annotated[float, Field(gt=0, le=1000)] = 4.0  # inverse regularisation strength
    model_weight: Annotated[float, Field(ge=0, le=1)] = 0.5  # share of the model in "combined"
    cv_folds: Annotated[int, Field(ge=2, le=20)] = 5  # grouped by article
    # What corpus-level figures (month and wire aggregates, corpus means, trend) count: every
    # article, or every story once (rewrites linked by the clean stage's story_id).
    count_unit: Literal["articles", "stories"] = "articles"

    @model_validator(mode="after")
    def _denominator_positive(self) -> StanceParams:
        if self.prior_strength + self.dilution <= 0:
            raise ValueError("prior_strength + dilution must be > 0 (the article denominator)")
        return self


class ReportParams(_Strict):
    """The HTML report."""

    # "{focal}" stands for the focal state's name (its label in the actor dictionary).
    title: Annotated[str, Field(min_length=1, max_length=200)] = (
        "Haluan: {focal} between Russia and the West in Indonesian news"
    )
    top_actors: Annotated[int, Field(ge=3, le=100)] = 15
    max_evidence_per_article: Annotated[int, Field(ge=1, le=200)] = 12

    @field_validator("title")
    @classmethod
    def _known_placeholders(cls, title: str) -> str:
        """A ``str.format`` template naming only ``{focal}``, bare (no spec, no conversion)."""
        try:
            fields = [(n, s, c) for _, n, s, c in Formatter().parse(title) if n is not None]
        except ValueError as err:
            msg = f"not a valid title template: {err} (write {{{{ or }}}} for a literal brace)"
            raise ValueError(msg) from None
        unknown = sorted({name for name, _, _ in fields} - set(TITLE_PLACEHOLDERS))
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            raise ValueError(f"unknown placeholder {names}: only {{focal}} is filled in")
        if any(spec or conversion for _, spec, conversion in fields):
            raise ValueError("write {focal} without a format spec or conversion")
        return title


SCHEDULER_ADDRESS = r"^(tcp|tls|ucx|ws|wss)://[\w.\-\[\]:]+$"


class ComputeParams(_Strict):
    """Where per-article work runs (:mod:`pipeline.shards`). Never changes an output, so no
    stage tracks it in ``dvc.yaml``: changing it re-runs nothing."""

    # "local": a dask.distributed LocalCluster on this machine; "synchronous": in the stage's
    # own process; or the address of a running Dask scheduler ("tcp://10.0.0.5:8786").
    scheduler: str = "local"
    workers: Annotated[int, Field(ge=0, le=1024)] = 0  # LocalCluster processes; 0 = every core
    # Articles are split by a hash of doc_id into the smallest power of two of shards holding
    # at most ``shard_size`` articles each (:func:`pipeline.shards.shard_count`): an added
    # article recomputes a small shard, and two workers get enough shards to balance; the
    # count changes only when the corpus doubles. ``shards`` fixes the count instead.
    shard_size: Annotated[int, Field(ge=1)] = 250
    shards: Annotated[int | None, Field(ge=1, le=65_536)] = None
    # Below this many articles to (re)compute, shards run in the stage's process: starting
    # a cluster costs seconds.
    min_parallel_articles: Annotated[int, Field(ge=0)] = 2000
    cache_dir: Annotated[str, Field(min_length=1)] = ".haluan-cache"  # relative to the root

    @field_validator("scheduler")
    @classmethod
    def _known_scheduler(cls, value: str) -> str:
        """``local``, ``synchronous`` or a scheduler address."""
        import re

        if value in ("local", "synchronous") or re.match(SCHEDULER_ADDRESS, value):
            return value
        raise ValueError("expected local, synchronous or a scheduler address (tcp://host:8786)")


class Params(_Strict):
    clean: CleanParams = CleanParams()
    entities: EntitiesParams = EntitiesParams()
    stance: StanceParams = StanceParams()
    report: ReportParams = ReportParams()
    compute: ComputeParams = ComputeParams()


def _format_errors(err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "(top level)"
        if e["type"] == "extra_forbidden":
            lines.append(f"  {where}: unknown key")
        else:
            lines.append(f"  {where}: {e['msg']} (got {e.get('input')!r})")
    return "\n".join(lines)


def parse_params(data: Any, source: str = "params.yaml") -> Params:
    """Validate a parsed ``params.yaml`` mapping; raise :class:`ParamsError` naming each bad key."""
    if not isinstance(data, dict):
        raise ParamsError(f"{source}: expected a mapping of sections, got {type(data).__name__}")
    try:
        return Params.model_validate(data)
    except ValidationError as err:
        raise ParamsError(f"{source} is invalid:\n{_format_errors(err)}") from None


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with libyaml's C parser when PyYAML has it (about 10x faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def load_params(path: str | Path = "params.yaml") -> Params:
    """Read and validate ``params.yaml``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ParamsError(f"{path}: cannot read ({err.strerror})") from None
    try:
        data = load_yaml(text)
    except yaml.YAMLError as err:
        raise ParamsError(f"{path}: not valid YAML: {err}") from None
    return parse_params(data or {}, str(path))
