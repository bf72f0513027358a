"""Countries as ISO 3166-1 alpha-2 codes, from whatever a source writes.

USAspending writes 'USA' and 'UNITED STATES', open.canada.ca 'CA' or 'Canada', and the
French side of Canadian records 'États-Unis'. rigour's territory database knows the
codes and names in many languages; this module only turns its answer into an ISO code.
"""

from rigour.territories import lookup_territory

# rigour's code for 'unknown territory'; ISO reserves ZZ for private use.
_UNKNOWN = "zz"


def country_code(value: str | None) -> str | None:
    """Return the ISO alpha-2 code ('US', 'CA', 'GB') of a country code or name, or None."""
    if value is None or not value.strip():
        return None
    territory = lookup_territory(value.strip())
    if territory is None and " " in value.strip():
        # rigour keys 'Royaume-Uni' as 'royaumeuni', so the unhyphenated 'ROYAUME UNI'
        # misses; joining the words with hyphens finds it.
        territory = lookup_territory("-".join(value.split()))
    # A subdivision such as England ('gb-eng') belongs to its country's code.
    while territory is not None and "-" in territory.code:
        territory = territory.parent
    if territory is None or len(territory.code) != 2 or territory.code == _UNKNOWN:
        return None
    return territory.code.upper()
