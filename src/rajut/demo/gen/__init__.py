"""Building blocks of the synthetic population (households, persons, events, welfare)."""
