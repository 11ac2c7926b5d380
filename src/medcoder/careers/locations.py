"""What a job seeker types as a location, read as the places it may mean.

"Austin, TX", "Austin TX" and "Austin, Texas" mean the city in that state; "TX" and "Texas" the
state; "Austin" the city in any state; "New York" either the city or the state. Regions that are not
US states ("Ontario") are matched as typed.
"""

from dataclasses import dataclass

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "PR": "Puerto Rico", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming",
}  # fmt: skip
STATE_BY_NAME = {name.lower(): code for code, name in US_STATES.items()}


@dataclass(frozen=True)
class Place:
    """A city (any state when `regions` is empty), or a state (any city when `city` is "")."""

    city: str = ""
    regions: tuple[str, ...] = ()  # the spellings a job's region may have: ("TX", "Texas")


def places_named(location: str) -> list[Place]:
    """The places `location` may mean, any of which a job may be in; [] for an empty location."""
    text = " ".join(location.replace(",", " , ").split()).strip(" ,")
    if not text:
        return []
    if "," in text:
        city, _, region = (part.strip() for part in text.rpartition(","))
        return [Place(city, _spellings(region))] if city else [Place("", _spellings(region))]
    places = [Place(text)]
    state = _state_code(text)
    if state:
        places.append(Place("", _spellings(text)))
    words = text.split()
    for split in (1, 2):  # "Austin TX", "Salt Lake City Utah", "Kansas City North Carolina"
        city, region = " ".join(words[:-split]), " ".join(words[-split:])
        if city and _state_code(region):
            places.append(Place(city, _spellings(region)))
    return places


def _state_code(text: str) -> str | None:
    upper = text.upper()
    return upper if upper in US_STATES else STATE_BY_NAME.get(text.lower())


def _spellings(region: str) -> tuple[str, ...]:
    code = _state_code(region)
    return (code, US_STATES[code]) if code else (region,)
