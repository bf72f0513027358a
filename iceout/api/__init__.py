"""The screening service and web UI (`iceout serve`): FastAPI over the store built by `iceout run`."""
