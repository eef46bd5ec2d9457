from django.tasks import task


@task()
def run_policy_comparison(*, comparison_id: int) -> None:
    from meedoen.insights.services import comparison_run

    comparison_run(comparison_id=comparison_id)
