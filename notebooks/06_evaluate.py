# %% [markdown]
# # 06 · Evaluate: every stage on annotated pages, out of sample
#
# The development corpus (`data/annotations/dev/`), processed by the `train` stage with the
# measuring stages' own functions, is scored by the stance stage's own sequence with the trained
# model and compared with its labels. **Headline figures are those of the `test` pages** (outlets
# never read while rules, lexicons and features were written). `tune` figures are in-sample for
# the rules and labelled so; the model and the combination are also cross-validated on `tune`,
# grouped by outlet. The measured corpus (`data/raw/`) plays no part here. Logic:
# `pipeline/evaluate.py`, `pipeline/evaluation.py`.

# %% tags=["parameters"]
params = None  # the params.yaml keys this stage tracks; None reads params.yaml
dev_dir = "data/annotations/dev"
gold_mentions_path = "data/annotations/dev/mentions.csv"
synthetic_sentences_path = "data/annotations/synthetic_sentences.csv"
lexicon_path = "data/lexicons/stance.yaml"
rules_path = "data/lexicons/boilerplate.yaml"
line_lexicon_path = "data/lexicons/line_features.yaml"
model_path = "data/models/stance_model.skops"
annotated_articles_path = "data/annotated/articles.parquet"
annotated_log_path = "data/annotated/cleaning_log.parquet"
annotated_sentences_path = "data/annotated/sentences.parquet"
annotated_mentions_path = "data/annotated/mentions.parquet"
details_path = "reports/evaluation-details.json"
metrics_path = "reports/metrics/evaluation.json"

# %%
import pandas as pd
from IPython.display import Markdown, display

from pipeline import annotated, devcorpus
from pipeline.clean.lines import load_line_lexicon
from pipeline.evaluate import (
    SPLIT_NOTES,
    focal_note,
    headline,
    leave_one_outlet_out,
    split_figures,
)
from pipeline.io import read_table, write_metrics
from pipeline.notebook import configure_pandas, setup
from pipeline.stance.gold import load_synthetic
from pipeline.stance.lexicon import load_lexicon
from pipeline.stance.measure import measure_stance
from pipeline.stance.methods import evaluate
from pipeline.stance.model import load_model
from pipeline.stance.stage import score_articles
from pipeline.train import annotated_training_set

root, cfg = setup("evaluate", params)
configure_pandas()

# %%
dev = devcorpus.load(dev_dir)
info = annotated.load_info(dev_dir)
processed = annotated.Processed(
    read_table(annotated_articles_path, "articles"),
    read_table(annotated_log_path, "cleaning_log"),
    read_table(annotated_sentences_path, "sentences"),
    read_table(annotated_mentions_path, "mentions"),
)
lexicon = load_lexicon(lexicon_path)
result = measure_stance(
    processed.articles,
    processed.sentences,
    processed.mentions,
    lexicon,
    load_model(model_path),
    cfg.stance,
)
gold_mentions = devcorpus.load_mentions(gold_mentions_path)
details = {"focal": focal_note(info, cfg.entities.focal), "splits": SPLIT_NOTES}
for split, key in (("test", "test"), ("tune", "tune_in_sample")):
    ids = dev.split(split)
    if ids:
        details[key] = split_figures(
            dev, ids, processed, result, gold_mentions, cfg.stance.sentence_threshold
        )
display(Markdown(details["focal"]["note"]))

# %% [markdown]
# ## Cross-validation of the learned parts on `tune`, grouped by outlet
# The model's and the combination's scores of `tune` sentences are out of fold (no outlet on both
# sides); the lexicon has no training step but was written on these pages (in-sample).

# %%
tune = dev.split("tune")
train, unmatched = annotated_training_set(
    dev, tune, processed, load_synthetic(synthetic_sentences_path), lexicon
)
tune_docs = set(annotated.doc_ids(dev, processed.articles)[i] for i in tune)
outlet_of = annotated.outlet_groups(dev)
in_tune = processed.articles["doc_id"].isin(tune_docs)
cv, _ = evaluate(
    train,
    result.sentence_stance[result.sentence_stance["doc_id"].isin(tune_docs)],
    unmatched,
    processed.articles[in_tune],
    annotated.gold_articles(dev, tune),
    lambda table: score_articles(
        processed.articles[in_tune],
        processed.sentences,
        processed.mentions,
        result.relations,
        lexicon,
        cfg.stance,
        table,
    )[0],
    cfg.stance,
    {d: outlet_of[i] for i, d in annotated.doc_ids(dev, processed.articles).items()},
)
for part in cv["article"].values():
    part.pop("scores", None)
details["tune_cross_validation"] = {**cv, "grouped_by": "outlet"}
display(
    pd.DataFrame(
        {
            m: {k: cv["article"][m].get(k) for k in ("n", "accuracy", "macro_f1")}
            for m in cv["article"]
        }
    ).T
)

# %% [markdown]
# ## Cleaning on outlets it has not seen, estimated on `tune` (leave one outlet out)
# For each `tune` outlet, its section of the rules file is left out and the line classifier is
# refitted without its lines; the `tune` pages are cleaned and that outlet's pages scored. This
# estimates the `test` figures (unseen outlets) without looking at `test`.

# %%
details["tune_leave_one_outlet_out"] = leave_one_outlet_out(
    dev, tune, rules_path, load_line_lexicon(line_lexicon_path), cfg.clean, cfg.stance.seed
)
display(
    pd.Series(
        {
            k: v["share"] if isinstance(v, dict) and "share" in v else v
            for k, v in details["tune_leave_one_outlet_out"].items()
            if k not in ("errors", "rules_left_out")
        },
        name="leave one outlet out (tune)",
    ).to_frame()
)
display(pd.DataFrame(details["tune_leave_one_outlet_out"]["errors"]))

# %% [markdown]
# ## Headline figures (test pages unless said otherwise)

# %%
details["headline"] = headline(details)
write_metrics("evaluation", details, details_path, metrics_path)
display(pd.Series(details["headline"], name="value").to_frame())

# %% [markdown]
# ## Errors on the test pages
# Which lines, dates, outlets and article labels disagree with the labels (ids only and the
# first characters of a line: read the pages themselves only when the test split is retired).

# %%
if "test" in details:
    t = details["test"]
    display(Markdown("Lines the cleaning (rules and line classifier) got wrong on test pages:"))
    display(pd.DataFrame(t["clean"]["lines"]["errors"]))
    display(pd.DataFrame(t["clean"]["dates"]["errors"]))
    display(pd.DataFrame(t["clean"]["outlets"]["errors"]))
    display(pd.DataFrame(t["stance"]["alignment"].get("errors", [])))
    display(pd.DataFrame(t["stance"]["framing"].get("errors", [])))
