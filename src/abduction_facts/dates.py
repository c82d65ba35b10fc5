"""A draft's date (`--as-of`, `as-of` in configuration, `date:` in front matter).

States such as ages are compared at a draft's date (see `Checker.with_as_of`);
this module only turns what a user wrote into "YYYY", "YYYY-MM" or
"YYYY-MM-DD", refusing anything that is not a real calendar date.
"""

from __future__ import annotations

import re

__all__ = ["AS_OF_FORMATS", "as_of_value", "parse_as_of"]

AS_OF_FORMATS = "YYYY, YYYY-MM or YYYY-MM-DD"
_AS_OF = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# why: front matter often carries a timestamp ("2022-10-15T09:00:00+09:00");
# the date is the day as written there, whatever the offset.
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ]\d{1,2}:\d{2}")


def parse_as_of(text: str) -> str:
    """`text` as a draft date ("2022", "2022-10" or "2022-10-15"), checked.

    Raises ValueError, saying why, unless `text` is one of those forms and a
    real calendar date (no month 13, no February 30).
    """
    import datetime as dt  # why: not imported by a check that has no date (issue 6)

    match = _AS_OF.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"expected a date as {AS_OF_FORMATS}, not {text!r}")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a calendar date") from None
    return match.group(0)


def as_of_value(value: object) -> str:
    """A date read from YAML or TOML (a string, a date, a timestamp or a year), checked.

    Raises ValueError like `parse_as_of` for anything else.
    """
    import datetime as dt

    if isinstance(value, dt.datetime):  # before `date`: a datetime is a date too
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_as_of(f"{value:04d}") if 0 < value < 10_000 else parse_as_of(str(value))
    if isinstance(value, str):
        timestamp = _TIMESTAMP.match(value.strip())
        return parse_as_of(timestamp.group(1) if timestamp else value)
    raise ValueError(f"expected a date as {AS_OF_FORMATS}, not {value!r}")
