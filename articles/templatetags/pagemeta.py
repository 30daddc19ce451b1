"""{% capture as name %}…{% endcapture %}: render a part of the template once and use it
several times. base.html captures the `title` and `description` blocks (which pages
override as usual) for <title>, the meta description and the Open Graph tags."""

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # so {% block %}s inside stay overridable

    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # Tags and runs of whitespace out (a description may come from a paragraph);
        # the text stays escaped as rendered.
        context[self.name] = mark_safe(" ".join(strip_tags(self.nodelist.render(context)).split()))
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
