"""nomenklatura's YenteEnricher against a live iceout: match a few entities through
/match/{dataset}, then expand each match through /entities/{id}. Runs in .venv-yente
(nomenklatura 4.10.0, as yente 5.5.0 pins it).

argv: the service's base URL, a scratch directory; stdin: a list of FollowTheMoney entities
(id, schema, properties); stdout: for each, its matches and what expand() gave for each."""

import json
import os
import sys
from pathlib import Path


def main() -> None:
    api, scratch = sys.argv[1], Path(sys.argv[2])
    os.environ["NOMENKLATURA_DB_URL"] = f"sqlite:///{(scratch / 'nk.db').as_posix()}"
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.cache import Cache
    from nomenklatura.enrich.yente import YenteEnricher

    dataset = Dataset.make({"name": "vendors", "title": "Vendors"})
    enricher = YenteEnricher(
        dataset,
        Cache.make_default(dataset),
        {"api": api.rstrip("/") + "/", "dataset": "default", "cache_days": 0},
    )
    out = []
    for data in json.load(sys.stdin):
        entity = StatementEntity.from_data(dataset, data)
        matches = []
        for match in enricher.match(entity):
            expanded = list(enricher.expand(entity, match))
            matches.append(
                {
                    "id": match.id,
                    "schema": match.schema.name,
                    "name": match.get("name"),
                    "sourceUrl": match.get("sourceUrl"),
                    "expanded": [
                        {
                            "id": e.id,
                            "schema": e.schema.name,
                            "properties": e.to_dict()["properties"],
                        }
                        for e in expanded
                    ],
                }
            )
        out.append({"query": data["id"], "matches": matches})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
