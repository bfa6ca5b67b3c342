"""The nine English regions and which of them border each other.

Mentor matching prefers a mentor from the mentee's region or a neighbouring one.
"""

from django.db import models


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"


NEIGHBOURS: dict[str, set[str]] = {
    Region.NORTH_EAST: {Region.NORTH_WEST, Region.YORKSHIRE},
    Region.NORTH_WEST: {Region.NORTH_EAST, Region.YORKSHIRE, Region.WEST_MIDLANDS},
    Region.YORKSHIRE: {
        Region.NORTH_EAST,
        Region.NORTH_WEST,
        Region.EAST_MIDLANDS,
    },
    Region.EAST_MIDLANDS: {
        Region.YORKSHIRE,
        Region.WEST_MIDLANDS,
        Region.EAST,
        Region.SOUTH_EAST,
    },
    Region.WEST_MIDLANDS: {
        Region.NORTH_WEST,
        Region.EAST_MIDLANDS,
        Region.SOUTH_WEST,
        Region.SOUTH_EAST,
    },
    Region.EAST: {Region.EAST_MIDLANDS, Region.LONDON, Region.SOUTH_EAST},
    Region.LONDON: {Region.EAST, Region.SOUTH_EAST},
    Region.SOUTH_EAST: {
        Region.LONDON,
        Region.EAST,
        Region.EAST_MIDLANDS,
        Region.WEST_MIDLANDS,
        Region.SOUTH_WEST,
    },
    Region.SOUTH_WEST: {Region.SOUTH_EAST, Region.WEST_MIDLANDS},
}


def are_neighbours(a: str, b: str) -> bool:
    return b in NEIGHBOURS.get(a, set())
