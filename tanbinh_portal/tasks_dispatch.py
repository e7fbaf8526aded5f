"""Queueing tasks so that a broker outage delays background work instead of breaking a page."""

from __future__ import annotations

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """``task.delay(*args)``; returns False (and logs) when the broker cannot be reached."""
    try:
        task.delay(*args, **kwargs)
    except (OperationalError, ConnectionError, OSError):
        logger.exception("Broker unreachable; %s will run when it returns", task.name)
        return False
    return True
