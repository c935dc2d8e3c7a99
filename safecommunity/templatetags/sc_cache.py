"""``{% keptcontent %}…{% endkeptcontent %}``: a page's content from the cache, or rendered and
kept (``safecommunity.views.KeptContentMixin``).

The view looks the content up before it queries anything and puts what it found in
``kept_html``: with it the view skipped the queries the content needs, so the tag must serve
exactly that and never look again (the entry could have expired since). Without it the tag
renders its contents and keeps them under ``kept_key``.
"""

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

register = template.Library()


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
