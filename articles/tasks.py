"""Background jobs: the admin's imports, queued in the database (django-tasks with the
django-tasks-db backend) and run by `manage.py import_worker`.

The request stores the run and its sources (uploaded bytes, URLs) and enqueues
`import_run` in one transaction, then returns; the worker carries the run out with the
same pipeline as `import_articles`, writing one item per page as it goes (the admin's
progress page counts them), and drops the stored sources when the run ends.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.admin.models import ADDITION, LogEntry
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from articles.ingest import runs
from articles.ingest.records import one_line
from articles.ingest.runner import run_import
from articles.ingest.sources import SourceItem, iter_sources, upload_items
from articles.models import Article, ImportOrigin, ImportOutcome, ImportRun, ImportSource, ImportStatus


def queue_import(*, user, uploads: list[tuple[str, bytes]], urls: list[str]) -> ImportRun:
    """A queued admin run holding `uploads` (name, bytes) and `urls`, and its task."""
    with transaction.atomic():
        arguments = [f"upload:{name}" for name, _data in uploads] + urls
        run = ImportRun.objects.create(
            user=user, origin=ImportOrigin.ADMIN, arguments="\n".join(arguments), status=ImportStatus.QUEUED
        )
        ImportSource.objects.bulk_create(
            [ImportSource(run=run, name=name, data=data) for name, data in uploads]
            + [ImportSource(run=run, name=url, url=url) for url in urls]
        )
        result = import_run.enqueue(run.pk)
        ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.refresh_from_db()
    return run


def _items(run: ImportRun) -> Iterator[SourceItem]:
    """The run's sources in order, each read from the database only when its turn comes."""
    for pk in run.sources.values_list("pk", flat=True):
        source = ImportSource.objects.get(pk=pk)
        if source.url:
            yield from iter_sources([source.url])
        else:
            yield from upload_items(source.name, bytes(source.data))


@task()
def import_run(run_id: int) -> dict[str, int]:
    """Carry out a queued admin run; returns its counts."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(**runs.running_fields())
    if not claimed:  # already run, or swept: nothing to do
        return {}
    run = ImportRun.objects.get(pk=run_id)
    try:
        report = run_import([], items=_items(run), run=run, origin=ImportOrigin.ADMIN)
    except BaseException as exc:
        # Failed before its first page (run_import records the interruptions after it).
        ImportRun.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            error=one_line(f"the import failed: {type(exc).__name__}: {exc}"),
        )
        raise
    finally:
        run.sources.all().delete()
    if run.user_id:
        stored = Article.objects.filter(
            import_items__run=run, import_items__outcome__in=[ImportOutcome.CREATED, ImportOutcome.UPDATED]
        )
        LogEntry.objects.log_actions(
            run.user_id, stored, ADDITION, change_message=f"imported in run {run.pk}"
        )
    return dict(report.counts)


def sweep() -> list[ImportRun]:
    """Mark runs whose process died as failed, and their tasks with them (a killed
    worker leaves its task "running" in the queue too)."""
    swept = runs.sweep_stale_runs()
    if ids := [run.task_id for run in swept if run.task_id]:
        DBTaskResult.objects.filter(id__in=ids, status="RUNNING").update(status="FAILED")
    return swept
