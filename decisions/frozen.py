"""JSON that keeps dates and exact money: a published copy's content is stored as JSON and read
back with its dates as dates and its amounts as Decimals, so the frozen record prints exactly
as the live one did."""

import datetime
import json
from decimal import Decimal


class FrozenEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return {"$decimal": str(o)}
        if isinstance(o, datetime.datetime):
            return {"$datetime": o.isoformat()}
        if isinstance(o, datetime.date):
            return {"$date": o.isoformat()}
        return super().default(o)


def _revive(value: dict):
    if len(value) == 1:
        ((key, text),) = value.items()
        if key == "$decimal":
            return Decimal(text)
        if key == "$date":
            return datetime.date.fromisoformat(text)
        if key == "$datetime":
            return datetime.datetime.fromisoformat(text)
    return value


class FrozenDecoder(json.JSONDecoder):
    def __init__(self, *args, **kwargs):
        kwargs["object_hook"] = _revive
        super().__init__(*args, **kwargs)


def freeze(value):
    """The value as it will read back from the database: tuples become lists, and anything
    JSON cannot hold fails now rather than at publication."""
    return json.loads(json.dumps(value, cls=FrozenEncoder), cls=FrozenDecoder)
