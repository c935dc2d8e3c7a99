"""Masking of injured people's identifiers for roles that may not see them (DESIGN.md).

Masking happens on the server: a masked page or export never receives the full value.
"""


def mask_name(name):
    """张三 → 张*, 欧阳小明 → 欧***; keeps the family name only."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone):
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * (len(phone) - 2) + phone[-2:]


def mask_id_number(id_number):
    """110101199003071234 → 110101********1234 (region kept, birth date hidden)."""
    id_number = (id_number or "").strip()
    if not id_number:
        return ""
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]
