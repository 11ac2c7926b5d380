"""POST /api/v1/case2code: a clinical note in, ranked billable codes with evidence out; metered per day."""

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from medcoder.cli.output import as_jsonable
from medcoder.notecoder import NoteCoderError
from medcoder.web.accounts.api import AllowanceErrorOut, ErrorOut, api_visitor
from medcoder.web.case2code.services import code_note

router = Router(tags=["case2code"])


class NoteIn(Schema):
    note: str = Field(examples=["Patient with HTN and CKD 3b, s/p CABG. No fever."])
    setting: str = Field("inpatient", description="inpatient or outpatient (decides uncertain diagnoses)")


class CodingOut(Schema):
    codes: list[dict]
    set_aside: list[dict]
    sections: list[dict]
    setting: str
    codebook: dict
    remaining_today: int | None


@router.post(
    "/case2code",
    response={200: CodingOut, 400: ErrorOut, 401: ErrorOut, 402: AllowanceErrorOut},
    summary="Code a clinical note",
)
def case2code(request: HttpRequest, body: NoteIn):
    """Each code: system, code, title, confidence, evidence spans (character offsets into the note),
    why this specificity, the checks applied, and the codebook source and version."""
    try:
        result, allowance = code_note(api_visitor(request), body.note, body.setting)
    except NoteCoderError as error:
        return Status(400, {"detail": str(error)})
    return {**as_jsonable(result), "remaining_today": allowance.remaining}
