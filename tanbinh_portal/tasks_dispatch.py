"""Queueing tasks so that a broker outage delays background work instead of breaking a page."""

from __future__ import annotations

import logging
import smtplib

from celery.exceptions import Retry
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Errors that say "try again later", never "this input is wrong": the database or the broker is
# unreachable or dropped the connection, a mail server hung up. Only these are retried; a validation
# error or a bug fails at once (retrying would only repeat it).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseOperationalError,
    DatabaseInterfaceError,
    OperationalError,
    ConnectionError,
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)
# Options for every task: exponential back-off (1 s, 2 s, 4 s … at most 10 minutes, jittered), five
# retries, then the task fails and its record shows it.
RETRY_ON_TRANSIENT = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def enqueue(task, *args, **kwargs) -> bool:
    """``task.delay(*args)``; returns False (and logs) when the broker cannot be reached."""
    try:
        task.delay(*args, **kwargs)
    except (OperationalError, ConnectionError, OSError):
        logger.exception("Broker unreachable; %s will run when it returns", task.name)
        return False
    except Retry:
        # Only in eager mode (tests): the task hit a transient error and asked for a retry, which
        # in-process execution cannot schedule. Its record already says what happened.
        logger.warning("%s hit a transient error in-process; not retried", task.name)
        return False
    return True


def enqueue_later(task, *args, countdown: int) -> bool:
    """``enqueue`` with the task held back ``countdown`` seconds (eager mode runs it at once)."""
    try:
        task.apply_async(args=args, countdown=countdown)
    except (OperationalError, ConnectionError, OSError):
        logger.exception("Broker unreachable; %s will run when it returns", task.name)
        return False
    except Retry:
        logger.warning("%s hit a transient error in-process; not retried", task.name)
        return False
    return True
