"""Who did it, when no one is signed in: management commands mark their audit records.

In a request, auditlog's AuditlogMiddleware gives every LogEntry the signed-in user and the
address. A management command has no user: its records get the actor of the command (none, that
is "system") and, as their correlation id, "manage.py <command>", so that the admin shows and
filters them by command.
"""

import contextlib

from auditlog.context import set_extra_data
from django.core.management.base import BaseCommand

COMMAND_PREFIX = "manage.py "


def command_marker(name: str) -> str:
    return f"{COMMAND_PREFIX}{name}"


@contextlib.contextmanager
def command_actor(name: str, actor=None):
    """Every audit record written inside is marked as written by the command `name`."""
    with set_extra_data({"actor": actor, "remote_addr": None, "remote_port": None, "cid": command_marker(name)}):
        yield


class AuditedCommand(BaseCommand):
    """A management command whose writes are marked as its own in the audit trail."""

    def execute(self, *args, **options):
        name = self.__module__.rsplit(".", 1)[-1]
        with command_actor(name):
            return super().execute(*args, **options)
