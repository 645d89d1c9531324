# %% [markdown]
# # 02 · Entities: who is named, as what, and who is speaking
#
# Splits each kept article into sentences, tags states, organisations, people, metonyms and
# offices with the actor dictionary (`data/lexicons/actors.yaml`, one Aho–Corasick scan),
# resolves offices to their holder at the article's date, discovers people who are not in the
# dictionary from titles and appositions ("Menteri Luar Negeri Armenia Ararat Mirzoyan"; bloc of
# the state the title names), assigns blocs from `params.yaml`, and attributes quotes ('"…," kata
# X', "menurut X", "X mengatakan bahwa …", "ujarnya"). Logic: `pipeline/entities/`.

# %% tags=["parameters"]
params = None  # this stage's section of params.yaml; None reads params.yaml
articles_path = "data/interim/articles.parquet"
dictionary_path = "data/lexicons/actors.yaml"
sentences_path = "data/processed/sentences.parquet"
mentions_path = "data/processed/mentions.parquet"
details_path = "reports/entities-details.json"
metrics_path = "reports/metrics/entities.json"

# %%
import matplotlib.pyplot as plt
from IPython.display import display

from pipeline.entities.cooccurrence import cooccurrence_matrix
from pipeline.entities.dictionary import load_dictionary, require_actors
from pipeline.entities.discovery import discovery_table
from pipeline.entities.stage import tag_corpus
from pipeline.io import read_table, write_metrics, write_table
from pipeline.notebook import configure_pandas, setup
from pipeline.shards import compute_params

root, cfg = setup("entities", params)
configure_pandas()
cfg

# %%
# Kept articles only, and only the columns the tagger reads (bodies of duplicates never held).
columns = ["doc_id", "title", "published", "body", "status"]
articles = read_table(articles_path, "articles", columns, ("status", "kept"))
dictionary = load_dictionary(dictionary_path)
require_actors(dictionary, cfg, dictionary_path)  # focal state and blocs are in the dictionary
# Per-article work in cached shards, on Dask (params.yaml `compute`; never changes an output).
sentences, mentions, found = tag_corpus(
    articles, dictionary, cfg, sharded=(root, compute_params(root), dictionary_path)
)
write_table(sentences, sentences_path, "sentences")
write_table(mentions, mentions_path, "mentions")
print(
    f"{len(sentences)} sentences, {len(mentions)} mentions in "
    f"{(articles['status'] == 'kept').sum()} kept articles; dictionary {dictionary.version}, "
    f"{len(dictionary.entities)} entities, {len(dictionary.patterns)} surfaces"
)

# %% [markdown]
# ## Top actors by bloc

# %%
actors = mentions[mentions["entity_type"] != "LOC"]
top = (
    actors.groupby(["bloc", "entity_id"])
    .size()
    .rename("mentions")
    .reset_index()
    .sort_values(["bloc", "mentions"], ascending=[True, False])
    .groupby("bloc")
    .head(8)
)
display(top)

# %% [markdown]
# ## Actor co-occurrence (sentences naming both)

# %%
co = cooccurrence_matrix(actors, sorted(actors["entity_id"].value_counts().head(12).index))
if len(co):
    fig, ax = plt.subplots(figsize=(7, 6))
    im = ax.imshow(co.to_numpy(), cmap="viridis")
    ax.set_xticks(range(len(co)), co.columns, rotation=60, ha="right")
    ax.set_yticks(range(len(co)), co.index)
    fig.colorbar(im, ax=ax, label="sentences")
    ax.set_title("Actor co-occurrence")
    fig.tight_layout()
    plt.show()

# %% [markdown]
# ## Mentions per article, metonym and office decisions

# %%
display(
    mentions.groupby("doc_id").agg(mentions=("entity_id", "size"), actors=("entity_id", "nunique"))
)
display(
    mentions[mentions["kind"].isin(["metonym", "role"]) | (mentions["entity_type"] == "LOC")][
        ["doc_id", "surface", "entity_id", "entity_type", "kind", "method"]
    ]
)

# %% [markdown]
# ## People not in the dictionary
#
# Found after (or before) a title phrase, then by full name or surname later in the same article
# (`kind = discovered`). The most frequent are candidates for `actors.yaml`: add them there (with
# their affiliation and roles) and they become dictionary mentions. A wrong row usually means a
# capitalised word that belongs in `discovery.not_names` or `discovery.title_words`.

# %%
discovered = mentions[mentions["kind"] == "discovered"]
people = discovery_table(found, mentions, top=50)
print(
    f"{discovered['entity_id'].nunique()} people not in the dictionary, {len(discovered)} "
    f"mentions; the {len(people)} most frequent:"
)
display(people)

# %% [markdown]
# ## Quote speakers

# %%
display(sentences.dropna(subset=["quote_speaker"])[["doc_id", "sent_id", "quote_speaker", "text"]])

# %%
metrics = {
    "sentences": int(len(sentences)),
    "mentions": int(len(mentions)),
    "by_type": {k: int(v) for k, v in mentions["entity_type"].value_counts().sort_index().items()},
    "by_kind": {k: int(v) for k, v in mentions["kind"].value_counts().sort_index().items()},
    "by_bloc": {k: int(v) for k, v in mentions["bloc"].value_counts().sort_index().items()},
    "quoted_sentences": int(sentences["quote_speaker"].notna().sum()),
    "discovered_people": int(discovered["entity_id"].nunique()),
    "dictionary_version": dictionary.version,
}
write_metrics("entities", metrics, details_path, metrics_path)
metrics
