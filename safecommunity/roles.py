"""The roles a member holds in a community (DESIGN.md, "Tenancy and roles").

Core's vocabulary: the access rules in ``safecommunity.tenancy`` and the menu are written in
terms of these roles; ``committee.Membership.role`` stores one of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("委员会办公室")
    MEMBER = "member", _("委员会成员")
    LEADER = "leader", _("工作组组长")
    GROUP_MEMBER = "group_member", _("工作组成员")
    REPORTER = "reporter", _("伤害报告员")
    REVIEWER = "reviewer", _("评审员（只读）")
