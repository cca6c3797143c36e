"""Consumer of program.status_changed (queue TasksProgramStatusQueue in template.yaml): a cancelled
program cancels its open tasks, a paused one puts them on hold, a resumed one resumes them
(functions/tasks/program_status.py). Idempotent through shared.consumer's receipts."""

from functions.tasks.program_status import follow_program_status
from functions.tasks.repository import PostgresProgramFollowStore
from shared.consumer import DomainEvent, consumer
from shared.db import Transaction


def follow(tx: Transaction, event: DomainEvent) -> None:
    follow_program_status(PostgresProgramFollowStore(tx), event)


handler = consumer("tasks_program_status", follow)
