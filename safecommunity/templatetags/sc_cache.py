"""``{% tablecache %}…{% endtablecache %}``: a list's table from the cache, or rendered and kept.

The list view (``safecommunity.views.CommunityListView``) looks the table up before it queries
anything and puts what it found in ``table_html``: with it the view skipped the count and the
rows, so the tag must serve exactly that, never look again (the entry could have expired since).
Without it the tag renders its contents and keeps them under ``table_cache_key``.
"""

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

register = template.Library()


class TableCacheNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = context.get("table_html")
        if html is not None:
            return mark_safe(html)
        output = self.nodelist.render(context)
        key = context.get("table_cache_key")
        if key:
            cache.set(key, str(output), context.get("table_cache_timeout") or 900)
        return output


@register.tag
def tablecache(parser, token):
    nodelist = parser.parse(("endtablecache",))
    parser.delete_first_token()
    return TableCacheNode(nodelist)
