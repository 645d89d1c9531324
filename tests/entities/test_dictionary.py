from datetime import date
from pathlib import Path

import pytest

from pipeline.entities.dictionary import Dictionary, load_dictionary
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
