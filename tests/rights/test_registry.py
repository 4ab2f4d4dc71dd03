"""The territory data file: every group is cited, regions partition the world, aliases are
unambiguous."""

import tomllib

from django_countries import countries

from rights.registry import DATA_FILE, load

CONTINENTS = ("europe", "asia", "africa", "americas", "oceania")


def test_every_group_cites_its_source():
    with open(DATA_FILE, "rb") as data_file:
        groups = tomllib.load(data_file)["groups"]
    for key, spec in groups.items():
        assert len(spec["source"]) > 20, key


def test_group_members_are_iso_codes():
    registry = load()
    for group in registry.groups.values():
        assert set(group.members) <= registry.codes, group.key


def test_continents_cover_every_territory_but_antarctica():
    registry = load()
    covered = [code for key in CONTINENTS for code in registry.groups[key].members]
    # Cyprus is in both Europe and Asia (see the file); nothing else is counted twice.
    assert sorted(code for code in set(covered) if covered.count(code) > 1) == ["CY"]
    assert registry.codes - set(covered) == {"AQ"}
    assert len(registry.codes) == len(list(countries))


def test_subregions_sit_inside_their_regions():
    groups = load().groups
    assert set(groups["north_america"].members) <= set(groups["americas"].members)
    assert set(groups["latin_america"].members) <= set(groups["americas"].members)
    assert set(groups["scandinavia"].members) <= set(groups["nordic"].members)
    assert set(groups["gcc"].members) <= set(groups["middle_east"].members)
    assert set(groups["eu"].members) - {"GB"} <= set(groups["europe"].members)
    assert set(groups["greater_china"].members) == {"CN", "HK", "MO", "TW"}


def test_chinese_mainland_aliases_name_cn_only():
    registry = load()
    for name in ("Chinese mainland", "Mainland China", "China mainland", "PRC"):
        place = registry.lookup(name)
        assert (place.kind, place.key) == ("territory", "CN"), name


def test_names_with_several_readings_mean_every_one():
    registry = load()
    for name, codes in [
        ("China", {"CN", "HK", "MO", "TW"}),
        ("Georgia", {"GE", "US"}),
        ("Congo", {"CG", "CD"}),
        ("Korea", {"KR", "KP"}),
        ("Virgin Islands", {"VG", "VI"}),
    ]:
        place = registry.lookup(name)
        assert place.kind == "ambiguous", name
        assert registry.uncertain[place.key].codes == codes
    # Each reading keeps its own unambiguous names.
    for name, code in [("Republic of the Congo", "CG"), ("DRC", "CD"), ("South Korea", "KR")]:
        assert registry.lookup(name).key == code


def test_former_names_mean_what_they_meant():
    registry = load()
    assert registry.lookup("Zaire").key == "CD"
    assert registry.lookup("Ceylon").key == "LK"
    assert registry.groups[registry.lookup("Soviet Union").key].members.keys() >= {"RU", "UA", "GE"}
    assert set(registry.groups[registry.lookup("Czechoslovakia").key].members) == {"CZ", "SK"}


def test_every_dependency_and_part_names_a_real_territory():
    registry = load()
    for sovereign, parts in registry.dependencies.items():
        assert {sovereign, *parts} <= registry.codes
        assert sovereign not in parts
    for found in registry.uncertain.values():
        assert found.codes and found.codes <= registry.codes


def test_aliases_resolve_to_single_territories():
    registry = load()
    expected = {
        "UK": "GB",
        "Great Britain": "GB",
        "United Kingdom": "GB",
        "USA": "US",
        "US": "US",
        "United States": "US",
        "UAE": "AE",
        "Czechia": "CZ",
        "Czech Republic": "CZ",
        "Ivory Coast": "CI",
        "Macau": "MO",
        "Macao": "MO",
        "Viet Nam": "VN",
        "South Korea": "KR",
        "Russia": "RU",
    }
    for name, code in expected.items():
        assert registry.territory(name) == code, name
    assert registry.territory("GBR") == "GB"
    assert registry.territory("Europe") is None  # a group, not one territory
    assert registry.label("CN") == "Chinese mainland (CN)"
