"""Phone numbers and e-mail addresses as people write them, and the one form we store."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_desk.domain.contact import (
    PhoneError,
    is_valid_badge_code,
    is_valid_email,
    normalise_email,
    normalise_phone,
    phone_search_forms,
)


@pytest.mark.parametrize(
    "written",
    [
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        " 06\u00a012\u00a034\u00a056\u00a078 ",
    ],
)
def test_every_usual_writing_of_a_french_number_is_stored_the_same(written: str) -> None:
    assert normalise_phone(written) == "06 12 34 56 78"


def test_a_foreign_number_is_kept_with_its_country_code() -> None:
    assert normalise_phone("+32 2 555 12 12") == "+3225551212"
    assert normalise_phone("0032 2 555 12 12") == "+3225551212"
    assert normalise_phone("") == ""


@pytest.mark.parametrize(
    "wrong", ["06 12 34", "12345", "+0 12 34 56 78", "06 12 34 56 78 90", "tel: 06", "+33"]
)
def test_what_is_not_a_phone_number_is_refused(wrong: str) -> None:
    with pytest.raises(PhoneError):
        normalise_phone(wrong)


@given(st.integers(min_value=100_000_000, max_value=999_999_999))
def test_any_french_number_normalises_to_itself(digits: int) -> None:
    national = f"0{digits}"
    stored = normalise_phone(national)
    assert normalise_phone(stored) == stored
    assert normalise_phone("+33" + national[1:]) == stored
    assert stored.replace(" ", "") in phone_search_forms(stored)


@pytest.mark.parametrize(
    "address", ["marie.dupont@example.fr", "a+b@mairie-rozay.fr", "X@sub.domain.example"]
)
def test_usual_addresses_are_valid(address: str) -> None:
    assert is_valid_email(address)


@pytest.mark.parametrize(
    "address",
    ["marie.dupont@example", "marie dupont@example.fr", "@example.fr", "marie@", "a@b@c.fr", ""],
)
def test_broken_addresses_are_not(address: str) -> None:
    assert not is_valid_email(address)


def test_addresses_are_stored_trimmed_and_in_lower_case() -> None:
    assert normalise_email("  Marie.Dupont@Example.FR ") == "marie.dupont@example.fr"


def test_badge_codes_are_letters_digits_and_separators() -> None:
    assert is_valid_badge_code("TD-000123")
    assert not is_valid_badge_code("TD 000123")
    assert not is_valid_badge_code("\x1b[A;;")
