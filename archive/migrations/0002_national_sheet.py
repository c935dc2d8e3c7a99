"""Load the national on-site evaluation sheet as the default indicator scheme (editable data)."""

from django.db import migrations


def load_national_sheet(apps, schema_editor):
    from archive import national_sheet

    national_sheet.load(
        apps.get_model("archive", "IndicatorScheme"),
        apps.get_model("archive", "IndicatorL1"),
        apps.get_model("archive", "IndicatorL2"),
    )


def unload(apps, schema_editor):
    apps.get_model("archive", "IndicatorScheme").objects.filter(code="national", assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(load_national_sheet, unload)]
