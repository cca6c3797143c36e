"""Load a realistic example organization to explore: ``make demo`` (or ``python -m infra.demo``).

HIMA Informatika in its active period, the BPH and five departments, 30 members across all eight roles
(every one of whom can log in with ``DEMO_PASSWORD``), and a living period: programs in every status with
committees, milestones, budgets and tasks for many members (some late), comments, the notifications all
that produced, and a stored progress report. Everything goes through the API's own functions (in-process),
each step by the person who may take it. Running it again changes nothing.

- ``people.py``: the organization, departments and people;
- ``programs.py``: the programs, one table each;
- ``loader.py``: ``load(api)``, the steps;
- ``command.py``: ``make demo``.
"""

from infra.demo.command import main
from infra.demo.loader import DemoError, load
from infra.demo.people import DEMO_PASSWORD, DOMAIN, Person, people

__all__ = ["DEMO_PASSWORD", "DOMAIN", "DemoError", "Person", "load", "main", "people"]
