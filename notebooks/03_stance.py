# %% [markdown]
# # 03 · Stance: alignment and framing, traceable to sentences
#
# **alignment**: where the text says the focal state stands (−1 Russian bloc … +1 Western bloc),
# from the *evidence sentences* that name the focal state (or a quoted official's "kami") and a
# bloc actor. Each is scored by the cue lexicon (relations with cue, negation and modality), by a
# learned model (TF-IDF + logistic regression, fitted by the `train` stage on the development
# corpus's `tune` pages), and by their combination; `params.yaml` `stance.method` chooses which
# scores make `article_stance`. This stage reads no gold label: its evaluation is the `evaluate`
# stage's, on annotated pages (`notebooks/06_evaluate.py`).
# **framing**: whose side the text itself takes, from evaluative language that is the outlet's own
# (not quoted, not attributed), wire sourcing and quoted voices. Logic: `pipeline/stance/`; cues:
# `data/lexicons/stance.yaml`; annotation guidelines: `docs/annotation.md`.

# %% tags=["parameters"]
params = None  # this stage's section of params.yaml; None reads params.yaml
articles_path = "data/interim/articles.parquet"
sentences_path = "data/processed/sentences.parquet"
mentions_path = "data/processed/mentions.parquet"
lexicon_path = "data/lexicons/stance.yaml"
model_path = "data/models/stance_model.skops"
relations_path = "data/processed/relations.parquet"
sentence_stance_path = "data/processed/sentence_stance.parquet"
stance_path = "data/processed/article_stance.parquet"
components_path = "data/processed/framing_components.parquet"
aggregates_path = "data/processed/aggregates.parquet"
summary_path = "data/processed/stance_summary.json"
monthly_path = "reports/plots/alignment_by_month.csv"
details_path = "reports/stance-details.json"
metrics_path = "reports/metrics/stance.json"

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from pipeline.io import read_table, write_json, write_metrics, write_table
from pipeline.notebook import configure_pandas, setup
from pipeline.shards import compute_params
from pipeline.stance.lexicon import load_lexicon
from pipeline.stance.outlets import framing_by_outlet, framing_records
from pipeline.stance.scoring import monthly, stance_summary
from pipeline.stance.sharded import ARTICLE_COLUMNS, measure_stance_sharded
from pipeline.stance.units import aggregate_units, corpus_units
from pipeline.stance.views import article_heading, evidence_view, relations_view

root, cfg = setup("stance", params)
configure_pandas()
cfg

# %% [markdown]
# ## Scoring
# Relations are coded in every evidence sentence; every evidence sentence gets a score from
# each method (the model is the `train` stage's), and articles are scored from the chosen
# method's.

# %%
# Kept articles only (nothing else is scored), and only the columns this stage reads.
articles = read_table(articles_path, "articles", ARTICLE_COLUMNS, ("status", "kept"))
sentences = read_table(sentences_path, "sentences")
mentions = read_table(mentions_path, "mentions")
lexicon = load_lexicon(lexicon_path)
# Per-article work in cached shards, on Dask (params.yaml `compute`; never changes an output).
relations, sentence_stance, stance, components = measure_stance_sharded(
    articles,
    sentences,
    mentions,
    lexicon,
    model_path,  # loaded only if a shard is not cached
    cfg,
    sharded=(root, compute_params(root), (lexicon_path, model_path)),
)
articles = articles.drop(columns="body")  # only the shards read the bodies
aggregates = aggregate_units(stance, articles, cfg)  # month/wire count cfg.count_unit
by_month = monthly(aggregates)
summary = {
    **stance_summary(corpus_units(stance, articles, cfg.count_unit)[0], cfg),
    "count_unit": cfg.count_unit,  # what "articles", the means and the trend count
}
summary["framing_by_outlet"] = framing_records(framing_by_outlet(stance, components))

write_table(relations, relations_path, "relations")
write_table(sentence_stance, sentence_stance_path, "sentence_stance")
write_table(stance, stance_path, "article_stance")
write_table(components, components_path, "framing_components")
write_table(aggregates, aggregates_path, "aggregates")
write_json(summary, summary_path)
Path(monthly_path).parent.mkdir(parents=True, exist_ok=True)
by_month.to_csv(monthly_path, index=False, lineterminator="\n")
display(
    Markdown(
        f"{len(sentence_stance)} evidence sentences, {len(relations)} relations in "
        f"{relations['doc_id'].nunique()} articles; lexicon {lexicon.version}; method "
        f"**{cfg.method}**."
    )
)

# %% [markdown]
# ## Relations per article, with cue and negation

# %%
display(relations_view(relations, sentences, articles))

# %% [markdown]
# ## Article scores and the evidence behind them
# Aggregation rule: article alignment = clip(Σ sentence scores / (prior_strength + dilution × n),
# −1, 1); with the values chosen by CV grouped by outlet on tune (4 and 0) that is a quarter of
# the sum of its evidence sentences' scores, clipped. `contribution` is each sentence's share
# (its score over that denominator); the interval is a percentile bootstrap over the article's
# evidence sentences. Each evidence sentence is listed with all three methods' scores and the
# lexicon's cues, for a sample of articles (the ones with most evidence): every article's
# sentences are in `sentence_stance.parquet` and in the report's evidence explorer.

# %%
scores = stance.merge(components, on="doc_id").merge(
    articles[["doc_id", "source", "title"]], on="doc_id"
)
display(scores.sort_values("published", na_position="last"))

# %%
SAMPLE_ARTICLES = 8  # articles whose evidence is listed here (a bounded notebook at any size)
sample = scores.sort_values(["n_evidence", "source"], ascending=[False, True]).head(SAMPLE_ARTICLES)
sample = sample[sample["n_evidence"] > 0]
explained = evidence_view(
    sentence_stance[sentence_stance["doc_id"].isin(sample["doc_id"])],
    relations[relations["doc_id"].isin(sample["doc_id"])],
    sentences[sentences["doc_id"].isin(sample["doc_id"])],
    articles,
)
by_file = sample.set_index("source", drop=False)
display(Markdown(f"Evidence of {len(sample)} of {int((scores['n_evidence'] > 0).sum())} articles:"))
for file, rows in explained.groupby("file", sort=True):
    display(Markdown(article_heading(by_file.loc[file])))
    display(rows.drop(columns="file"))

# %%
dated = scores.dropna(subset=["published"]).sort_values("published")
if len(dated):
    fig, ax = plt.subplots(figsize=(8, 3.5))
    err = [
        dated["alignment"] - dated["alignment_ci_low"],
        dated["alignment_ci_high"] - dated["alignment"],
    ]
    ax.errorbar(
        pd.to_datetime(dated["published"]), dated["alignment"], yerr=err, fmt="o", capsize=4
    )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("alignment (−1 Russia … +1 West)")
    ax.set_title("Article alignment with bootstrap interval")
    fig.tight_layout()
    plt.show()

# %% [markdown]
# ## Alignment by month, outlet and wire, with intervals
# Kept articles with evidence only. A group's interval is a percentile bootstrap over its
# articles' alignment (seeded by the group's name); a group of one article keeps that article's
# own interval over its sentences.

# %%
display(aggregates)
fig, axes = plt.subplots(1, 3, figsize=(12, 3.5), sharey=True)
for ax, (dim, rows) in zip(axes, aggregates.groupby("dimension", sort=False), strict=False):
    x = range(len(rows))
    ax.errorbar(
        x,
        rows["alignment"],
        yerr=[rows["alignment"] - rows["ci_low"], rows["ci_high"] - rows["alignment"]],
        fmt="o",
        capsize=4,
    )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_title(dim)
    ax.set_xticks(list(x), rows["group"].tolist(), rotation=45, ha="right")
axes[0].set_ylim(-1.05, 1.05)
axes[0].set_ylabel("alignment")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Framing components
# Evaluative terms that are the outlet's own (quoted or attributed terms are the speaker's),
# sourcing (Western vs Russian state wires) and the blocs of quoted speakers, each in [−1, 1];
# `framing` is their weighted mean (`framing_weights`).

# %%
display(
    scores[
        [
            "source",
            "framing_evaluative",
            "n_framing_terms",
            "framing_sourcing",
            "framing_voices",
            "framing",
            "framing_label",
        ]
    ]
)

# %%
metrics = {
    "method": cfg.method,
    "evidence_sentences": int(len(sentence_stance)),
    "relations": int(len(relations)),
    "relations_by_type": {
        k: int(v) for k, v in relations["relation"].value_counts().sort_index().items()
    },
    "negated_relations": int(relations["negated"].sum()),
    "articles_scored": int(len(stance)),
    "articles_with_evidence": int((stance["n_evidence"] > 0).sum()),
    "alignment_labels": {
        k: int(v) for k, v in stance["alignment_label"].value_counts().sort_index().items()
    },
    "framing_labels": {
        k: int(v) for k, v in stance["framing_label"].value_counts().sort_index().items()
    },
    "lexicon_version": lexicon.version,
}
write_metrics("stance", metrics, details_path, metrics_path)
metrics
