"""What a use case changed, so that views refresh only what is affected (as Anki's OpChanges).

Every service that writes returns a result with a ``changes`` attribute; the
interface's runner broadcasts it, and each view reloads the ids it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangeSet:
    desks: frozenset[int] = field(default_factory=frozenset)
    rooms: frozenset[int] = field(default_factory=frozenset)
    members: frozenset[int] = field(default_factory=frozenset)
    presences: frozenset[int] = field(default_factory=frozenset)
    floors: frozenset[int] = field(default_factory=frozenset)
    # Something broader changed (an import, a migration): reload everything.
    everything: bool = False

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            self.desks | other.desks,
            self.rooms | other.rooms,
            self.members | other.members,
            self.presences | other.presences,
            self.floors | other.floors,
            self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return self.everything or any(
            (self.desks, self.rooms, self.members, self.presences, self.floors)
        )


def changed(
    *,
    desks: object = (),
    rooms: object = (),
    members: object = (),
    presences: object = (),
    floors: object = (),
) -> ChangeSet:
    """``changed(desks=[3], members=[12])``; ``None`` ids are ignored."""
    return ChangeSet(_ids(desks), _ids(rooms), _ids(members), _ids(presences), _ids(floors))


def _ids(values: object) -> frozenset[int]:
    assert isinstance(values, list | tuple | set | frozenset)
    return frozenset(value for value in values if value is not None)
