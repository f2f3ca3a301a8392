"""Signing in and managing the desk's user accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.roles import Permission, Role
from telecentre_desk.domain.secrets import hash_secret, secret_problem, verify_secret
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import SignInError, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import AuditEvent, User
from telecentre_desk.storage.types import utc_now

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")


@dataclass(frozen=True)
class UserSummary:
    id: int
    login: str
    display_name: str
    role: Role


def users_for_sign_in(store: Store) -> list[UserSummary]:
    """The active accounts, managers first, for the sign-in screen."""
    order = {Role.MANAGER: 0, Role.RECEPTIONIST: 1, Role.VOLUNTEER: 2}
    with store.read() as session:
        users = session.scalars(select(User).where(User.active)).all()
        summaries = [_summary(user) for user in users]
    return sorted(summaries, key=lambda u: (order[u.role], u.display_name.casefold()))


def sign_in(store: Store, login: str, secret: str) -> Actor:
    """Check the PIN or password; every attempt, good or bad, is audited.

    After MAX_FAILURES wrong attempts on an account within LOCKOUT, further
    attempts are refused until the window has passed: a 4-digit PIN cannot be
    guessed by trying them all at the desk.
    """
    attempt = prepare_sign_in(store, login)
    return complete_sign_in(store, attempt, attempt.check(secret))


@dataclass(frozen=True)
class SignInAttempt:
    """The stored hash of the account being signed in to, fetched before checking.

    ``check`` is pure CPU work (scrypt, which releases the GIL), so a caller may run
    it on another thread while it does something else; ``complete_sign_in`` decides.
    """

    login: str
    user_id: int | None
    secret_hash: str = field(repr=False)

    def check(self, secret: str) -> bool:
        return self.user_id is not None and verify_secret(secret, self.secret_hash)


def prepare_sign_in(store: Store, login: str) -> SignInAttempt:
    with store.read() as session:
        user = session.scalars(select(User).where(User.login == login, User.active)).first()
        if user is None:
            return SignInAttempt(login, None, "")
        return SignInAttempt(login, user.id, user.secret_hash)


def complete_sign_in(store: Store, attempt: SignInAttempt, secret_ok: bool) -> Actor:
    """Record the attempt; return the actor, or raise SignInError saying what to do."""
    with store.write() as session:
        user = session.get(User, attempt.user_id) if attempt.user_id is not None else None
        if user is not None and _recent_failures(session, user.id) >= MAX_FAILURES:
            refusal = _(
                "Too many wrong attempts on this account. Wait {minutes} minutes, or ask a manager."
            ).format(minutes=int(LOCKOUT.total_seconds() // 60))
        elif user is None or not user.active or not secret_ok:
            refusal = _("Wrong PIN or password. Check it and try again.")
        else:
            user.last_sign_in_at = utc_now()
            actor = actor_of(user)
            audit.record(session, actor, "sign_in", "user", user.id)
            return actor
        # A login that matches no account is not recorded: it may be a mistyped secret.
        audit.record(session, None, "sign_in_failed", "user", user.id if user else "")
    raise SignInError(refusal)


def _recent_failures(session: Session, user_id: int) -> int:
    since = utc_now() - LOCKOUT
    last_success = session.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.action == "sign_in", AuditEvent.entity_id == str(user_id)
        )
    )
    if last_success is not None and last_success > since:
        since = last_success
    count = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "sign_in_failed",
            AuditEvent.entity_id == str(user_id),
            AuditEvent.at > since,
        )
    )
    return count or 0


def create_user(
    store: Store, actor: Actor, login: str, display_name: str, role: Role, secret: str
) -> UserSummary:
    require(actor, Permission.MANAGE_USERS)
    with store.write() as session:
        user = add_user(session, login, display_name, role, secret)
        audit.record(
            session, actor, "create_user", "user", user.id, {"login": login, "role": role.value}
        )
        return _summary(user)


def add_user(session: Session, login: str, display_name: str, role: Role, secret: str) -> User:
    """Validate and add an account inside the caller's transaction (also used at first run)."""
    problems = user_problems(login, display_name, secret)
    taken = session.scalar(select(func.count()).select_from(User).where(User.login == login))
    if taken:
        problems["login"] = _("The login “{login}” is already used. Choose another.").format(
            login=login
        )
    if problems:
        raise ValidationError(problems)
    user = User(login=login, display_name=display_name.strip(), role=role)
    user.secret_hash = hash_secret(secret)
    session.add(user)
    session.flush()
    return user


def user_problems(login: str, display_name: str, secret: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not _LOGIN.match(login):
        problems["login"] = _(
            "The login must have 2 to 50 characters: lower-case letters, digits, dots, "
            "dashes or underscores, starting with a letter or digit."
        )
    if not display_name.strip():
        problems["display_name"] = _("Enter the person's name as colleagues will see it.")
    secret_issue = secret_problem(secret)
    if secret_issue == "pin_too_short":
        problems["secret"] = _("A PIN must have at least 4 digits.")
    elif secret_issue == "password_too_short":
        problems["secret"] = _("A password must have at least 8 characters.")
    return problems


def _summary(user: User) -> UserSummary:
    return UserSummary(user.id, user.login, user.display_name, user.role)


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.login, user.display_name, user.role)
