"""Money and VAT rules (EN 16931), with Hypothesis where a rule must hold for any input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.money import cents, euros, prorate
from telecentre_desk.domain.vat import Line, VatCategory, compute_totals, treatment_for

prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("5000"), places=3)
quantities = st.integers(min_value=1, max_value=200).map(Decimal)
rates = st.sampled_from([Decimal("20.00"), Decimal("10.00"), Decimal("5.50")])


def test_half_a_cent_rounds_up() -> None:
    assert cents(Decimal("0.005")) == Decimal("0.01")
    assert cents(Decimal("2.345")) == Decimal("2.35")
    assert euros("12") == Decimal("12.00")


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        euros(12.5)  # type: ignore[arg-type]


def test_proration_to_the_day() -> None:
    assert prorate(Decimal("300"), 10, 30) == Decimal("100.00")
    assert prorate(Decimal("250"), 17, 31) == Decimal("137.10")
    with pytest.raises(ValueError):
        prorate(Decimal("300"), 31, 30)


def test_vat_is_computed_on_the_sum_of_line_nets_not_line_by_line() -> None:
    # Three lines of 0.05 € at 20 %: 0.01 € each line by line (0.03), 0.03 € on 0.15 €.
    lines = [Line(Decimal(1), Decimal("0.05"), VatCategory.STANDARD, Decimal(20))] * 3
    assert compute_totals(lines).vat == Decimal("0.03")
    # 7 lines of 0.07 €: line by line 7 x 0.01 = 0.07; on the sum 0.49 x 20 % = 0.10.
    lines = [Line(Decimal(1), Decimal("0.07"), VatCategory.STANDARD, Decimal(20))] * 7
    assert compute_totals(lines).vat == Decimal("0.10")


def test_one_group_per_category_and_rate() -> None:
    totals = compute_totals(
        [
            Line(Decimal(3), Decimal("12.50"), VatCategory.STANDARD, Decimal(20)),
            Line(Decimal(1), Decimal("8.00"), VatCategory.STANDARD, Decimal("5.50")),
            Line(Decimal(2), Decimal("10.00"), VatCategory.STANDARD, Decimal(20), Decimal(5)),
        ]
    )
    assert [(g.rate, g.basis, g.vat) for g in totals.groups] == [
        (Decimal("5.50"), Decimal("8.00"), Decimal("0.44")),
        (Decimal(20), Decimal("52.50"), Decimal("10.50")),
    ]
    assert (totals.net, totals.vat, totals.gross) == (
        Decimal("60.50"),
        Decimal("10.94"),
        Decimal("71.44"),
    )


@given(st.lists(st.tuples(quantities, prices, rates), min_size=1, max_size=30))
def test_totals_always_add_up_to_the_cent(rows: list[tuple[Decimal, Decimal, Decimal]]) -> None:
    lines = [Line(q, p, VatCategory.STANDARD, r) for q, p, r in rows]
    totals = compute_totals(lines)
    assert totals.lines_net == sum((line.net for line in lines), Decimal(0))
    assert totals.gross == totals.net + totals.vat
    assert totals.vat == sum((g.vat for g in totals.groups), Decimal(0))
    for group in totals.groups:
        exact = group.basis * group.rate / 100
        assert abs(group.vat - exact) <= Decimal("0.005")
        assert group.vat == group.vat.quantize(Decimal("0.01"))


def test_each_vat_mode_has_its_treatment_and_mention() -> None:
    assert treatment_for(VatMode.LIABLE).category is VatCategory.STANDARD
    franchise = treatment_for(VatMode.FRANCHISE)
    assert (franchise.category, franchise.rate) == (VatCategory.EXEMPT, Decimal(0))
    assert franchise.exemption_reason == "TVA non applicable, art. 293 B du CGI"
    assert treatment_for(VatMode.ASSOCIATION_EXEMPT).exemption_reason.startswith("Exonération")
