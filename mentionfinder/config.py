"""Niche packs and the brand config: TOML files → validated dataclasses (errors name file, key and fix)."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from mentionfinder.domains import is_public_suffix, registrable_domain

# The packs shipped inside the package (wheel or checkout alike); pip installs packages as folders, so a
# Traversable of ours is a real path.
BUNDLED_NICHES = Path(str(files("mentionfinder") / "packs"))
# The user's own packs: `data/niches/` of the working directory, found before the bundled ones.
USER_NICHES = Path("data") / "niches"
NICHES_DIRS = (USER_NICHES, BUNDLED_NICHES)
DEFAULT_CONFIG = "mentionfinder.toml"
# The database every command reads and every crawl writes, unless MENTIONFINDER_DB / --db says otherwise.
DEFAULT_DB = "data/mentionfinder.db"
# Said by the crawl command's preflight and by the spider itself (when started some other way).
NO_NICHE = "no niche given — run: scrapy crawl resources -a niche=NAME (e.g. health)"


class ConfigError(Exception):
    """A user mistake in a config file or argument; the message is one line that says what to do."""


@dataclass(frozen=True)
class NichePack:
    name: str
    description: str
    seeds: tuple[str, ...]
    footprints: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class Brand:
    name: str
    aliases: tuple[str, ...]
    domains: frozenset[str]
    sitemaps: tuple[str, ...]
    path: str
    case_sensitive: bool = False  # capitals must match: for brands that are common words ("Notion", "Apple")
    exclude: tuple[str, ...] = ()  # phrases in which a name is not the brand ("apple pie")

    @property
    def names(self) -> tuple[str, ...]:
        """The brand name and its aliases, as matched in page text."""
        return (self.name, *self.aliases)


_NICHE_KEYS = {"name": str, "description": str, "seeds": list, "footprints": list}
_BRAND_KEYS = {
    "name": str,
    "aliases": list,
    "domains": list,
    "sitemaps": list,
    "case_sensitive": bool,
    "exclude": list,
}


def available_niches(niches_dirs: tuple[Path, ...] = NICHES_DIRS) -> list[str]:
    """Names of the niche packs: the user's own (`data/niches/`) and those shipped with the tool."""
    return sorted({p.stem for folder in niches_dirs if folder.is_dir() for p in folder.glob("*.toml")})


def resolve_niche_path(name_or_path: str, niches_dirs: tuple[Path, ...] = NICHES_DIRS) -> Path:
    """A pack name (`health`) or a path to a `.toml` file → the pack's file."""
    candidate = Path(name_or_path).expanduser()
    looks_like_path = name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path
    if looks_like_path:
        if not candidate.is_file():
            raise ConfigError(f"niche file not found: {name_or_path} — check the path, or pass a pack name")
        return candidate
    for folder in niches_dirs:
        packed = folder / f"{name_or_path}.toml"
        if packed.is_file():
            return packed
    names = available_niches(niches_dirs)
    packs = ", ".join(names) or "(none found)"
    hint = _did_you_mean(name_or_path, names)
    raise ConfigError(
        f"unknown niche '{name_or_path}'{hint} — available packs: {packs} (or pass a path to a .toml file)"
    )


def load_niche(name_or_path: str, niches_dirs: tuple[Path, ...] = NICHES_DIRS) -> NichePack:
    """Load and validate a niche pack by name or path."""
    path = resolve_niche_path(name_or_path, niches_dirs)
    data = _read_toml(path)
    _check_keys(path, data, _NICHE_KEYS)
    name = data.get("name", path.stem)
    if not name.strip():
        raise ConfigError(f"{path}: key 'name' is empty — give the pack a name, e.g. name = \"{path.stem}\"")
    seeds = _string_list(path, data, "seeds", required=True)
    if not seeds:
        raise ConfigError(f"{path}: key 'seeds' is empty — list at least one resource page URL")
    for seed in seeds:
        _check_http_url(path, "seeds", seed)
    footprints = _string_list(path, data, "footprints", required=False)
    return NichePack(
        name=name.strip(),
        description=data.get("description", "").strip(),
        seeds=tuple(dict.fromkeys(s.strip() for s in seeds)),
        footprints=tuple(f.strip().lower() for f in footprints if f.strip()),
        path=str(path),
    )


def load_brand(path: str | Path = DEFAULT_CONFIG, *, point_with: str = "-s MENTIONFINDER_CONFIG=PATH") -> Brand:
    """Load and validate the brand config (`[brand]` table).

    `point_with`: how the command that asks names another config (a crawl's setting, a command's option).
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise ConfigError(
            f"brand config not found: {path} — copy mentionfinder.example.toml to {DEFAULT_CONFIG} and set "
            f"[brand] name and domains, or point {point_with} at yours"
        )
    data = _read_toml(path)
    _check_keys(path, data, {"brand": dict})
    if "brand" not in data:
        raise ConfigError(f'{path}: missing table [brand] — add it with name = "..." and domains = ["..."]')
    brand = data["brand"]
    _check_keys(path, brand, _BRAND_KEYS, table="brand.")
    name = brand.get("name", "").strip()
    if not name:
        raise ConfigError(f"{path}: key 'brand.name' is missing or empty — set it to your brand's name")
    raw_domains = _string_list(path, brand, "domains", required=True, table="brand.")
    domains = set()
    for raw in raw_domains:
        host = urlsplit(raw if "//" in raw else f"//{raw}").hostname or ""
        domain = registrable_domain(host)
        if not domain or "." not in domain or is_public_suffix(domain):
            raise ConfigError(
                f"{path}: key 'brand.domains' has '{raw}', which is not a domain — use a form like \"example.com\""
            )
        domains.add(domain)
    if not domains:
        raise ConfigError(f"{path}: key 'brand.domains' is empty — list your site's domain, e.g. [\"example.com\"]")
    sitemaps = _string_list(path, brand, "sitemaps", required=False, table="brand.")
    for sitemap in sitemaps:
        _check_http_url(path, "brand.sitemaps", sitemap)
    aliases = [a.strip() for a in _string_list(path, brand, "aliases", required=False, table="brand.")]
    excluded = _string_list(path, brand, "exclude", required=False, table="brand.")
    return Brand(
        name=name,
        aliases=tuple(a for a in dict.fromkeys(aliases) if a and a.lower() != name.lower()),
        domains=frozenset(domains),
        sitemaps=tuple(sitemaps),
        path=str(path),
        case_sensitive=brand.get("case_sensitive", False),
        exclude=tuple(dict.fromkeys(e.strip() for e in excluded if e.strip())),
    )


def parse_count(name: str, value, default: int | None) -> int | None:
    """A spider argument that must be a whole number ≥ 0."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise ConfigError(f"-a {name}={value}: must be a whole number ≥ 0, e.g. -a {name}=2")
    return number


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc} — fix the syntax there") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc} — check the file") from None


def _check_keys(path: Path, data: dict, allowed: dict[str, type], table: str = "") -> None:
    for key, value in data.items():
        if key not in allowed:
            hint = _did_you_mean(key, list(allowed))
            raise ConfigError(f"{path}: unknown key '{table}{key}'{hint} — allowed keys: {', '.join(allowed)}")
        expected = allowed[key]
        if not isinstance(value, expected):
            kind, example = {
                str: ("a string", '"..."'),
                bool: ("true or false", "true"),
                list: ("a list", '["...", "..."]'),
                dict: ("a table", "[" + key + "]"),
            }[expected]
            raise ConfigError(
                f"{path}: key '{table}{key}' must be {kind}, not {type(value).__name__} — write it as {example}"
            )


def _string_list(path: Path, data: dict, key: str, *, required: bool, table: str = "") -> list[str]:
    if key not in data:
        if required:
            raise ConfigError(f"{path}: missing key '{table}{key}' — add {key} = [\"...\"]")
        return []
    values = data[key]
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"{path}: key '{table}{key}' must list strings, found {value!r} — quote each entry")
    return values


def _check_http_url(path: Path, key: str, url: str) -> None:
    try:
        parts = urlsplit(url.strip())
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(
            f"{path}: key '{key}' has '{url}', which is not an http(s) URL — use a full URL like https://site.org/links/"
        )


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
