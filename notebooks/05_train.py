# %% [markdown]
# # 05 · Train: the sentence model, fitted on the development corpus's `tune` pages
#
# The annotated pages (`data/annotations/dev/`) are cleaned and tagged by the measuring stages'
# own functions, with the corpus's focal state (its labels are about that state). The model
# (TF-IDF word and character n-grams, logistic regression) is fitted on the labelled sentences of
# the `tune` pages plus the synthetic sentences (training only) and saved with skops; the stance
# stage reads it. The `test` pages are never trained on. This stage never reads `data/raw/`.
# Logic: `pipeline/annotated.py`, `pipeline/train.py`, `pipeline/stance/`.

# %% tags=["parameters"]
params = None  # the params.yaml keys this stage tracks; None reads params.yaml
dev_dir = "data/annotations/dev"
synthetic_sentences_path = "data/annotations/synthetic_sentences.csv"
rules_path = "data/lexicons/boilerplate.yaml"
dictionary_path = "data/lexicons/actors.yaml"
lexicon_path = "data/lexicons/stance.yaml"
line_lexicon_path = "data/lexicons/line_features.yaml"
annotated_articles_path = "data/annotated/articles.parquet"
annotated_log_path = "data/annotated/cleaning_log.parquet"
annotated_sentences_path = "data/annotated/sentences.parquet"
annotated_mentions_path = "data/annotated/mentions.parquet"
model_path = "data/models/stance_model.skops"
line_model_path = "data/models/line_model.skops"
details_path = "reports/train-details.json"
metrics_path = "reports/metrics/train.json"

# %%
import pandas as pd
from IPython.display import Markdown, display

from pipeline import annotated, devcorpus
from pipeline.clean.lines import LineClassifier, fit_classifier, load_line_lexicon
from pipeline.clean.rules import load_rules
from pipeline.entities.dictionary import load_dictionary
from pipeline.io import write_metrics, write_table
from pipeline.notebook import configure_pandas, setup
from pipeline.persist import save_skops
from pipeline.stance.gold import load_synthetic
from pipeline.stance.lexicon import load_lexicon
from pipeline.stance.methods import fit_full
from pipeline.stance.model import save_model
from pipeline.train import annotated_training_set, line_cross_validation, line_training_set

root, cfg = setup("train", params)
configure_pandas()

# %% [markdown]
# ## The line classifier, fitted on the `tune` pages' labelled lines
# Body / metadata / boilerplate from shallow features of each line and its neighbours
# (`pipeline/clean/lines.py`); the clean stage applies it to every line no rule decides. The
# cross-validation is grouped by outlet (no outlet on both sides of a fold).

# %%
dev = devcorpus.load(dev_dir)
info = annotated.load_info(dev_dir)
problems = devcorpus.problems(dev)
assert not problems, "development corpus is inconsistent:\n" + "\n".join(problems)
tune = dev.split("tune")
line_lexicon = load_line_lexicon(line_lexicon_path)
line_x, line_y, line_groups = line_training_set(
    dev, tune, line_lexicon, int(cfg.clean.max_file_mb * 1e6)
)
line_cv = line_cross_validation(
    line_x, line_y, line_groups, cfg.clean.line_body_threshold, cfg.stance.seed
)
line_model = fit_classifier(line_x, line_y, cfg.stance.seed)
save_skops(line_model, line_model_path)
display(pd.Series(line_cv, name="line classifier, tune, out of fold").to_frame())

# %% [markdown]
# ## The annotated corpus, through the measuring stages' functions

# %%
processed = annotated.process(
    dev,
    info,
    load_rules(rules_path),
    load_dictionary(dictionary_path),
    cfg.clean,
    cfg.entities,
    LineClassifier(line_model, line_lexicon),
)
write_table(processed.articles, annotated_articles_path, "articles")
write_table(processed.cleaning_log, annotated_log_path, "cleaning_log")
write_table(processed.sentences, annotated_sentences_path, "sentences")
write_table(processed.mentions, annotated_mentions_path, "mentions")
display(
    dev.articles.groupby("split")
    .agg(pages=("id", "size"), outlets=("outlet", "nunique"))
    .join(
        dev.sentences.merge(dev.articles[["id", "split"]])
        .groupby("split")
        .size()
        .rename("sentences")
    )
)

# %% [markdown]
# ## Fit the model on the `tune` sentences

# %%
lexicon = load_lexicon(lexicon_path)
train, unmatched = annotated_training_set(
    dev, tune, processed, load_synthetic(synthetic_sentences_path), lexicon
)
model = fit_full(train, cfg.stance)
save_model(model, model_path)  # skops; load_model(model_path) gives the same scores (tested)
labels = pd.Series(train.labels).value_counts().sort_index()
display(
    Markdown(
        f"Focal state of the labels: **{info.focal}**. Trained on {len(train.texts)} labelled "
        f"sentences of {len(tune)} `tune` pages ({len(set(train.groups))} outlets) and "
        f"{len(train.synthetic_texts)} synthetic sentences; {len(unmatched)} labelled sentences "
        "did not match a pipeline sentence (listed below)."
    )
)
display(unmatched[["file", "text"]].head(30))

# %%
metrics = {
    "focal": info.focal,
    "tune_pages": len(tune),
    "tune_outlets": len(set(train.groups)),
    "sentences": len(train.texts),
    "synthetic_sentences": len(train.synthetic_texts),
    "unmatched_sentences": int(len(unmatched)),
    "label_counts": {str(k): int(v) for k, v in labels.items()},
    "line_classifier": {"training_lines": len(line_y), "cross_validation": line_cv},
}
write_metrics("train", metrics, details_path, metrics_path)
metrics
