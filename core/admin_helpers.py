"""Admin pieces shared by the three apps (kept in the project package so no app imports
upwards): the intermediate page of actions that need a choice, logging of bulk changes,
and the review-status filter that makes a changelist a review queue."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

# ReviewStatus values (programmes.models), spelled out so that this module, which the
# hospitals admin uses too, imports no app.
AUTOMATIC, CONFIRMED, REJECTED = "automatic", "confirmed", "rejected"


def action_page(modeladmin, request, queryset, form, *, action: str, title: str, intro: str = ""):
    """Render the page that asks for the action's choice; it posts back to the same action
    with `apply` set."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "form": form,
        "objects": queryset,
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


def log_changes(modeladmin, request, objects, message: str) -> None:
    """An admin log entry per object a bulk action changed (the admin logs single edits
    itself)."""
    for obj in objects:
        modeladmin.log_change(request, obj, message)


class ReviewStatusFilter(admin.SimpleListFilter):
    """Review status with “automatic” as the default: the changelist opens as the queue of
    what nobody has reviewed yet; “all” shows everything."""

    title = _("审核状态")
    parameter_name = "review"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*model_admin.model._meta.get_field("status").choices, (self.ALL, _("全部"))]

    def value(self):
        return super().value() or AUTOMATIC

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == self.ALL else queryset.filter(status=value)

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


def bulk_status_actions(noun: str):
    """Confirm and reject actions for a model with a `status` (ReviewStatus) field."""

    def make(status: str, verb: str):
        @admin.action(description=f"{verb}所选{noun}", permissions=["change"])
        def act(modeladmin, request, queryset):
            changed = list(queryset.exclude(status=status))
            for obj in changed:  # saved one by one: their signals bump the data version
                obj.status = status
                obj.save(update_fields=["status"])
            log_changes(modeladmin, request, changed, f"status → {status}")
            modeladmin.message_user(request, f"{verb}了 {len(changed)} 条{noun}。")

        act.__name__ = f"mark_{status}"
        return act

    return [make(CONFIRMED, "确认"), make(REJECTED, "否决")]


def shown(attr: str, description, *, ordering: str | None = None):
    """A model property (display_date, target…) as a list column with a Chinese header:
    Django would title it from the attribute's name, in English ("Display date")."""

    @admin.display(description=description, ordering=ordering)
    def column(obj):
        return getattr(obj, attr)

    column.__name__ = attr
    return column
