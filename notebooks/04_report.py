# %% [markdown]
# # 04 · Report: one self-contained HTML file
#
# Reads the outputs of every stage and writes `reports/index.html` (inline CSS and PNG figures,
# no request to any other host).
# Logic: `pipeline/report/`.

# %% tags=["parameters"]
params = None  # this stage's section of params.yaml; None reads params.yaml
articles_path = "data/interim/articles.parquet"
cleaning_log_path = "data/interim/cleaning_log.parquet"
sentences_path = "data/processed/sentences.parquet"
mentions_path = "data/processed/mentions.parquet"
relations_path = "data/processed/relations.parquet"
sentence_stance_path = "data/processed/sentence_stance.parquet"
stance_path = "data/processed/article_stance.parquet"
components_path = "data/processed/framing_components.parquet"
aggregates_path = "data/processed/aggregates.parquet"
summary_path = "data/processed/stance_summary.json"
monthly_path = "reports/plots/alignment_by_month.csv"
details_paths = [
    "reports/clean-details.json",
    "reports/entities-details.json",
    "reports/stance-details.json",
    "reports/train-details.json",
    "reports/evaluation-details.json",
]
annotated_articles_path = "data/annotated/articles.parquet"
dictionary_path = "data/lexicons/actors.yaml"
lexicon_path = "data/lexicons/stance.yaml"
report_path = "reports/index.html"
exports_path = "reports/exports"

# %%
import json
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from pipeline.entities.dictionary import load_dictionary
from pipeline.io import read_table
from pipeline.notebook import configure_pandas, setup, tracked
from pipeline.report.build import ARTICLE_COLUMNS, ReportInputs, annotated_count, build_report
from pipeline.report.evidence import lexicon_terms
from pipeline.report.exports import export_tables, write_exports
from pipeline.report.focal import focal_label, report_title
from pipeline.report.tables import framing_table
from pipeline.run import stages
from pipeline.shards import compute_params
from pipeline.stance.lexicon import load_lexicon

root, cfg = setup("report", params)
configure_pandas()
cfg

# %%
stage_metrics = {
    Path(p).stem.removesuffix("-details"): json.loads(Path(p).read_text(encoding="utf-8"))
    for p in details_paths
}
inputs = ReportInputs(
    articles=read_table(articles_path, "articles", ARTICLE_COLUMNS),  # bodies are not shown
    cleaning_log=read_table(cleaning_log_path, "cleaning_log", ["doc_id", "text", "rule"]),
    sentences=read_table(sentences_path, "sentences"),
    mentions=read_table(mentions_path, "mentions"),
    relations=read_table(relations_path, "relations"),
    sentence_stance=read_table(sentence_stance_path, "sentence_stance"),
    stance=read_table(stance_path, "article_stance"),
    components=read_table(components_path, "framing_components"),
    monthly=pd.read_csv(monthly_path, dtype={"month": str}),
    aggregates=read_table(aggregates_path, "aggregates"),
    summary=json.loads(Path(summary_path).read_text(encoding="utf-8")),
    stage_metrics=stage_metrics,
    annotated_kept=annotated_count(
        read_table(articles_path, "articles", ["body"], ("status", "kept"))["body"],
        read_table(annotated_articles_path, "articles", ["body"])["body"],
    ),
)
dictionary = load_dictionary(dictionary_path)
labels = {e.id: e.label for e in dictionary.entities.values()}
lexicon = load_lexicon(lexicon_path)
focal = tracked(params, root).entities.focal  # dvc.yaml: the report tracks entities.focal
# parts whose inputs did not change come from the cache (pipeline/report/cached.py): same bytes
cache = (root, compute_params(root))
exported = write_exports(
    export_tables(
        inputs.articles,
        inputs.sentences,
        inputs.mentions,
        inputs.relations,
        inputs.stance,
        inputs.components,
        inputs.aggregates,
        framing_table(inputs.summary),
    ),
    Path(exports_path),
    cache,
)
html, _ = build_report(
    inputs,
    title=report_title(cfg.title, focal, labels),
    top_actors=cfg.top_actors,
    per_article=cfg.max_evidence_per_article,
    labels=labels,
    wire_bloc=lexicon.wire_bloc,
    framing_terms=lexicon_terms(lexicon.framing),
    params_text=Path("params.yaml").read_text(encoding="utf-8"),
    root=root,
    notebooks=[Path(s.notebook).stem for s in stages(root).values()],
    focal=focal_label(focal, labels),
    exports=exported,
    cache=cache,
)
Path(report_path).parent.mkdir(parents=True, exist_ok=True)
Path(report_path).write_text(html, encoding="utf-8")
display(Markdown(f"`{report_path}`: {len(html.encode('utf-8')) / 1e6:.2f} MB"))

# %% [markdown]
# ## Headline figures

# %%
display(
    inputs.stance.merge(inputs.articles[["doc_id", "source", "title"]], on="doc_id").sort_values(
        "published", na_position="last"
    )
)
display(HTML(f"<p>Open <code>{report_path}</code> in a browser for the full report.</p>"))
