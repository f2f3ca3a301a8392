"""Pure rules of the front desk: no Qt, no database."""
