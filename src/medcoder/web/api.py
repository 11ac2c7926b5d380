"""The JSON API at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Each product area adds its own `Router` from `medcoder/web/<area>/api.py` here.
"""

from medcoder.web.accounts.api import install_error_handlers
from medcoder.web.api_base import MedcoderAPI
from medcoder.web.careers.api import router as careers_router
from medcoder.web.case2code.api import router as case2code_router
from medcoder.web.claims.api import router as claims_router
from medcoder.web.codes.api import router as codes_router
from medcoder.web.pilot.api import router as pilot_router

api = MedcoderAPI(
    title="medcoder API",
    version="1",
    description="Code lookup and search across ICD-10-CM, ICD-10-PCS, HCPCS Level II and CPT. "
    "Send `Authorization: Bearer <token>` with a token from your profile page; without one, "
    "requests are metered as a guest.",
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("", codes_router)
api.add_router("", claims_router)
api.add_router("", case2code_router)
api.add_router("", pilot_router)
api.add_router("", careers_router)
