"""Start a community with its first office account (flags, or questions when run without them)."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from committee import services
from committee.choices import AccreditationLevel, CommunityKind

FIELDS = [
    # (option, question, default)
    ("name", "社区名称 (community name)", None),
    ("slug", "网址标识 (URL slug, e.g. ankang)", None),
    ("kind", f"类型 (kind: {', '.join(CommunityKind.values)})", CommunityKind.STREET),
    ("area_code", "行政区划代码 (6-digit county or 9-digit town code)", None),
    ("county_name", "所属县（市、区）名称 (county name, optional)", ""),
    ("target_level", f"创建目标 (target: {', '.join(AccreditationLevel.values)})", "national"),
    ("office_username", "办公室账号用户名 (office username)", None),
    ("office_display_name", "办公室联系人姓名 (office contact name)", ""),
    ("office_email", "办公室联系人邮箱 (office e-mail, optional)", ""),
]


class Command(BaseCommand):
    help = (
        "Create a community, its place in the region tree and its first office account; prints "
        "the one-time link with which the office chooses its password."
    )

    def add_arguments(self, parser):
        for option, question, _default in FIELDS:
            parser.add_argument(f"--{option.replace('_', '-')}", dest=option, help=question)
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Never ask; fail on missing values.",
        )

    def handle(self, *args, interactive=True, **options):
        values = {}
        for option, question, default in FIELDS:
            value = options.get(option)
            if value is None and interactive and sys.stdin.isatty():
                suffix = f" [{default}]" if default else ""
                value = input(f"{question}{suffix}: ").strip() or default
            if value is None:
                value = default
            if value is None:
                raise CommandError(f"--{option.replace('_', '-')} is required.")
            values[option] = value
        try:
            community, office, url = services.create_community(**values)
        except ValidationError as exc:
            lines = [
                f"  {field}: {'; '.join(errors)}" for field, errors in exc.message_dict.items()
            ]
            raise CommandError("Community not created:\n" + "\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {community.name} (/c/{community.slug}/), region {community.region}."
            )
        )
        self.stdout.write(f"Office account: {office.username}")
        self.stdout.write(f"One-time setup link (choose a password): {url}")
