from datetime import date
from pathlib import Path

import pytest

from pipeline.config import EntitiesParams, ParamsError
from pipeline.entities.dictionary import Dictionary, load_dictionary, require_actors
from pipeline.errors import DataFileError


def test_repository_dictionary_loads(dictionary: Dictionary) -> None:
    ents = dictionary.entities
    for eid in (
        "ARM",
        "RUS",
        "AZE",
        "USA",
        "TUR",
        "FRA",
        "NATO",
        "CSTO",
        "EU",
        "UN",
        "EAEU",
        "ICC",
        "OSCE",
        "CIS",
        "person:nikol-pashinyan",
        "person:vladimir-putin",
    ):
        assert eid in ents, eid
    assert dictionary.patterns["Kremlin"].target == "RUS"
    assert dictionary.patterns["Kremlin"].kind == "metonym"
    assert dictionary.patterns["AS"].target == "USA"
    assert "as" not in dictionary.patterns


def test_roles_change_over_time(dictionary: Dictionary) -> None:
    head = dictionary.holder_at("head_of_state", "ARM", date(2020, 10, 1))
    assert head is not None and head.id == "person:armen-sarkissian"
    later = dictionary.holder_at("head_of_state", "ARM", date(2023, 1, 1))
    assert later is not None and later.id != "person:armen-sarkissian"
    assert (
        dictionary.holder_at("defence_minister", "RUS", date(2023, 1, 1)).id
        == "person:sergei-shoigu"
    )
    assert (
        dictionary.holder_at("defence_minister", "RUS", date(2025, 1, 1)).id
        != "person:sergei-shoigu"
    )
    assert dictionary.holder_at("head_of_state", "ARM", None) is None  # several holders, no date


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "actors.yaml"
    p.write_text(text)
    return p


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("entities: []", "entities: expected a non-empty list"),
        ("entities:\n  - {id: rus, type: COUNTRY, names: [Rusia]}", "id must be"),
        ("entities:\n  - {id: RUS, type: STATE, names: [Rusia]}", "type must be one of"),
        ("entities:\n  - {id: RUS, type: COUNTRY, names: []}", "needs at least one name"),
        ("entities:\n  - {id: RUS, type: COUNTRY, names: [Rusia], colour: red}", "unknown keys"),
        (
            "entities:\n  - {id: RUS, type: COUNTRY, names: [Rusia]}\n"
            "  - {id: USA, type: COUNTRY, names: [Rusia]}",
            "already stands for RUS",
        ),
        ("entities:\n  - {id: 'person:a-b', type: PERSON, names: [A B]}", "needs an affiliation"),
        (
            "entities:\n  - {id: 'person:a-b', type: PERSON, names: [A B], affiliation: XXX}",
            "unknown id 'XXX'",
        ),
        (
            "entities:\n  - {id: RUS, type: COUNTRY, names: [Rusia]}\n  - id: 'person:a-b'\n"
            "    type: PERSON\n    names: [A B]\n    affiliation: RUS\n"
            "    roles: [{role: x, of: RUS, from: 2020-01-01, to: 2019-01-01}]",
            "ends before",
        ),
        (
            "entities:\n  - {id: RUS, type: COUNTRY, names: [Rusia]}\n"
            "role_phrases:\n  - {phrases: [Presiden Rusia], role: head_of_state, of: XYZ}",
            "unknown 'of' id",
        ),
        ("entities: [", "cannot read"),
    ],
)
def test_malformed_entries_name_file_entry_and_problem(
    tmp_path: Path, yaml_text: str, message: str
) -> None:
    path = _write(tmp_path, yaml_text)
    with pytest.raises(DataFileError, match=message) as err:
        load_dictionary(path)
    assert str(path) in str(err.value)


def test_discovery_and_quote_sections(dictionary: Dictionary) -> None:
    d, q = dictionary.discovery, dictionary.quotes
    assert "Menteri" in d.titles and "juru bicara" in d.owned_titles
    assert {"luar", "negeri", "menteri"} <= d.title_words  # the words of titles continue them
    assert {"selasa", "reuters"} <= d.not_names and "bin" in d.particles
    assert "kata" in q.after_verbs and "mengatakan" in q.reported_verbs
    assert "mengklaim" in q.weak_verbs and "dia" in q.pronouns


_ENT = "entities:\n  - {id: RUS, type: COUNTRY, names: [Rusia]}\n"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (_ENT + "discovery: [Menteri]", "discovery: expected a mapping"),
        (_ENT + "discovery: {titles: [Menteri], colour: [red]}", "discovery: unknown keys"),
        (_ENT + "discovery: {titles: Menteri}", "discovery.titles: expected a list"),
        (_ENT + "discovery: {not_names: [Hari Raya]}", "discovery.not_names: expected single"),
        (_ENT + "discovery: {titles: ['Menteri (PM)']}", "discovery.titles: not a word"),
        (_ENT + "discovery: {titles: [Menteri], particles: [menteri]}", "also title words"),
        (_ENT + "discovery: {titles: [Menteri], owned_titles: [Jubir]}", "not in titles"),
        (_ENT + "quotes: {after_verbs: [kata], speakers: [dia]}", "quotes: unknown keys"),
        (
            _ENT + "quotes: {reported_verbs: [mengklaim], weak_verbs: [mengklaim]}",
            "quotes.weak_verbs: also reported_verbs",
        ),
        (_ENT + "quotes: {pronouns: ['']}", "quotes.pronouns: expected a list of non-empty"),
    ],
)
def test_malformed_cue_sections_name_file_entry_and_problem(
    tmp_path: Path, yaml_text: str, message: str
) -> None:
    path = _write(tmp_path, yaml_text)
    with pytest.raises(DataFileError, match=message) as err:
        load_dictionary(path)
    assert str(path) in str(err.value)


def test_an_impossible_date_names_the_file_and_entry(tmp_path: Path, root: Path) -> None:
    text = (root / "data/lexicons/actors.yaml").read_text(encoding="utf-8")
    assert "from: 2018-05-08," in text
    path = _write(tmp_path, text.replace("from: 2018-05-08,", "from: 2018-13-08,", 1))
    with pytest.raises(
        DataFileError,
        match=r"entity 'person:[a-z-]+'\.roles\[0\]\.from: not an ISO date: '2018-13-08'",
    ) as err:
        load_dictionary(path)
    assert str(path) in str(err.value)


def test_focal_and_bloc_members_must_be_in_the_dictionary(dictionary: Dictionary) -> None:
    require_actors(dictionary, EntitiesParams(), "actors.yaml")  # the repository's own: fine
    params = EntitiesParams(focal="XYZ", blocs={"russia": ["RUS", "CSTOO"], "west": ["USA", "EU"]})
    with pytest.raises(ParamsError) as err:
        require_actors(dictionary, params, "data/lexicons/actors.yaml")
    assert str(err.value) == (
        "params.yaml: not an entity of the actor dictionary data/lexicons/actors.yaml: "
        "entities.focal: 'XYZ'; entities.blocs.russia[1]: 'CSTOO' "
        "(add the entity there or correct the id)"
    )
