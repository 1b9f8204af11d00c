from django.db import models
from django.utils import timezone


class PendingTask(models.Model):
    """A background task that a committed write needs and the queue does not have yet: the
    outbox (crossnote.core.outbox).

    Written in the same transaction as the write, deleted once the queue has the task. So
    whatever dies between the commit and the enqueue (the process, the connection to Redis,
    Redis itself), the task is still here and the sweep hands it over later.
    """

    task = models.CharField(max_length=200)  # huey's name for it: module.function
    args = models.JSONField(default=list)  # ids and strings only (core.tasks.TaskArg)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="pending_task_created_idx")]
