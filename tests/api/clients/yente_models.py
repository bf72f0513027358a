"""Parse iceout's answers with yente's own pydantic models. Runs in .venv-yente (yente 5.5.0,
pinned in the Makefile), apart from iceout's environment: yente pins FastAPI, FollowTheMoney
and nomenklatura versions of its own.

stdin: {"<model name>": [answer, ...], ...}; stdout: {"parsed": n, "failures": [...]}."""

import json
import sys

from yente.data.common import (
    AlgorithmResponse,
    DataCatalogModel,
    EntityMatchResponse,
    EntityResponse,
    SearchResponse,
    StatusResponse,
)

MODELS = {
    "EntityMatchResponse": EntityMatchResponse,
    "EntityResponse": EntityResponse,
    "SearchResponse": SearchResponse,
    "DataCatalogModel": DataCatalogModel,
    "AlgorithmResponse": AlgorithmResponse,
    "StatusResponse": StatusResponse,
}


def main() -> None:
    answers = json.load(sys.stdin)
    parsed, failures = 0, []
    for name, bodies in answers.items():
        for i, body in enumerate(bodies):
            try:
                MODELS[name].model_validate(body)
                parsed += 1
            except Exception as exc:  # every failure is reported, not only the first
                failures.append(f"{name}[{i}]: {exc}")
    json.dump({"parsed": parsed, "failures": failures}, sys.stdout)


if __name__ == "__main__":
    main()
