"""The always-present check-in field of the main window: a name or a badge, then Enter.

Enter with a picked member checks them in (at the chosen desk) or out. Enter
with typed text is first tried as a badge code (a scanner types the code and
presses Enter: it checks in or out at once); if no badge has it, as a name: one
match is checked in or out, several are offered to choose from, none offers
the walk-in path. The field is emptied at once, so a scanner can send the next
code while the first one is still being recorded.

The bar also runs the closing-time sweep when it starts and every few minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from telecentre_desk.domain.badge_codes import looks_like_badge, looks_like_passport
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.i18n import _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.desk_combo import DeskCombo
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.member_field import MemberField
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import error_text, outcome_text
from telecentre_desk.ui.worker import ServiceRunner

if TYPE_CHECKING:
    # The check-in services are imported when first used: the window comes up without
    # paying for the presence, offers and members modules (tens of milliseconds).
    from telecentre_desk.services.desk_choice import DeskChoices, DeskOption
    from telecentre_desk.services.members import MemberSummary
    from telecentre_desk.services.network_passport import PassportCheckIn
    from telecentre_desk.services.presence import PresenceResult, ScanResult

SWEEP_EVERY_MS = 5 * 60 * 1000
# The first sweep waits until the window is up: it is maintenance, not what the person at
# the desk is waiting for, and it loads the presence services.
FIRST_SWEEP_AFTER_MS = 1500
# The member search index is built in the background soon after sign-in, so that the
# first keystroke in the field does not wait for it (60 ms for 2,000 members).
WARM_UP_AFTER_MS = 1000


class CheckInBar(QFrame):
    presence_changed = Signal(object)  # PresenceResult
    busy_changed = Signal(bool)

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.setObjectName("checkinBar")
        apply_checkin_style(self)
        self._pending = 0
        self._last_text = ""
        self._suggested: DeskOption | None = None
        self._suggested_member: int | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 10, 24, 10)
        outer.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(10)
        caption = QLabel(_("C&heck in or out:"))
        row.addWidget(caption)
        self.field = MemberField(runner, store)
        self.field.setObjectName("checkinField")
        self.field.setPlaceholderText(_("Type a name or scan a badge, then Enter (Ctrl+K or F2)"))
        self.field.setAccessibleName(_("Check in or out: name or badge"))
        caption.setBuddy(self.field)
        self.field.returnPressed.connect(self.submit)
        self.field.picked.connect(self._picked)
        self.field.textEdited.connect(self._text_edited)
        row.addWidget(self.field, 1)
        self.desk = DeskCombo()
        self.desk.setToolTip(_("The desk for this member (their usual free desk is offered first)"))
        row.addWidget(self.desk)
        self.go_button = QPushButton(_("Check in"))
        self.go_button.setProperty("primary", True)
        self.go_button.clicked.connect(self.submit)
        row.addWidget(self.go_button)
        self.walk_in_button = QPushButton(_("&Walk-in visitor…"))
        self.walk_in_button.setToolTip(_("Someone new for an hour, a half-day or a day"))
        self.walk_in_button.clicked.connect(lambda: self.open_walk_in(""))
        row.addWidget(self.walk_in_button)
        outer.addLayout(row)

        feedback_row = QHBoxLayout()
        feedback_row.setSpacing(10)
        self.feedback = Feedback(reserve=True)
        feedback_row.addWidget(self.feedback, 1)
        self.seat_button = QPushButton("")
        self.seat_button.clicked.connect(self._seat_at_suggestion)
        self.seat_button.hide()
        feedback_row.addWidget(self.seat_button, 0, Qt.AlignmentFlag.AlignTop)
        self.new_person_button = QPushButton(_("&New member or visitor…"))
        self.new_person_button.clicked.connect(lambda: self.open_walk_in(self._last_text))
        self.new_person_button.hide()
        feedback_row.addWidget(self.new_person_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(feedback_row)

        self._sweep_timer = QTimer(self)
        self._sweep_timer.setInterval(SWEEP_EVERY_MS)
        self._sweep_timer.timeout.connect(self.sweep)
        self._sweep_timer.start()
        QTimer.singleShot(FIRST_SWEEP_AFTER_MS, self, self.sweep)
        QTimer.singleShot(WARM_UP_AFTER_MS, self, self._warm_up_search)

    # -- public ----------------------------------------------------------------------------------
    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def is_busy(self) -> bool:
        return self._pending > 0

    def submit(self) -> None:
        """Enter: check the picked member in or out, or read the typed text."""
        member = self.field.picked_member
        text = self.field.text().strip()
        self._clear_actions()
        if member is not None:
            desk_id = self.desk.desk_id()
            self._reset_field()
            self._toggle(member.id, desk_id)
            return
        if not text:
            self.feedback.info(_("Type a name or scan a badge, then press Enter."))
            return
        self._last_text = text
        self._reset_field()
        if looks_like_passport(text):
            self._check_in_passport(text)
            return
        from telecentre_desk.services.presence import scan

        self._call(
            scan,
            self.store,
            self.actor,
            text,
            on_done=partial(self._scanned, text),
        )

    def open_walk_in(self, text: str = "") -> None:
        from telecentre_desk.ui.checkin.walk_in import WalkInDialog

        name = "" if looks_like_badge(text) else text
        dialog = WalkInDialog(self.runner, self.store, self.actor, name, self.window())
        dialog.checked_in.connect(self._walked_in)
        dialog.open()
        self.walk_in_dialog = dialog

    def sweep(self) -> None:
        """Close the presences left open after closing time (they are flagged for review)."""
        if self.runner.is_shut_down:
            return
        from telecentre_desk.services.presence_closing import close_forgotten_presences

        self.runner.submit(
            close_forgotten_presences, self.store, self.actor, on_error=lambda _error: None
        )

    def _check_in_passport(self, text: str) -> None:
        """A visitor from another centre of the network scanned their passport's QR code."""
        from telecentre_desk.services.network_passport import check_in_with_passport

        self._call(check_in_with_passport, self.store, self.actor, text, on_done=self._passport_in)

    def _passport_in(self, done: PassportCheckIn) -> None:
        from telecentre_desk.ui.network.passports import describe_check

        if done.already_present:  # a second scan checks out, as with a badge
            from telecentre_desk.services.presence import check_out

            self._call(
                check_out, self.store, self.actor, done.presence.member_id, on_done=self._report
            )
            return
        self.feedback.done(
            _("Network visitor checked in. {details}").format(details=describe_check(done.check))
        )

    def _warm_up_search(self) -> None:
        if self.runner.is_shut_down:
            return
        from telecentre_desk.services import members

        self.runner.submit(members.warm_up, self.store, on_error=lambda _error: None)

    # -- the steps -----------------------------------------------------------------------------
    def _scanned(self, text: str, result: ScanResult) -> None:
        from telecentre_desk.services.members import search_members
        from telecentre_desk.services.presence import ScanOutcome

        if result.outcome is not ScanOutcome.UNKNOWN_BADGE:
            assert result.result is not None
            self._report(result.result)
            return
        if looks_like_badge(text):
            self.feedback.problem(
                _(
                    "No member has the badge “{code}”. Is it someone new? Record them as a "
                    "visitor, or create the member in Members."
                ).format(code=text)
            )
            self.new_person_button.show()
            return
        self._call(search_members, self.store, text, 8, on_done=partial(self._name_results, text))

    def _name_results(self, text: str, found: list[MemberSummary]) -> None:
        if len(found) == 1:
            self._toggle(found[0].id, None)
            return
        if not self.field.text():
            self.field.setText(text)
        if not found:
            self.feedback.problem(
                _("No member matches “{text}”. Check the spelling, or record someone new.").format(
                    text=text
                )
            )
            self.new_person_button.show()
            return
        self.field.setFocus()
        self.field.show_results(found)
        self.feedback.info(
            _("Several members match “{text}”: choose one with ↓ and Enter, or click it.").format(
                text=text
            )
        )

    def _picked(self, member: MemberSummary) -> None:
        self._clear_actions()
        self.desk.set_choices(None)
        from telecentre_desk.services.desk_choice import desk_choices

        self._call(
            desk_choices,
            self.store,
            member.id,
            on_done=partial(self._choices_loaded, member),
        )

    def _choices_loaded(self, member: MemberSummary, choices: DeskChoices) -> None:
        if self.field.picked_member is None or self.field.picked_member.id != member.id:
            return  # the field moved on
        if choices.here:
            self.desk.set_choices(None)
            self.desk.setEnabled(False)
            self.go_button.setText(_("Check out"))
            self.feedback.info(
                _("{name} is here: press Enter to check them out.").format(name=member.display_name)
            )
        else:
            self.desk.setEnabled(True)
            self.desk.set_choices(choices)
            self.go_button.setText(_("Check in"))
            self.feedback.info(
                _("Press Enter to check in {name}; change the desk first if needed.").format(
                    name=member.display_name
                )
            )

    def _toggle(self, member_id: int, desk_id: int | None) -> None:
        from telecentre_desk.services.presence import toggle_presence

        self._call(
            partial(toggle_presence, desk_id=desk_id, source=PresenceSource.DESK),
            self.store,
            self.actor,
            member_id,
            on_done=self._report,
        )

    def _report(self, result: PresenceResult) -> None:
        self.feedback.done(outcome_text(result))
        suggestion = result.suggested_desk
        if suggestion is not None and not result.checked_out and result.presence.desk_id is None:
            self._suggested = suggestion
            self._suggested_member = result.presence.member_id
            self.seat_button.setText(_("Seat at {desk}").format(desk=suggestion.label))
            self.seat_button.setToolTip(
                _("{name}'s usual desk, free now").format(name=result.presence.member_name)
            )
            self.seat_button.show()
        self.presence_changed.emit(result)

    def _seat_at_suggestion(self) -> None:
        if self._suggested is None or self._suggested_member is None:
            return
        desk_id, member_id = self._suggested.id, self._suggested_member
        self._clear_actions()
        from telecentre_desk.services.presence import move_to_desk

        self._call(move_to_desk, self.store, self.actor, member_id, desk_id, on_done=self._seated)

    def _seated(self, result: PresenceResult) -> None:
        self.feedback.done(
            _("{name} is seated at desk {desk}.").format(
                name=result.presence.member_name, desk=result.presence.desk_label
            )
        )
        self.presence_changed.emit(result)

    def _walked_in(self, result: PresenceResult) -> None:
        self._clear_actions()
        self._report(result)
        self.focus_field()

    # -- plumbing ----------------------------------------------------------------------------------
    def _call(self, fn: Callable[..., Any], *args: object, on_done: Callable[[Any], None]) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self.runner.submit(
            fn, *args, on_done=self._finished(on_done), on_error=self._finished(self._failed)
        )

    def _finished(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(payload: Any) -> None:
            if not shiboken6.isValid(self):
                return  # the window closed (signed out) while the job ran
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)
            callback(payload)

        return run

    def _failed(self, error: BaseException) -> None:
        self.feedback.problem(error_text(error))

    def _text_edited(self, _text: str) -> None:
        if self.field.picked_member is None:
            self.go_button.setText(_("Check in"))
            self.desk.setEnabled(True)
            self.desk.set_choices(None)

    def _reset_field(self) -> None:
        self.field.reset()
        self.desk.set_choices(None)
        self.desk.setEnabled(True)
        self.go_button.setText(_("Check in"))

    def _clear_actions(self) -> None:
        self._suggested = None
        self._suggested_member = None
        self.seat_button.hide()
        self.new_person_button.hide()
