"""Score name pairs with OpenSanctions' logic-v2 (nomenklatura). Runs in .venv-nk, apart from
iceout's environment (nomenklatura pins an older DuckDB): reads a CSV with name1,name2 on
stdin, writes one score per line to stdout."""

import csv
import sys

from followthemoney import model
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig


def main() -> None:
    algorithm = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()
    for number, row in enumerate(csv.DictReader(sys.stdin)):
        entities = []
        for side in ("name1", "name2"):
            proxy = model.make_entity("Company")
            proxy.id = f"{side}-{number}"
            proxy.add("name", row[side])
            entities.append(proxy)
        print(f"{algorithm.compare(entities[0], entities[1], config).score:.4f}")


if __name__ == "__main__":
    main()
