# %% [markdown]
# # 03 · Stance: alignment and framing, traceable to sentences
#
# **alignment**: where the text says the focal state stands (−1 Russian bloc … +1 Western bloc),
# from relations coded in sentences that name the focal state and a bloc actor.
# **framing**: whose side the text itself takes, from evaluative language outside quotes, wire
# sourcing and quoted voices. Logic: `pipeline/stance/`; cues: `data/lexicons/stance.yaml`.

# %% tags=["parameters"]
params = None  # this stage's section of params.yaml; None reads params.yaml
articles_path = "data/interim/articles.parquet"
sentences_path = "data/processed/sentences.parquet"
mentions_path = "data/processed/mentions.parquet"
lexicon_path = "data/lexicons/stance.yaml"
gold_articles_path = "data/annotations/articles.csv"
relations_path = "data/processed/relations.parquet"
stance_path = "data/processed/article_stance.parquet"
components_path = "data/processed/framing_components.parquet"
monthly_path = "reports/plots/alignment_by_month.csv"
metrics_path = "reports/metrics/stance.json"

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from pipeline.evaluation import label_scores, load_gold_articles
from pipeline.io import read_table, write_json, write_table
from pipeline.notebook import configure_pandas, setup
from pipeline.schemas import ALIGNMENT_LABELS, FRAMING_LABELS
from pipeline.stance.lexicon import load_lexicon
from pipeline.stance.scoring import monthly
from pipeline.stance.stage import code_relations, score_articles

root, cfg = setup("stance", params)
configure_pandas()
cfg

# %%
articles = read_table(articles_path, "articles")
sentences = read_table(sentences_path, "sentences")
mentions = read_table(mentions_path, "mentions")
lexicon = load_lexicon(lexicon_path)
relations = code_relations(sentences, mentions, lexicon)
stance, components = score_articles(articles, sentences, mentions, relations, lexicon, cfg)
by_month = monthly(stance, cfg.bootstrap_samples, cfg.ci_level, cfg.seed)
write_table(relations, relations_path, "relations")
write_table(stance, stance_path, "article_stance")
write_table(components, components_path, "framing_components")
Path(monthly_path).parent.mkdir(parents=True, exist_ok=True)
by_month.to_csv(monthly_path, index=False, lineterminator="\n")
print(
    f"{len(relations)} relations in {relations['doc_id'].nunique()} articles; "
    f"lexicon {lexicon.version}"
)

# %% [markdown]
# ## Relations per article, with cue and negation

# %%
display(relations.merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"]))

# %% [markdown]
# ## Article scores and the evidence behind them

# %%
scores = stance.merge(components, on="doc_id").merge(
    articles[["doc_id", "source", "title"]], on="doc_id"
)
display(scores.sort_values("published", na_position="last"))

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
# ## Alignment by month and by outlet

# %%
display(by_month)
display(
    stance.fillna({"outlet": "(unknown)"})
    .groupby("outlet")
    .agg(articles=("doc_id", "size"), alignment=("alignment", "mean"), framing=("framing", "mean"))
)

# %% [markdown]
# ## Evaluation on the annotated articles

# %%
gold = load_gold_articles(gold_articles_path)
evaluation = {
    "alignment": label_scores(gold, articles, stance, "alignment_label", ALIGNMENT_LABELS),
    "framing": label_scores(gold, articles, stance, "framing_label", FRAMING_LABELS),
}
display(
    pd.DataFrame(
        {
            k: {m: v[m] for m in ("n", "accuracy", "macro_f1") if m in v}
            for k, v in evaluation.items()
        }
    )
)
for name, ev in evaluation.items():
    if ev.get("n"):
        print(name, "confusion (rows gold, columns predicted):")
        display(pd.DataFrame(ev["confusion"], index=ev["labels"], columns=ev["labels"]))

# %%
metrics = {
    "relations": int(len(relations)),
    "relations_by_type": {
        k: int(v) for k, v in relations["relation"].value_counts().sort_index().items()
    },
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
}
write_json(metrics, metrics_path)
metrics
