"""Telecentre Desk: the front desk of a rural telecentre, coworking space or tiers-lieu."""

__version__ = "0.1.0"
