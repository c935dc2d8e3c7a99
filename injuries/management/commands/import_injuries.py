"""python manage.py import_injuries --community <slug> [--only-valid] [--dry-run] FILE

The same import as the web page, for large files: validates every row, prints each bad row with
its spreadsheet row number and reason, and writes nothing unless the whole file is valid (or
--only-valid is given). Exits 1 when the file is rejected, 0 when it was imported.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from committee.models import Community
from safecommunity.importing import ImportFileError, load_dataset, run_import

from ...resources import InjuryCardResource, import_cards


class Command(BaseCommand):
    help = "Import injury surveillance cards from CSV (UTF-8/GBK) or XLSX, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--community", required=True, help="the community's slug")
        parser.add_argument(
            "--only-valid", action="store_true", help="import the valid rows, skip the bad ones"
        )
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")

    def handle(self, *args, file, community, only_valid, dry_run, **options):
        try:
            target = Community.objects.get(slug=community)
        except Community.DoesNotExist as exc:
            raise CommandError(f"社区“{community}”不存在。") from exc
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        started = time.monotonic()
        try:
            dataset = load_dataset(path.read_bytes(), path.name)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if dry_run:
            report = run_import(InjuryCardResource(community=target), dataset, commit=False)
        else:
            report = import_cards(target, dataset, only_valid=only_valid)
        if report.unknown_columns:
            self.stdout.write(f"以下列未导入：{'、'.join(report.unknown_columns)}")
        for problem in report.problems:
            where = f"第 {problem.row} 行" if problem.row else "文件"
            self.stderr.write(f"{where}：{'；'.join(problem.messages)}")
        for warning in report.warnings:
            self.stdout.write(
                f"第 {warning.row} 行（提示，照常导入）：{'；'.join(warning.messages)}"
            )
        elapsed = time.monotonic() - started
        if dry_run:
            self.stdout.write(
                f"检查完成：共 {report.total} 行，有效 {report.new} 行，问题行 "
                f"{len(report.bad_rows)} 行（{elapsed:.1f} 秒），未写入。"
            )
            if report.problems:
                raise SystemExit(1)
            return
        if not report.committed:
            self.stderr.write(
                f"未导入：{len(report.bad_rows)} 行有错误，整个文件未写入（{elapsed:.1f} 秒）。"
                "更正后重新导入，或使用 --only-valid 只导入无误的行。"
            )
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成：新增 {report.new} 张报告卡，跳过问题行 {len(report.bad_rows)} 行"
                f"（{elapsed:.1f} 秒）。"
            )
        )
