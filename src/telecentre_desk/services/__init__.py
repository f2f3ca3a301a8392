"""Use cases: one transaction each, role checks, audit, plain results. No Qt."""
