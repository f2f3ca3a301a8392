"""Screens of the offers: the tariff form, contract prices, a member's carnets and
subscriptions, and the badge codes given before printing."""
