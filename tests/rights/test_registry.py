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
    for name in ("Chinese mainland", "Mainland China", "China mainland", "PRC", "China"):
        place = registry.lookup(name)
        assert (place.kind, place.key) == ("territory", "CN"), name


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
