"""`uvicorn service.asgi:app`: the API's ASGI app under the name it had before
service/ was split by role, which the comparison kit in ../shared/anchors
(bench/from_service.py) starts. The app itself is service.api.asgi."""

from service.api.asgi import app

__all__ = ["app"]
