"""Drop a schema the benchmarks made: python -m bench.drop_schema URL SCHEMA."""

from __future__ import annotations

import sys

from service.adapters.settings import parse_database_url
from service.adapters.stores import connect


def main() -> None:
    url, schema = sys.argv[1], sys.argv[2]
    if not schema.startswith("bench_"):
        raise SystemExit(f"refusing to drop {schema!r}: only the benchmarks' bench_ schemas")
    db = connect(parse_database_url(url))
    try:
        db.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        db.close()


if __name__ == "__main__":
    main()
