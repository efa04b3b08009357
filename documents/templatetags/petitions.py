from django import template

from documents.petitions.overtaken import petition_overtaken

register = template.Library()


@register.simple_tag
def overtaken(petition):
    """``{% overtaken p as flag %}``: why the petition may no longer be needed, or None."""
    return petition_overtaken(petition)
