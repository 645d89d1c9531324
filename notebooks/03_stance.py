# %% [markdown]
# # 03 · Stance: alignment and framing, traceable to sentences
#
# **alignment**: where the text says the focal state stands (−1 Russian bloc … +1 Western bloc),
# from the *evidence sentences* that name the focal state (or a quoted official's "kami") and a
# bloc actor. Each is scored by the cue lexicon (relations with cue, negation and modality), by a
# learned model (TF-IDF + logistic regression on the annotated sentences), and by their
# combination; `params.yaml` `stance.method` chooses which scores make `article_stance`.
# **framing**: whose side the text itself takes, from evaluative language that is the outlet's own
# (not quoted, not attributed), wire sourcing and quoted voices. Logic: `pipeline/stance/`; cues:
# `data/lexicons/stance.yaml`; annotation guidelines: `docs/annotation.md`.

# %% tags=["parameters"]
params = None  # this stage's section of params.yaml; None reads params.yaml
articles_path = "data/interim/articles.parquet"
sentences_path = "data/processed/sentences.parquet"
mentions_path = "data/processed/mentions.parquet"
lexicon_path = "data/lexicons/stance.yaml"
gold_articles_path = "data/annotations/articles.csv"
gold_sentences_path = "data/annotations/sentences.csv"
synthetic_sentences_path = "data/annotations/synthetic_sentences.csv"
relations_path = "data/processed/relations.parquet"
sentence_stance_path = "data/processed/sentence_stance.parquet"
stance_path = "data/processed/article_stance.parquet"
components_path = "data/processed/framing_components.parquet"
aggregates_path = "data/processed/aggregates.parquet"
model_path = "data/models/stance_model.skops"
monthly_path = "reports/plots/alignment_by_month.csv"
metrics_path = "reports/metrics/stance.json"

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from pipeline.evaluation import label_scores, load_gold_articles
from pipeline.io import read_table, write_json, write_table
from pipeline.notebook import configure_pandas, setup
from pipeline.schemas import ALIGNMENT_LABELS, FRAMING_LABELS
from pipeline.stance.gold import load_gold_sentences, load_synthetic, match_gold
from pipeline.stance.lexicon import load_lexicon
from pipeline.stance.methods import (
    evaluate,
    fit_full,
    model_inputs,
    sentence_table,
    training_set,
)
from pipeline.stance.model import predict_scores, save_model
from pipeline.stance.scoring import aggregate, monthly
from pipeline.stance.stage import (
    code_relations,
    evidence_batch,
    lexicon_scores,
    score_articles,
)
from pipeline.stance.views import (
    article_heading,
    evidence_view,
    gold_errors,
    method_comparison,
    relations_view,
)

root, cfg = setup("stance", params)
configure_pandas()
cfg

# %% [markdown]
# ## Scoring
# Relations are coded in every evidence sentence; the model is fitted on every annotated seed
# sentence plus the synthetic ones (training only) and saved with skops; every evidence sentence
# gets a score from each method, and articles are scored from the chosen method's.

# %%
articles = read_table(articles_path, "articles")
sentences = read_table(sentences_path, "sentences")
mentions = read_table(mentions_path, "mentions")
lexicon = load_lexicon(lexicon_path)
evidence = evidence_batch(sentences, mentions, lexicon)
relations = code_relations(sentences, mentions, lexicon, evidence=evidence)
lexicon_score = lexicon_scores(evidence.keys, relations, mentions)["lexicon"].to_numpy()

gold, unmatched = match_gold(load_gold_sentences(gold_sentences_path), articles, sentences)
synthetic = load_synthetic(synthetic_sentences_path)
train = training_set(gold, synthetic, sentences, mentions, lexicon)
model = fit_full(train, cfg)
save_model(model, model_path)  # skops; load_model(model_path) gives the same scores (tested)
model_score = predict_scores(model, model_inputs(sentences, mentions, lexicon, evidence.keys))

sentence_stance = sentence_table(evidence.keys, lexicon_score, model_score, cfg)
stance, components = score_articles(
    articles,
    sentences,
    mentions,
    relations,
    lexicon,
    cfg,
    sentence_stance=sentence_stance,
    evidence=evidence,
)
aggregates = aggregate(stance, articles, cfg.bootstrap_samples, cfg.ci_level, cfg.seed)
by_month = monthly(aggregates)

write_table(relations, relations_path, "relations")
write_table(sentence_stance, sentence_stance_path, "sentence_stance")
write_table(stance, stance_path, "article_stance")
write_table(components, components_path, "framing_components")
write_table(aggregates, aggregates_path, "aggregates")
Path(monthly_path).parent.mkdir(parents=True, exist_ok=True)
by_month.to_csv(monthly_path, index=False, lineterminator="\n")
display(
    Markdown(
        f"{len(evidence.keys)} evidence sentences, {len(relations)} relations in "
        f"{relations['doc_id'].nunique()} articles; lexicon {lexicon.version}; method "
        f"**{cfg.method}**; model trained on {len(train.texts)} annotated + "
        f"{len(train.synthetic_texts)} synthetic sentences; {len(unmatched)} gold sentences "
        "unmatched."
    )
)
if len(unmatched):
    display(unmatched[["file", "text"]])

# %% [markdown]
# ## Relations per article, with cue and negation

# %%
display(relations_view(relations, sentences, articles))

# %% [markdown]
# ## Article scores and the evidence behind them
# `alignment` is the mean of the chosen method's sentence scores shrunk towards 0 by
# `prior_strength` pseudo-sentences; the interval is a percentile bootstrap over the article's
# evidence sentences. Each evidence sentence is listed with all three methods' scores and the
# lexicon's cues. The model here is the one saved for use, fitted on every annotated sentence:
# on these seeds its scores are in-sample (the comparison below uses out-of-fold scores).

# %%
scores = stance.merge(components, on="doc_id").merge(
    articles[["doc_id", "source", "title"]], on="doc_id"
)
display(scores.sort_values("published", na_position="last"))

# %%
explained = evidence_view(sentence_stance, relations, sentences, articles)
for file, rows in explained.groupby("file", sort=True):
    display(Markdown(article_heading(scores.set_index("source", drop=False).loc[file])))
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

# %% [markdown]
# ## Methods compared on the annotated set
# Sentence level: every annotated seed sentence (a sentence that is not evidence scores 0 under
# every method), classes at ±`sentence_threshold`. The model's and the combination's scores of
# annotated sentences are out of fold, grouped by article; the lexicon has no training step but
# was written on these seeds, so its figures are in-sample. Article level: the articles scored
# from each method's sentence scores against `data/annotations/articles.csv`.

# %%
gold_articles = load_gold_articles(gold_articles_path)
methods, per_sentence = evaluate(
    train,
    sentence_stance,
    unmatched,
    articles,
    gold_articles,
    lambda table: score_articles(
        articles, sentences, mentions, relations, lexicon, cfg, table, evidence
    )[0],
    cfg,
)
display(method_comparison(methods))
for m in ("lexicon", "model", "combined"):
    s = methods["sentence"][m]
    display(Markdown(f"**{m}**: sentence confusion (rows gold, columns predicted, −1/0/+1)"))
    display(pd.DataFrame(s["confusion"], index=s["labels"], columns=s["labels"]))

# %% [markdown]
# ### Errors on the gold set

# %%
display(gold_errors(per_sentence, gold))
display(
    pd.DataFrame(
        {m: methods["article"][m]["scores"] for m in ("lexicon", "model", "combined")}
    ).join(gold_articles.set_index("file")["alignment_label"].rename("gold"))
)

# %%
evaluation = {
    "alignment": label_scores(gold_articles, articles, stance, "alignment_label", ALIGNMENT_LABELS),
    "framing": label_scores(gold_articles, articles, stance, "framing_label", FRAMING_LABELS),
}
for name, ev in evaluation.items():
    if ev.get("n"):
        display(Markdown(f"{name} ({cfg.method}): confusion (rows gold, columns predicted)"))
        display(pd.DataFrame(ev["confusion"], index=ev["labels"], columns=ev["labels"]))

# %%
metrics = {
    "method": cfg.method,
    "evidence_sentences": int(len(evidence.keys)),
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
    "gold_articles": evaluation,
    "methods": methods,
}
write_json(metrics, metrics_path)
metrics
