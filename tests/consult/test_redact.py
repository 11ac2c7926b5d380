from medcoder.consult.redact import redact


def test_obvious_identifiers_are_removed_and_codes_kept():
    text = (
        "Patient: John Smith, DOB: 04/12/1950, MRN: 00123456, SSN 123-45-6789, MBI 1EG4-TE5-MK73, "
        "call 555-123-4567 or john@example.org. Dx E11.9 and I10, CPT 99213."
    )
    cleaned, kinds = redact(text)
    for secret in (
        "John Smith",
        "04/12/1950",
        "00123456",
        "123-45-6789",
        "1EG4-TE5-MK73",
        "555-123-4567",
        "john@",
    ):
        assert secret not in cleaned
    assert "E11.9" in cleaned and "I10" in cleaned and "99213" in cleaned
    assert set(kinds) == {"NAME", "DOB", "MRN", "SSN", "MBI", "PHONE", "EMAIL"}


def test_a_labelled_name_stops_at_the_end_of_its_line():
    assert redact("Patient: John Smith\nIs E11.9 billable?")[0] == "[REDACTED NAME]\nIs E11.9 billable?"
