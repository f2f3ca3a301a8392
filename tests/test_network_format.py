"""The pieces of the exchange format: periods, base45, pseudonyms, clearing, calendar, CSV."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_desk.network import base45, csvcodec, pseudonyms
from telecentre_desk.network.calendar import (
    easter_sunday,
    french_public_holidays,
    osm_opening_hours,
)
from telecentre_desk.network.clearing import ClearingTariff, clear_visit
from telecentre_desk.network.errors import BundleRefused
from telecentre_desk.network.format import check_version
from telecentre_desk.network.period import Period, PeriodError, PeriodKind
from telecentre_desk.network.schemas import (
    BY_NAME,
    MEMBERS_BY_CATEGORY,
    NETWORK_VISITS,
    OCCUPANCY,
    RESOURCES,
    suppress,
)

TARIFF = ClearingTariff(Decimal("4.00"), Decimal("10.00"), Decimal("18.00"), 270)


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), PeriodKind.MONTH),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), PeriodKind.MONTH),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), PeriodKind.QUARTER),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), PeriodKind.QUARTER),
        (" 2026 ", date(2026, 1, 1), date(2026, 12, 31), PeriodKind.YEAR),
    ],
)
def test_periods_as_the_cli_writes_them(text: str, start: date, end: date, kind: str) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert Period.parse(period.label) == period
    assert len(list(period.days())) == (end - start).days + 1


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "26-11", "novembre", "", "1999"])
def test_a_wrong_period_says_how_to_write_one(text: str) -> None:
    with pytest.raises(PeriodError, match="2026-Q4"):
        Period.parse(text)


def test_previous_month_crosses_the_year() -> None:
    assert Period.previous_month(date(2027, 1, 15)).label == "2026-12"


@given(st.binary(max_size=300))
def test_base45_round_trip(data: bytes) -> None:
    text = base45.encode(data)
    assert set(text) <= set(base45.ALPHABET)
    assert base45.decode(text) == data


def test_base45_matches_the_rfc_examples() -> None:
    assert base45.encode(b"AB") == "BB8"
    assert base45.encode(b"Hello!!") == "%69 VD92EX0"
    assert base45.encode(b"ietf!") == "QED8WEX0"
    for bad in ("GGW", "a", "ZZZZ"):
        with pytest.raises(base45.Base45Error):
            base45.decode(bad)


def test_pseudonyms_are_keyed_and_ignore_how_the_id_is_typed() -> None:
    secret, other = pseudonyms.new_secret(), pseudonyms.new_secret()
    first = pseudonyms.pseudonym(secret, "77-MEL-00412")
    assert first == pseudonyms.pseudonym(secret, " 77-mel-00412 ")
    assert first != pseudonyms.pseudonym(other, "77-MEL-00412")
    assert first != pseudonyms.pseudonym(secret, "77-MEL-00413")
    assert len(first) == 64 and "00412" not in first


def test_the_secret_text_round_trips_and_typos_are_refused() -> None:
    secret = pseudonyms.new_secret()
    text = pseudonyms.secret_text(secret)
    assert text.startswith("tdns1-")
    assert pseudonyms.parse_secret(text.upper().replace("-", " - ")) == secret
    for bad in ("", "tdns1-abcd", text[:-2], "hello-" + text[6:]):
        with pytest.raises(pseudonyms.SecretFormatError):
            pseudonyms.parse_secret(bad)


@pytest.mark.parametrize(
    ("minutes", "unit", "quantity", "amount"),
    [
        (0, "hour", 1, "4.00"),
        (59, "hour", 1, "4.00"),
        (61, "hour", 2, "8.00"),
        (120, "hour", 2, "8.00"),
        (121, "half_day", 1, "10.00"),  # 3 started hours cost more than a half-day
        (270, "half_day", 1, "10.00"),
        (271, "day", 1, "18.00"),
        (600, "day", 1, "18.00"),
    ],
)
def test_clearing_counts_the_cheapest_unit(
    minutes: int, unit: str, quantity: int, amount: str
) -> None:
    cleared = clear_visit(TARIFF, minutes)
    assert (cleared.unit, cleared.quantity, cleared.amount) == (unit, quantity, Decimal(amount))


@given(st.integers(min_value=0, max_value=24 * 60))
def test_a_longer_visit_never_costs_less(minutes: int) -> None:
    assert clear_visit(TARIFF, minutes + 1).amount >= clear_visit(TARIFF, minutes).amount
    assert clear_visit(TARIFF, minutes).amount <= TARIFF.day


def test_the_tariff_round_trips_through_json() -> None:
    assert ClearingTariff.from_json(TARIFF.to_json()) == TARIFF


def test_opening_hours_in_openstreetmap_syntax() -> None:
    weekdays = {day: [(time(8, 30), time(18, 30))] for day in range(5)}
    assert osm_opening_hours(weekdays) == "Mo-Fr 08:30-18:30"
    split = {
        0: [(time(9), time(12)), (time(14), time(18))],
        1: [(time(9), time(12)), (time(14), time(18))],
        3: [(time(9), time(17))],
        5: [(time(9), time(12))],
    }
    assert (
        osm_opening_hours(split) == "Mo,Tu 09:00-12:00,14:00-18:00; Th 09:00-17:00; Sa 09:00-12:00"
    )
    assert osm_opening_hours({}) == "off"


def test_french_public_holidays() -> None:
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    holidays = french_public_holidays(2026)
    assert len(holidays) == 11
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25), date(2026, 7, 14)} <= holidays


def test_versions_of_major_1_are_read_and_others_refused_by_name() -> None:
    assert check_version("1.0") == (1, 0)
    assert check_version("1.7") == (1, 7)
    with pytest.raises(BundleRefused, match=r"2\.0") as refusal:
        check_version("2.0")
    assert refusal.value.reason == "unknown_major_version"
    with pytest.raises(BundleRefused) as malformed:
        check_version("v1")
    assert malformed.value.reason == "bad_manifest"


def test_csv_round_trip_keeps_types_and_writes_fixed_decimals() -> None:
    row = {
        "date": date(2026, 11, 2),
        "open": True,
        "closed_reason": "",
        "unique_visitors": 3,
        "desk_hours_used": Decimal("7.5"),
        "desk_hours_available": Decimal(180),
        "peak": 2,
    }
    data = csvcodec.encode(OCCUPANCY, [row])
    assert data == (
        b"date,open,closed_reason,unique_visitors,desk_hours_used,desk_hours_available,peak\r\n"
        b"2026-11-02,true,,3,7.50,180.00,2\r\n"
    )
    decoded = csvcodec.decode(OCCUPANCY, data, bundle_minor=0)
    assert decoded == [{**row, "closed_reason": None, "desk_hours_used": Decimal("7.50")}]


def test_csv_columns_are_found_by_name_and_unknown_ones_ignored() -> None:
    data = (
        b"registered_members,colour,category,suppressed,members_present\r\n"
        b"12,blue,employee,false,7\r\n"
    )
    rows = csvcodec.decode(MEMBERS_BY_CATEGORY, data, bundle_minor=0)
    assert rows == [
        {
            "category": "employee",
            "registered_members": 12,
            "members_present": 7,
            "suppressed": False,
        }
    ]


@pytest.mark.parametrize(
    ("line", "reason", "named"),
    [
        ("2026-11-31,true,,1,1.00,1.00,1", "bad_value", "date"),
        ("2026-11-02,yes,,1,1.00,1.00,1", "bad_value", "open"),
        ("2026-11-02,true,,-1,1.00,1.00,1", "bad_value", "unique_visitors"),
        ("2026-11-02,true,,1.5,1.00,1.00,1", "bad_value", "unique_visitors"),
        ("2026-11-02,true,strike,1,1.00,1.00,1", "bad_value", "closed_reason"),
        ("2026-11-02,true,,1,1e3,1.00,1", "bad_value", "desk_hours_used"),
        (",true,,1,1.00,1.00,1", "bad_value", "date"),
        ("2026-11-02,true,,1,1.00,1.00", "bad_csv", "ligne 2"),  # French, the default
        ('2026-11-02,"true,,1,1.00,1.00,1', "bad_csv", "ligne"),
    ],
)
def test_a_bad_cell_is_refused_naming_line_and_column(line: str, reason: str, named: str) -> None:
    header = "date,open,closed_reason,unique_visitors,desk_hours_used,desk_hours_available,peak"
    data = f"{header}\r\n{line}\r\n".encode()
    with pytest.raises(BundleRefused) as refusal:
        csvcodec.decode(OCCUPANCY, data, bundle_minor=0)
    assert refusal.value.reason == reason
    assert named in str(refusal.value)
    assert "data/occupancy.csv" in str(refusal.value)


def test_a_missing_column_is_refused_by_name() -> None:
    data = b"home_centre_code,date,duration_minutes,tariff,quantity,amount_due\r\n"
    with pytest.raises(BundleRefused, match="pseudonym") as refusal:
        csvcodec.decode(NETWORK_VISITS, data, bundle_minor=0)
    assert refusal.value.reason == "missing_column"


def test_non_utf8_csv_is_refused() -> None:
    data = "category,registered_members,members_present,suppressed\r\nemployé,1,1,false\r\n"
    with pytest.raises(BundleRefused, match="UTF-8") as refusal:
        csvcodec.decode(MEMBERS_BY_CATEGORY, data.encode("cp1252"), bundle_minor=0)
    assert refusal.value.reason == "not_utf8"


def test_small_counts_are_suppressed() -> None:
    assert [suppress(n) for n in (0, 1, 4, 5, 30)] == [0, None, None, 5, 30]


def test_every_resource_has_a_valid_table_schema() -> None:
    names = [spec.name for spec in RESOURCES]
    assert len(set(names)) == len(names) == 6
    for spec in RESOURCES:
        assert BY_NAME[spec.name] is spec
        schema = spec.schema()
        assert [f["name"] for f in schema["fields"]] == list(spec.field_names)
        assert set(schema.get("primaryKey", [])) <= set(spec.field_names)
        assert all(f["type"] in {"string", "integer", "number", "boolean", "date", "yearmonth"}
                   for f in schema["fields"])  # fmt: skip
