"""What a job seeker types as a location, read as the places it may mean."""

import pytest

from medcoder.careers.locations import Place, places_named

TEXAS = ("TX", "Texas")


@pytest.mark.parametrize(
    ("typed", "places"),
    [
        ("Austin, TX", [Place("Austin", TEXAS)]),
        ("austin ,  texas", [Place("austin", TEXAS)]),
        ("Austin TX", [Place("Austin TX"), Place("Austin", TEXAS)]),
        ("TX", [Place("TX"), Place("", TEXAS)]),
        ("texas", [Place("texas"), Place("", TEXAS)]),
        ("Austin", [Place("Austin")]),
        ("New York", [Place("New York"), Place("", ("NY", "New York"))]),
        ("Salt Lake City Utah", [Place("Salt Lake City Utah"), Place("Salt Lake City", ("UT", "Utah"))]),
        ("Kansas City", [Place("Kansas City")]),
        ("Toronto, Ontario", [Place("Toronto", ("Ontario",))]),
        (", TX", [Place("TX"), Place("", TEXAS)]),
        ("  ", []),
    ],
)
def test_locations_are_read_as_the_places_they_may_mean(typed, places):
    assert places_named(typed) == places
