"""Administrative area codes and the region tree above communities (one place, reused by all).

Codes (decided here):
- 6 digits for province, city and county, as in GB/T 2260 行政区划代码: ``PPCCDD``; a province is
  ``PP0000``, a city ``PPCC00``, anything else a county (district, county-level city);
- 9 digits for a town or street: the county code followed by the 3-digit town code of the
  statistical area codes (统计用区划代码, GB/T 10114 style), ``PPCCDDTTT``. A town community
  (街道/乡镇) usually carries such a code; an industrial park or enterprise may carry its county's.

The tree is derived from the code: the parent of ``330106001`` is ``330106``, whose parent is
``330100``, whose parent is ``330000``. A region contains every region whose code starts with its
``prefix`` (the significant digits: 2, 4, 6 or 9).
"""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .choices import RegionLevel

# GB/T 2260 province-level codes and names (including Taiwan, Hong Kong and Macao).
PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

CODE_PATTERN = re.compile(r"^\d{6}(\d{3})?$")


def validate_area_code(code):
    """Raise ValidationError unless ``code`` is a 6-digit GB/T 2260 code or a 9-digit town code.

    Checks the format and the province prefix; a city part ``00`` is only allowed for the
    province itself, and a town part ``000`` is not a town. Returns the code stripped.
    """
    code = (code or "").strip()
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            _("行政区划代码应为 6 位（省、市、县）或 9 位（乡镇、街道）数字。"), code="format"
        )
    if code[:2] not in PROVINCES:
        raise ValidationError(
            _("行政区划代码的前两位 %(prefix)s 不是有效的省级代码。"),
            code="province",
            params={"prefix": code[:2]},
        )
    if code[2:4] == "00" and code[4:6] != "00":
        raise ValidationError(_("行政区划代码的地市位不能为 00。"), code="city")
    if len(code) == 9 and code[4:6] == "00":
        raise ValidationError(_("乡镇街道代码须以县级代码开头。"), code="county")
    if len(code) == 9 and code[6:] == "000":
        raise ValidationError(_("乡镇街道代码的后三位不能为 000。"), code="town")
    return code


def level_of(code):
    if len(code) == 9:
        return RegionLevel.TOWN
    if code[2:] == "0000":
        return RegionLevel.PROVINCE
    if code[4:] == "00":
        return RegionLevel.CITY
    return RegionLevel.COUNTY


def prefix_of(code):
    """The significant digits: every region below this one has a code starting with them."""
    return {
        RegionLevel.PROVINCE: code[:2],
        RegionLevel.CITY: code[:4],
        RegionLevel.COUNTY: code[:6],
        RegionLevel.TOWN: code,
    }[level_of(code)]


def code_path(code):
    """[(code, level)] from the province down to ``code`` itself (validated first)."""
    code = validate_area_code(code)
    path = [(code[:2] + "0000", RegionLevel.PROVINCE)]
    if level_of(code) != RegionLevel.PROVINCE:
        path.append((code[:4] + "00", RegionLevel.CITY))
    if level_of(code) in (RegionLevel.COUNTY, RegionLevel.TOWN):
        path.append((code[:6], RegionLevel.COUNTY))
    if level_of(code) == RegionLevel.TOWN:
        path.append((code, RegionLevel.TOWN))
    return path


def ensure_region_path(code, names=None, *, rename=True, model=None):
    """Create (or complete) the chain province → … → ``code`` and return the region of ``code``.

    ``names`` maps codes to names; a region created without one is named after the province
    table (provinces) or left blank until someone names it. An existing region takes the name
    ``names`` gives it, or with ``rename=False`` only if it has none yet (a community's profile
    must not rename a county its neighbours share). ``model`` lets a data migration pass its
    historical Region.
    """
    if model is None:
        model = apps.get_model("committee", "Region")
    names = names or {}
    parent = None
    with transaction.atomic():
        for step_code, level in code_path(code):
            default = PROVINCES.get(step_code[:2], "") if level == RegionLevel.PROVINCE else ""
            region, created = model.objects.get_or_create(
                code=step_code,
                defaults={"name": names.get(step_code, default), "level": level, "parent": parent},
            )
            wanted = names.get(step_code)
            if wanted and region.name and not rename:
                wanted = None
            parent_id = parent.pk if parent else None
            if not created and (
                (wanted and region.name != wanted) or region.parent_id != parent_id
            ):
                region.name = wanted or region.name
                region.parent = parent
                region.save(update_fields=["name", "parent"])
            parent = region
    return parent


def region_for_area_code(code, name=None):
    """The Region of a community's area code, creating its chain; ``name`` names that region."""
    code = validate_area_code(code)
    return ensure_region_path(code, names={code: name} if name else None)


def community_region_names(code, community_name="", parent_area=""):
    """Names a community's profile gives its regions: a 9-digit code is the town/street itself
    (named like the community) below the county named ``parent_area``; a 6-digit code is the
    area named ``parent_area``."""
    names = {}
    if len(code) == 9:
        if community_name:
            names[code] = community_name
        if parent_area:
            names[code[:6]] = parent_area
    elif parent_area:
        names[code] = parent_area
    return names


def region_for_community(community):
    """The region a community's profile (area code, name, parent area) places it in, with its
    chain created; None without a code. Raises ValidationError for an invalid code."""
    if not community.area_code:
        return None
    code = validate_area_code(community.area_code)
    names = community_region_names(code, community.name, community.parent_area)
    return ensure_region_path(code, names=names, rename=False)


def communities_under(region, queryset=None):
    """Communities whose region is ``region`` or lies below it (by code prefix)."""
    if queryset is None:
        queryset = apps.get_model("committee", "Community").objects.all()
    return queryset.filter(region__code__startswith=region.prefix)
