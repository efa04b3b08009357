from django import template

from casework.timeline import event_sentence as sentence

register = template.Library()


@register.simple_tag
def event_sentence(event) -> str:
    """The timeline sentence for an event (escaped like any variable)."""
    return sentence(event.verb, event.data)
