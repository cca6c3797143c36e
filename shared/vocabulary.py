"""The words every service speaks, declared once: the statuses of programs, tasks and periods, the roles
of a membership, and the named groups of roles the services' rules are written with. A service imports
them from here and does not spell them again; what a service alone knows (its lifecycle's transitions, who
may do what) it builds from these.

The database spells the same words in its check constraints and functions (``functions/*/migrations``,
``functions/*/definitions``); those are not generated from this module, so a new status or role is added
in both. Cheap to import on a cold start: ``typing`` only.
"""

from __future__ import annotations

from typing import Literal, get_args

# ---- statuses ----

ProgramStatus = Literal["draft", "diajukan", "revisi", "disetujui", "dalam_progres", "ditunda", "selesai",
                        "dibatalkan", "ditolak"]
PROGRAM_STATUSES: tuple[ProgramStatus, ...] = get_args(ProgramStatus)
FINAL_PROGRAM_STATUSES: frozenset[ProgramStatus] = frozenset({"selesai", "dibatalkan", "ditolak"})
"""A program in one of these changes no more (its lifecycle's dead ends), nor do its tasks and parts."""
UNRUN_PROGRAM_STATUSES: frozenset[ProgramStatus] = frozenset({"dibatalkan", "ditolak"})
"""Final without having run (cancelled, rejected): their 0 % is no one's progress, their budget takes nothing."""

TaskStatus = Literal["belum_dimulai", "dalam_progres", "review", "selesai", "ditunda", "dibatalkan"]
TASK_STATUSES: tuple[TaskStatus, ...] = get_args(TaskStatus)
OPEN_TASK_STATUSES: tuple[TaskStatus, ...] = ("belum_dimulai", "dalam_progres", "review", "ditunda")
"""The tasks still to do: neither done (selesai) nor cancelled (dibatalkan)."""

PeriodStatus = Literal["draft", "aktif", "selesai"]
"""A period (kepengurusan) is prepared as a draft, is active (one per organization), then finished: history."""

# ---- roles ----

Role = Literal["ketua", "wakil_ketua", "sekretaris", "bendahara", "kepala_departemen",
               "wakil_kepala_departemen", "anggota", "pembina"]
"""A member's role in one period of an organization (a membership holds one)."""
ROLES: tuple[Role, ...] = get_args(Role)

# The groups of roles, each named by who is in it. "The board" is the ketua and the wakil ketua and
# nobody else (docs/api.md); a group with more people in it has a name of its own.
BOARD: tuple[Role, ...] = ("ketua", "wakil_ketua")
"""The board (pimpinan): the ketua and the wakil ketua."""
BOARD_AND_SEKRETARIS: tuple[Role, ...] = (*BOARD, "sekretaris")
"""The board with the sekretaris: who manage the members, the invitations, the calendar and every task."""
CORE_OFFICERS: tuple[Role, ...] = (*BOARD_AND_SEKRETARIS, "bendahara")
"""The board, the sekretaris and the bendahara (pengurus inti): who hear of every stored report."""
OFFICERS: tuple[Role, ...] = (*CORE_OFFICERS, "pembina")
"""The core officers and the pembina: the period's officers a report names, who see every program's budget."""
DEPARTMENT_HEADS: tuple[Role, ...] = ("kepala_departemen", "wakil_kepala_departemen")
"""The heads of a department (kepala and wakil kepala): what they may do, they may in their department only."""
