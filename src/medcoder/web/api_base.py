"""The site's NinjaAPI: documents the 422 every operation answers when its input fails validation, so
the OpenAPI schema lists every status the API can return."""

from typing import Any

from ninja import NinjaAPI

VALIDATION_ERROR_RESPONSE = {
    "description": "The input failed validation; `detail` lists each problem with where it is",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
                "required": ["detail"],
            }
        }
    },
}


class MedcoderAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(422, VALIDATION_ERROR_RESPONSE)
        return schema
