"""Core finds each app's evidence, reminders, menu and demo seeders; it keeps no list of apps."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from committee.management.commands.seed_demo import seeders
from safecommunity import tasks
from safecommunity.evidence import providers
from safecommunity.navigation import entries


def test_evidence_modules_are_found_in_installed_apps_order():
    assert [module.__name__ for module in providers()] == [
        "committee.evidence",
        "hazards.evidence",
        "projects.evidence",
        "injuries.evidence",
        "emergency.evidence",
        "archive.evidence",
    ]


def test_reminders_registered_by_the_apps_run_in_their_order():
    assert sorted(tasks.REMINDERS, key=tasks.REMINDERS.get) == [
        "hazards.services.send_overdue_reminders",
        "hazards.services.run_escalation",
        "hazards.services.schedules.run_schedules",
        "projects.services.send_stale_project_reminders",
        "emergency.services.send_emergency_reminders",
        "injuries.services.send_silent_unit_reminders",
    ]


def test_a_reminder_naming_a_missing_function_fails_loudly(monkeypatch):
    monkeypatch.setitem(tasks.REMINDERS, "hazards.services.send_renamed_reminders", 0)

    with pytest.raises(ImproperlyConfigured, match="send_renamed_reminders"):
        tasks.check_reminders()
    with pytest.raises(ImproperlyConfigured, match="send_renamed_reminders"):
        tasks.daily_reminders()


def test_a_reminder_registered_twice_is_refused():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        tasks.reminder("hazards.services.run_escalation", order=1)


def test_every_menu_entry_names_a_page_and_keeps_its_place():
    found = entries()

    assert [(entry.element, entry.order) for entry in found] == sorted(
        (entry.element, entry.order) for entry in found
    )
    assert len({(entry.element, entry.order) for entry in found}) == len(found)
    for entry in found:
        reverse(entry.url_name, kwargs={"community": "x"})  # raises for an unknown name
    assert [entry.url_name for entry in found if entry.for_reporters] == ["injuries:card_list"]
    assert found[0].url_name == "committee:member_list"
    assert found[-1].url_name == "archive:dossier"


def test_demo_seeders_run_after_the_apps_they_link_to():
    assert [module.__name__ for module in seeders()] == [
        "hazards.demo",
        "projects.demo",
        "injuries.demo",
        "emergency.demo",
        "archive.demo",
    ]
