"""Rendered HTML kept in the cache.

``{% keptcontent %}…{% endkeptcontent %}``: a page's content from the cache, or rendered and
kept (``safecommunity.views.KeptContentMixin``).

The view looks the content up before it queries anything and puts what it found in
``kept_html``: with it the view skipped the queries the content needs, so the tag must serve
exactly that and never look again (the entry could have expired since). Without it the tag
renders its contents and keeps them under ``kept_key``.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


def kept_key(prefix, request, *parts):
    """The cache key of HTML kept for this request's session, or None (keeping is off, or the
    request has no session yet). The session stands for the user, their role and the CSRF token
    of forms in the HTML; the language is always part of it; ``parts`` are what else it shows."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if not (settings.KEEP_PAGE_CONTENT and session_key):
        return None
    everything = (session_key, translation.get_language() or "", *parts)
    return f"{prefix}:" + hashlib.sha256(repr(everything).encode()).hexdigest()


class KeptContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = context.get("kept_html")
        if html is not None:
            return mark_safe(html)
        output = self.nodelist.render(context)
        key = context.get("kept_key")
        if key:
            cache.set(key, str(output), context.get("kept_timeout") or 900)
        return output


@register.tag
def keptcontent(parser, token):
    nodelist = parser.parse(("endkeptcontent",))
    parser.delete_first_token()
    return KeptContentNode(nodelist)


FRAME_TIMEOUT = 15 * 60


class KeptFrameNode(template.Node):
    """The top bar of base.html (the user's menu, the community switcher, the unread badge, the
    language and logout forms), kept per session and per everything it shows: the key is made
    of the very values the bar renders, so a renamed community, a new membership, a read
    notification or another language is a new key by construction, with nothing to forget. Per
    session because the bar's forms carry the session's CSRF token. A dozen URLs and
    translations per page become one cache read."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        key = self.key(context)
        if key is None:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = str(self.nodelist.render(context))
            cache.set(key, html, FRAME_TIMEOUT)
        return mark_safe(html)

    @staticmethod
    def key(context):
        user = context.get("user")
        if not getattr(user, "is_authenticated", False):
            return None
        request = context.get("request")
        current = context.get("current_community")
        membership = context.get("current_membership")
        return kept_key(
            "frame",
            request,
            request.get_full_path(),
            user.pk,
            str(user),
            user.is_superuser,
            bool(context.get("reviews_regions")),
            str(context.get("unread_notifications") or 0),
            tuple((c.pk, c.slug, c.name) for c in context.get("my_communities") or ()),
            (current.pk, current.slug, current.name) if current is not None else None,
            membership.get_role_display() if membership is not None else None,
            bool(context.get("nav_menu")),
            getattr(request.resolver_match, "url_name", None),
            getattr(request.resolver_match, "namespace", None),
        )


@register.tag
def keptframe(parser, token):
    nodelist = parser.parse(("endkeptframe",))
    parser.delete_first_token()
    return KeptFrameNode(nodelist)
