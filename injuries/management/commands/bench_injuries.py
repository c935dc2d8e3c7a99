"""python manage.py bench_injuries --community <slug> [--cards 100000] [--rows 10000]

Figures for `make bench` (DESIGN.md "Budgets"), printed, never asserted:
- the statistics over --cards cards (copies of the community's own cards are added for the
  measurement when it holds fewer): computing them, and the statistics page as a whole;
- importing --rows cards from a GBK CSV and from an XLSX with full validation, through the
  command's single pass and through the web page's preview-then-commit path.
Everything runs inside a transaction that is rolled back: the database is left as it was.
"""

import datetime
import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from committee.choices import Role
from committee.models import Community
from safecommunity.evidence import Period
from safecommunity.importing import (
    dataset_from_rows,
    load_dataset,
    read_rows,
    run_import,
    stage_rows,
    staged_dataset,
)

from ... import statistics
from ...models import InjuryCard
from ...resources import InjuryCardResource, import_cards


def best_of(runs, func):
    """Best wall-clock seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def cpu_and_wall(func):
    """(result, CPU seconds of this process, wall seconds). On a shared machine the CPU time
    (SQLite runs in-process) is the fairer figure; both are printed."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = func()
    return result, time.process_time() - cpu, time.perf_counter() - wall


class Command(BaseCommand):
    help = "Time the injury statistics and a large import (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True)
        parser.add_argument("--cards", type=int, default=100_000)
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, community, cards, rows, **options):
        try:
            target = Community.objects.get(slug=community)
        except Community.DoesNotExist as exc:
            raise CommandError(f"社区“{community}”不存在。") from exc
        with transaction.atomic():
            self.statistics(target, cards)
            self.imports(target, rows)
            transaction.set_rollback(True)

    def statistics(self, community, wanted):
        self.grow(community, wanted)
        total = InjuryCard.objects.filter(community=community).count()
        today = timezone.localdate()
        year_ago = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
        periods = {
            "last 12 months": Period(year_ago, today),
            "all years": Period(datetime.date(2000, 1, 1), today),
        }
        self.stdout.write(
            f"\nInjury statistics over {total} cards ({connection.vendor}), best of 3:"
        )
        for label, period in periods.items():
            _stats, cpu, _wall = cpu_and_wall(lambda p=period: statistics.compute(community, p))
            seconds = best_of(3, lambda p=period: statistics.compute(community, p))
            filtered = best_of(3, lambda p=period: statistics.compute(community, p, sex="2"))
            self.stdout.write(
                f"  compute, {label:15} {seconds:6.3f} s (CPU {cpu:.3f} s), filtered by sex {filtered:.3f} s"
            )
        office = (
            get_user_model()
            .objects.filter(memberships__community=community, memberships__role=Role.OFFICE)
            .first()
        )
        if office is not None:
            client = Client()
            client.force_login(office)
            url = f"/c/{community.slug}/injuries/stats/"
            client.get(url, HTTP_HOST="localhost")
            with override_settings(KEEP_PAGE_CONTENT=False):
                computed = best_of(3, lambda: client.get(url, HTTP_HOST="localhost"))
            seconds = best_of(3, lambda: client.get(url, HTTP_HOST="localhost"))
            self.stdout.write(
                f"  statistics page computed (figures cached) {computed:6.3f} s   budget < 0.1 s warm\n"
                f"  statistics page, repeat view (kept)       {seconds:6.3f} s"
            )

    def grow(self, community, wanted):
        """Copy the community's cards (INSERT … SELECT) until it holds ``wanted``."""
        columns = [f.column for f in InjuryCard._meta.concrete_fields if f.column != "id"]
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        table = InjuryCard._meta.db_table
        while True:
            have = InjuryCard.objects.filter(community=community).count()
            if not have or have >= wanted:
                return
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM {table} "  # noqa: S608
                    f"WHERE community_id = %s ORDER BY id LIMIT %s",
                    [community.pk, wanted - have],
                )

    def imports(self, community, rows):
        source = InjuryCard.objects.filter(community=community).select_related("reporting_unit")
        if not source.exists():
            self.stdout.write("No cards to build an import file from; import not timed.")
            return
        dataset = InjuryCardResource(community=community).export(
            queryset=source.order_by("pk")[:rows]
        )
        while dataset.height < rows:
            dataset.extend(list(dataset)[: rows - dataset.height])
        numbers = dataset.headers.index("卡片编号")
        for index in range(dataset.height):
            row = list(dataset[index])
            row[numbers] = f"BENCH-{index:06d}"
            dataset[index] = row
        files = {
            "GBK CSV": (dataset.export("csv").encode("gb18030"), "bench.csv"),
            "XLSX": (dataset.export("xlsx"), "bench.xlsx"),
        }
        self.stdout.write(f"\nImport of {dataset.height} cards, full validation, all or nothing:")
        for label, (data, name) in files.items():
            for path in ("command (one pass)", "web page (preview + commit)"):
                with transaction.atomic():
                    report, cpu, wall = cpu_and_wall(
                        lambda d=data, n=name, p=path: self.run(community, d, n, p)
                    )
                    transaction.set_rollback(True)
                verdict = "ok" if report.committed and wall < 20 else "OVER"
                self.stdout.write(
                    f"  {label:8} {path:28} {wall:6.1f} s (CPU {cpu:5.1f} s)  new={report.new} "
                    f"problems={len(report.problems)}  budget < 20 s  {verdict}"
                )

    def run(self, community, data, name, path):
        if path.startswith("command"):
            return import_cards(community, load_dataset(data, name))
        # What CardImport does: a preview (validation only) that stages the file's rows, then
        # the one-pass commit of the staged rows.
        rows, bad_cells = read_rows(data, name)
        run_import(
            InjuryCardResource(community=community),
            dataset_from_rows(rows, bad_cells),
            commit=False,
        )
        with tempfile.TemporaryDirectory() as folder:
            staged = Path(folder) / "staged"
            stage_rows(staged, rows, bad_cells)
            return import_cards(community, staged_dataset(staged))
