"""The consultant console (staff only) and the user's own cases page, on cases the real worker queued."""

import pytest
from django.contrib.auth import get_user_model

from medcoder.web.consult.intake import store_inbound
from medcoder.web.consult.models import CaseMessage, ConsultCase, InboundMail
from tests.web.consult.conftest import question, run_worker, verified_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

UNANSWERABLE = "Is X99.999 billable? Our payer says yes."  # not a code: CasePilot cannot answer


def staff_client(client, email: str):
    user = get_user_model().objects.create_user(username=email, email=email, password="x" * 12, is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def queued_case(outbox) -> ConsultCase:
    verified_user("coder@example.org")
    store_inbound(question("coder@example.org", UNANSWERABLE, 1, "Lunch"), "test")
    run_worker()
    assert outbox == []
    return ConsultCase.objects.get(status=ConsultCase.Status.QUEUED)


def test_a_consultant_claims_edits_and_sends_the_answer_and_the_user_sees_it(queued_case, outbox, client):
    consultant = staff_client(client, "consultant@medcoder.test")
    queue_page = consultant.get("/consult/console/").content.decode()
    assert f"/consult/console/cases/{queued_case.pk}/" in queue_page and "coder@example.org" in queue_page
    case_page = consultant.get(f"/consult/console/cases/{queued_case.pk}/").content.decode()
    assert UNANSWERABLE in case_page and "not confident" in case_page
    consultant.post(f"/consult/console/cases/{queued_case.pk}/claim/")
    queued_case.refresh_from_db()
    assert queued_case.claimed_by.email == "consultant@medcoder.test"

    response = consultant.post(
        f"/consult/console/cases/{queued_case.pk}/send/", {"text": "That is outside coding; ask us codes."}
    )
    assert response.status_code == 302
    [reply] = outbox
    assert reply["In-Reply-To"] == "<question1@example.org>"
    assert reply["Auto-Submitted"] is None  # a person's answer, not an automatic reply (RFC 3834)
    assert "outside coding" in reply.get_body(("plain",)).get_content()
    answer = CaseMessage.objects.get(direction=CaseMessage.Direction.ANSWER)
    assert answer.sent_by.email == "consultant@medcoder.test" and not answer.instant

    consultant.logout()
    consultant.force_login(queued_case.user)
    for page in ("/consult/", "/accounts/profile/"):  # the account page lists the cases and answers too
        mine = consultant.get(page).content.decode()
        assert "outside coding" in mine and UNANSWERABLE in mine and f"#{queued_case.pk} Lunch" in mine


def test_a_consultant_saves_a_draft_without_sending_it(queued_case, outbox, client):
    consultant = staff_client(client, "consultant@medcoder.test")
    response = consultant.post(
        f"/consult/console/cases/{queued_case.pk}/draft/", {"text": "X99.999 is not a code; half done."}
    )
    assert response.status_code == 302
    queued_case.refresh_from_db()
    assert queued_case.draft == "X99.999 is not a code; half done."
    assert queued_case.status == ConsultCase.Status.QUEUED and outbox == []
    page = consultant.get(f"/consult/console/cases/{queued_case.pk}/").content.decode()
    assert "X99.999 is not a code; half done." in page and "Draft saved" in page
    consultant.post(f"/consult/console/cases/{queued_case.pk}/claim/")
    consultant.logout()
    other = staff_client(client, "other@medcoder.test")
    other.post(f"/consult/console/cases/{queued_case.pk}/draft/", {"text": "Overwritten?"})
    queued_case.refresh_from_db()
    assert queued_case.draft == "X99.999 is not a code; half done."  # claimed by another: not saved


def test_a_consultants_reply_coming_back_to_the_consult_address_is_not_answered(queued_case, outbox, client):
    consultant = staff_client(client, "consultant@medcoder.test")
    consultant.post(f"/consult/console/cases/{queued_case.pk}/send/", {"text": "A person's answer."})
    [reply] = outbox
    store_inbound(reply.as_bytes(), "test: our reply bounced back to the consult address")
    run_worker()
    assert len(outbox) == 1
    assert "our own consult address" in InboundMail.objects.order_by("pk").last().outcome


def test_a_case_claimed_by_one_consultant_cannot_be_answered_by_another(queued_case, outbox, client):
    first = staff_client(client, "first@medcoder.test")
    first.post(f"/consult/console/cases/{queued_case.pk}/claim/")
    first.logout()
    second = staff_client(client, "second@medcoder.test")
    second.post(f"/consult/console/cases/{queued_case.pk}/send/", {"text": "My answer."})
    assert outbox == []
    queued_case.refresh_from_db()
    assert queued_case.claimed_by.email == "first@medcoder.test"


def test_closing_removes_the_case_from_the_queue_and_bad_input_gets_a_clear_answer(queued_case, client):
    consultant = staff_client(client, "consultant@medcoder.test")
    assert consultant.post(f"/consult/console/cases/{queued_case.pk}/send/", {"text": ""}).status_code == 400
    assert consultant.get("/consult/console/cases/999999/").status_code == 404
    consultant.post(f"/consult/console/cases/{queued_case.pk}/close/")
    assert (
        f"/consult/console/cases/{queued_case.pk}/"
        not in consultant.get("/consult/console/").content.decode()
    )


def test_the_console_is_for_staff_only(queued_case, client):
    client.force_login(queued_case.user)
    assert client.get("/consult/console/").status_code == 302
    assert client.post(f"/consult/console/cases/{queued_case.pk}/claim/").status_code == 302
    queued_case.refresh_from_db()
    assert queued_case.claimed_by is None
