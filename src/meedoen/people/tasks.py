from django.tasks import task


@task()
def build_data_export(*, export_id: int) -> None:
    from meedoen.people.services import data_export_build

    data_export_build(export_id=export_id)
