"""The task a worker (`manage.py db_worker`) runs for each file asked for."""

from django_tasks import task

from .services import export_run


@task()
def export_build(job_id: str) -> None:
    export_run(job_id=job_id)
