"""mentionfinder.config: niche packs and the brand config; every error is one line naming file, key and fix."""

from urllib.parse import urlsplit

import pytest

from mentionfinder.config import BUNDLED_NICHES, ConfigError, available_niches, load_brand, load_niche, parse_count

# --- shipped packs -----------------------------------------------------------------------------


def test_some_packs_are_shipped():
    assert len(available_niches()) >= 1


@pytest.mark.parametrize("name", available_niches())
def test_shipped_pack_loads(name):
    pack = load_niche(name)
    assert pack.name and pack.seeds and pack.footprints
    assert len(set(pack.seeds)) == len(pack.seeds)
    for seed in pack.seeds:
        parts = urlsplit(seed)
        assert parts.scheme in ("http", "https") and parts.hostname, seed
    assert all(f == f.strip().lower() and f for f in pack.footprints)


def test_pack_by_path(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'seeds = [" https://a.test/links/ ", "https://a.test/links/", "http://b.test/"]\n'
        'footprints = [" Useful Links ", ""]\n'
    )
    pack = load_niche(str(path))
    assert pack.name == "mine"  # defaults to the file's stem
    assert pack.seeds == ("https://a.test/links/", "http://b.test/")
    assert pack.footprints == ("useful links",)
    assert pack.path == str(path)


def test_user_packs_in_working_directory_come_first(tmp_path, monkeypatch):
    """`data/niches/` of the working directory is searched before the packs shipped in the package."""
    bundled = set(available_niches((BUNDLED_NICHES,)))
    assert {"gardening", "health", "personal_finance", "pets_vet"} <= bundled
    monkeypatch.chdir(tmp_path)
    user = tmp_path / "data" / "niches"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text('seeds = ["https://mine.test/links/"]\n')
    (user / "health.toml").write_text('name = "my health"\nseeds = ["https://my-health.test/links/"]\n')

    assert set(available_niches()) == bundled | {"mine"}  # the user's pack listed, a shadowed name once
    mine = load_niche("mine")
    assert (mine.name, mine.seeds) == ("mine", ("https://mine.test/links/",))
    assert (tmp_path / mine.path).resolve() == (user / "mine.toml").resolve()
    # A user's pack named like a shipped one wins over it.
    assert load_niche("health").seeds == ("https://my-health.test/links/",)

    # Elsewhere (no data/niches/ here), only the shipped packs are found, from any working directory.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert set(available_niches()) == bundled
    assert load_niche("health").name == "health"
    with pytest.raises(ConfigError):
        load_niche("mine")


# --- niche errors --------------------------------------------------------------------------------

ACME = '[brand]\nname = "Acme"\n'
KEY, HINT, URL = "unknown key", "allowed keys", "not an http(s) URL"

NICHE_ERRORS = {
    "malformed TOML": ('name = "x\nseeds = [', None, ["invalid TOML", "fix the syntax"]),
    "seeds not a list": ('seeds = "x"', "seeds", ["must be a list"]),
    "seed not a string": ("seeds = [1]", "seeds", ["must list strings", "quote each entry"]),
    "seeds missing": ('name = "x"', "seeds", ["missing key", 'seeds = ["..."]']),
    "seeds empty": ("seeds = []", "seeds", ["is empty", "at least one"]),
    "ftp seed": ('seeds = ["ftp://x"]', "seeds", ["ftp://x", "not an http(s) URL", "https://"]),
    "not a url": ('seeds = ["not a url"]', "seeds", ["not a url", "not an http(s) URL"]),
    "no host": ('seeds = ["https:///path"]', "seeds", ["not an http(s) URL"]),
    "one bad seed of two": ('seeds = ["https://a.test/", "mailto:x@a.test"]', "seeds", ["mailto:x@a.test"]),
    "unknown key, did you mean": ('seed = ["https://a.test/"]', "seed", ["unknown key", "did you mean 'seeds'", HINT]),
    "unknown key, no close match": ('zzz = 1\nseeds = ["https://a.test/"]', "zzz", ["unknown key", "allowed keys"]),
    "name wrong type": ('name = 5\nseeds = ["https://a.test/"]', "name", ["must be a string"]),
    "name empty": ('name = "  "\nseeds = ["https://a.test/"]', "name", ["is empty", 'name = "pack"']),
    "footprints wrong type": ('seeds = ["https://a.test/"]\nfootprints = "links"', "footprints", ["must be a list"]),
}


def assert_one_line(exc: ConfigError, *parts: str) -> None:
    message = str(exc)
    assert "\n" not in message and "\r" not in message, message
    for part in parts:
        assert part in message, (part, message)


@pytest.mark.parametrize("text, key, hints", NICHE_ERRORS.values(), ids=NICHE_ERRORS.keys())
def test_niche_errors(tmp_path, text, key, hints):
    path = tmp_path / "pack.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_niche(str(path))
    assert_one_line(info.value, "pack.toml", *([f"'{key}'"] if key else []), *hints)


def test_unreadable_niche_file(tmp_path):
    path = tmp_path / "pack.toml"
    path.write_bytes(b"\xff\xfe seeds = []")
    with pytest.raises(ConfigError) as info:
        load_niche(str(path))
    assert_one_line(info.value, "pack.toml")


@pytest.mark.parametrize(
    "name, hints",
    [
        ("helth", ["unknown niche 'helth'", "did you mean 'health'", "available packs:", "health", "gardening"]),
        ("nope", ["unknown niche 'nope'", "available packs:", *available_niches()]),
    ],
)
def test_unknown_niche_lists_packs(name, hints):
    with pytest.raises(ConfigError) as info:
        load_niche(name)
    assert_one_line(info.value, *hints)


def test_unknown_niche_in_empty_dir(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_niche("health", niches_dirs=(tmp_path,))
    assert_one_line(info.value, "unknown niche 'health'", "(none found)")


@pytest.mark.parametrize("rel", ["missing.toml", "no/such/dir/pack.toml"])
def test_niche_path_that_does_not_exist(tmp_path, rel):
    path = str(tmp_path / rel)
    with pytest.raises(ConfigError) as info:
        load_niche(path)
    assert_one_line(info.value, "niche file not found", path, "check the path")


# --- brand config ------------------------------------------------------------------------------

GOOD_BRAND = """[brand]
name = " Acme Wellness "
aliases = ["AcmeWellness", "acme wellness", "AcmeWellness", " "]
domains = ["https://www.acme.com/", "shop.acme.com", "ACME.COM.", "acme.co.uk"]
sitemaps = ["https://www.acme.com/sitemap.xml"]
"""


def test_brand_loads_and_normalises(tmp_path):
    path = tmp_path / "mentionfinder.toml"
    path.write_text(GOOD_BRAND)
    brand = load_brand(path)
    assert brand.name == "Acme Wellness"
    assert brand.aliases == ("AcmeWellness",)  # de-duplicated, blank and same-as-name dropped
    assert brand.names == ("Acme Wellness", "AcmeWellness")
    assert brand.domains == frozenset({"acme.com", "acme.co.uk"})
    assert brand.sitemaps == ("https://www.acme.com/sitemap.xml",)
    assert (brand.case_sensitive, brand.exclude) == (False, ())  # by default: any case, nothing excluded


def test_brand_that_is_a_common_word(tmp_path):
    path = tmp_path / "mentionfinder.toml"
    path.write_text(
        '[brand]\nname = "Apple"\ndomains = ["apple.com"]\ncase_sensitive = true\n'
        'exclude = ["apple pie", " Big Apple ", "apple pie", ""]\n'
    )
    brand = load_brand(path)
    assert brand.case_sensitive is True
    assert brand.exclude == ("apple pie", "Big Apple")  # trimmed, de-duplicated, blanks dropped


@pytest.mark.parametrize(
    "raw, domain",
    [
        ("https://www.acme.com/", "acme.com"),
        ("http://shop.acme.com:8080/path?q=1", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("ACME.COM.", "acme.com"),
        ("blog.acme.co.uk", "acme.co.uk"),
        ("acme.blogspot.com", "acme.blogspot.com"),
        ("acme.test", "acme.test"),
    ],
)
def test_brand_domain_forms(tmp_path, raw, domain):
    path = tmp_path / "b.toml"
    path.write_text(f'[brand]\nname = "Acme"\ndomains = ["{raw}"]\n')
    assert load_brand(path).domains == frozenset({domain})


BRAND_ERRORS = {
    "missing [brand]": ("", "[brand]", ["missing table", 'name = "..."']),
    "brand not a table": ('brand = "Acme"', "brand", ["must be a table"]),
    "unknown top-level key": ('[brnd]\nname = "Acme"', "brnd", ["unknown key", "did you mean 'brand'"]),
    "name missing": ('[brand]\ndomains = ["acme.com"]', "brand.name", ["missing or empty", "set it"]),
    "name empty": ('[brand]\nname = "  "\ndomains = ["acme.com"]', "brand.name", ["missing or empty"]),
    "name wrong type": ('[brand]\nname = 1\ndomains = ["acme.com"]', "brand.name", ["must be a string"]),
    "domains missing": ('[brand]\nname = "Acme"', "brand.domains", ["missing key", 'domains = ["..."]']),
    "domains empty": ('[brand]\nname = "Acme"\ndomains = []', "brand.domains", ["is empty", "example.com"]),
    "domains not a list": ('[brand]\nname = "Acme"\ndomains = "acme.com"', "brand.domains", ["must be a list"]),
    "domain not a domain": (ACME + 'domains = ["not a domain"]', "brand.domains", ["'not a domain'", '"example.com"']),
    "domain is a TLD": ('[brand]\nname = "Acme"\ndomains = ["com"]', "brand.domains", ["'com'", "example.com"]),
    "domain is localhost": ('[brand]\nname = "Acme"\ndomains = ["localhost"]', "brand.domains", ["'localhost'"]),
    "domain empty string": ('[brand]\nname = "Acme"\ndomains = [""]', "brand.domains", ["not a domain"]),
    "unknown key, did you mean": (
        ACME + 'domain = ["acme.com"]',
        "brand.domain",
        [KEY, "did you mean 'domains'", HINT],
    ),
    "bad sitemap": (
        ACME + 'domains = ["acme.com"]\nsitemaps = ["/sitemap.xml"]',
        "brand.sitemaps",
        ["/sitemap.xml", URL],
    ),
    "malformed TOML": ("[brand\nname = 1", None, ["invalid TOML", "fix the syntax"]),
    "case_sensitive not a flag": (
        ACME + 'domains = ["acme.com"]\ncase_sensitive = "yes"',
        "brand.case_sensitive",
        ["must be true or false", "true"],
    ),
    "exclude not a list": (ACME + 'domains = ["acme.com"]\nexclude = "apple pie"', "brand.exclude", ["must be a list"]),
}


@pytest.mark.parametrize("text, key, hints", BRAND_ERRORS.values(), ids=BRAND_ERRORS.keys())
def test_brand_errors(tmp_path, text, key, hints):
    path = tmp_path / "brand.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_brand(path)
    key_part = [] if key is None else [key] if key.startswith("[") else [f"'{key}'"]
    assert_one_line(info.value, "brand.toml", *key_part, *hints)


@pytest.mark.parametrize("suffix", ["co.uk", "github.io"])
def test_brand_domain_public_suffix_rejected(tmp_path, suffix):
    path = tmp_path / "brand.toml"
    path.write_text(f'[brand]\nname = "Acme"\ndomains = ["{suffix}"]\n')
    with pytest.raises(ConfigError):
        load_brand(path)


def test_brand_config_missing(tmp_path):
    path = tmp_path / "mentionfinder.toml"
    with pytest.raises(ConfigError) as info:
        load_brand(path)
    assert_one_line(
        info.value, "brand config not found", str(path), "mentionfinder.example.toml", "MENTIONFINDER_CONFIG"
    )


# --- parse_count -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("3", 3),
        ("0", 0),
        (" 7 ", 7),
        (4, 4),
        (None, 9),
        ("", 9),
    ],
)
def test_parse_count(value, expected):
    assert parse_count("depth", value, 9) == expected


@pytest.mark.parametrize("value", ["-1", "abc", "2.5", -3, "1e3", [1]])
def test_parse_count_errors(value):
    with pytest.raises(ConfigError) as info:
        parse_count("depth", value, 9)
    assert_one_line(info.value, f"-a depth={value}", "whole number", "-a depth=2")
