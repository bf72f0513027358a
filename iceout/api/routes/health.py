"""GET /healthz: the process is up and serving (also the benchmark's baseline)."""

from fastapi import APIRouter

from iceout.api.models import Health

router = APIRouter(tags=["Service"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    return Health()
