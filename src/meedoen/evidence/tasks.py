from django.tasks import task


@task()
def fit_engine(*, run_id: int) -> None:
    from meedoen.evidence.services import engine_run_execute

    engine_run_execute(run_id=run_id)
