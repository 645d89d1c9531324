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

from pipeline.clean.ingest import (
    check_metadata,
    inside,
    list_corpus,
    read_metadata,
    require_articles,
)
from pipeline.clean.lines import LineClassifier, load_line_lexicon
from pipeline.clean.rules import load_rules
from pipeline.clean.stage import clean_tables, removed_by_rule, summarise_reasons
from pipeline.io import write_metrics, write_table
from pipeline.notebook import configure_pandas, setup
from pipeline.persist import load_skops
from pipeline.shards import compute_params

root, cfg = setup("clean", params)
configure_pandas()
cfg

# %% [markdown]
# ## Read and clean the corpus
# The kernel lists the files and hashes their bytes; each shard reads, decodes and cleans its
# own files (cached, on Dask: params.yaml `compute`, which never changes an output). The
# outputs are assembled as Arrow tables and written; this notebook then keeps the articles
# without their bodies and the cleaning log.

# %%
rules = load_rules(rules_path)
inputs = list_corpus(raw_dir, int(cfg.max_file_mb * 1e6))
classifier = LineClassifier(load_skops(line_model_path), load_line_lexicon(line_lexicon_path))
tables = clean_tables(
    inputs.items,
    read_metadata(Path(raw_dir)),
    rules,
    cfg,
    classifier=classifier,
    sharded=(root, compute_params(root), (rules_path, line_lexicon_path, line_model_path)),
)
sources = require_articles(tables.articles.column("source").to_pylist(), raw_dir)
write_table(tables.articles, articles_path, "articles")
write_table(tables.cleaning_log, cleaning_log_path, "cleaning_log")
first_body = tables.articles.column("body")[0].as_py()
articles = tables.articles.drop_columns(["body"]).to_pandas()
cleaning_log = tables.cleaning_log.to_pandas()
del tables  # the bodies are in the file now
warnings = inputs.warnings + check_metadata(Path(raw_dir), sources)
for line in summarise_reasons(articles):
    print(line)

# %% [markdown]
# ## Warnings: inputs that are not articles, metadata rows that change nothing
# Hidden files and folders, DVC pointers, special files and `metadata.csv` rows naming no file of
# the corpus or giving a publication date that is no date. They are also in `clean.json`.

# %%
display(pd.DataFrame({"warning": warnings}, dtype="object"))

# %% [markdown]
# ## The corpus

# %%
display(articles)

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
raw_path = Path(raw_dir) / sources[0].split("#")[0]
if raw_path.suffix == ".txt" and inside(raw_path, Path(raw_dir).resolve()):  # no link out
    print(raw_path.read_text(encoding="utf-8", errors="replace")[:1500])
print("\n──── clean body ────\n")
print(first_body[:1500])

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
    "n_warnings": len(warnings),
    "warnings": warnings,
}
write_metrics("clean", metrics, details_path, metrics_path)
metrics
