# %% [markdown]
# # 01 · Clean: every raw article in, clean bodies and trustworthy metadata out
#
# Reads every file in `data/raw/` (`.txt`, `.html`, `.jsonl`, `.csv`), removes boilerplate line by
# line (each removal logged with its rule), extracts outlet, date, wires and dateline, and marks
# excluded and duplicate articles with their reasons. Logic: `pipeline/clean/`. Rules:
# `data/lexicons/boilerplate.yaml`. How well this works on pages of unseen outlets is measured
# by the `evaluate` stage on the annotated development corpus, not here.

# %% tags=["parameters"]
params = None  # this stage's section of params.yaml; None reads params.yaml
raw_dir = "data/raw"
rules_path = "data/lexicons/boilerplate.yaml"
line_lexicon_path = "data/lexicons/line_features.yaml"
line_model_path = "data/models/line_model.skops"
articles_path = "data/interim/articles.parquet"
cleaning_log_path = "data/interim/cleaning_log.parquet"
details_path = "reports/clean-details.json"
metrics_path = "reports/metrics/clean.json"

# %%
from pathlib import Path

import pandas as pd
from IPython.display import display

from pipeline.clean.ingest import read_metadata, require_articles, scan_corpus
from pipeline.clean.lines import LineClassifier, load_line_lexicon
from pipeline.clean.rules import load_rules
from pipeline.clean.stage import clean_corpus, removed_by_rule, summarise_reasons
from pipeline.io import write_metrics, write_table
from pipeline.notebook import configure_pandas, setup
from pipeline.persist import load_skops
from pipeline.shards import compute_params

root, cfg = setup("clean", params)
configure_pandas()
cfg

# %% [markdown]
# ## Read and clean the corpus

# %%
rules = load_rules(rules_path)
corpus = scan_corpus(raw_dir, int(cfg.max_file_mb * 1e6))
records = require_articles(corpus.records, raw_dir)
classifier = LineClassifier(load_skops(line_model_path), load_line_lexicon(line_lexicon_path))
# Per-page work in cached shards, on Dask (params.yaml `compute`; never changes an output).
articles, cleaning_log = clean_corpus(
    records,
    read_metadata(Path(raw_dir)),
    rules,
    cfg,
    classifier=classifier,
    sharded=(root, compute_params(root), (rules_path, line_lexicon_path, line_model_path)),
)
assert len(articles) == len(records), "every raw article must have a row"
write_table(articles, articles_path, "articles")
write_table(cleaning_log, cleaning_log_path, "cleaning_log")
for line in summarise_reasons(articles):
    print(line)

# %% [markdown]
# ## Warnings: inputs that are not articles, metadata rows that change nothing
# Hidden files and folders, DVC pointers, special files and `metadata.csv` rows naming no file of
# the corpus or giving a publication date that is no date. They are also in `clean.json`.

# %%
display(pd.DataFrame({"warning": corpus.warnings}, dtype="object"))

# %% [markdown]
# ## The corpus

# %%
display(articles.drop(columns=["body"]))

# %% [markdown]
# ## Excluded and duplicate articles, with reasons

# %%
display(articles.loc[articles["status"] != "kept", ["source", "status", "reason", "duplicate_of"]])

# %% [markdown]
# ## Removed lines by rule

# %%
display(removed_by_rule(cleaning_log))

# %% [markdown]
# ## One article before and after

# %%
if len(articles):
    first = articles.iloc[0]
    raw_path = Path(raw_dir) / first["source"].split("#")[0]
    if raw_path.suffix == ".txt":
        print(raw_path.read_text(encoding="utf-8", errors="replace")[:1500])
    print("\n──── clean body ────\n")
    print(first["body"][:1500])

# %% [markdown]
# ## Where the dates come from

# %%
display(articles.groupby(["status", "date_source"]).size().rename("articles").to_frame())

# %%
metrics = {
    "articles": int(len(articles)),
    "by_status": {k: int(v) for k, v in articles["status"].value_counts().sort_index().items()},
    "date_sources": {
        k: int(v) for k, v in articles["date_source"].value_counts().sort_index().items()
    },
    "removed_lines": int(len(cleaning_log)),
    "removed_by_rule": {
        k: int(v) for k, v in cleaning_log["rule"].value_counts().sort_index().items()
    },
    "kept_words": int(articles.loc[articles["status"] == "kept", "n_words"].sum()),
    "n_warnings": len(corpus.warnings),
    "warnings": corpus.warnings,
}
write_metrics("clean", metrics, details_path, metrics_path)
metrics
