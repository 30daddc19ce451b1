"""Post an admin form as a browser would: every field as rendered, with some changed."""

from bs4 import BeautifulSoup


def form_data(html: str, form_id: str) -> dict[str, str | list[str]]:
    form = BeautifulSoup(html, "lxml").find("form", id=form_id)
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = [o.get("value", "") for o in field.find_all("option") if o.has_attr("selected")]
            data.setdefault(name, []).extend(chosen)
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text.lstrip("\n"))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data.setdefault(name, []).append(field.get("value", ""))
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


def row_prefix(data: dict, prefix: str, field: str, value: str) -> str:
    """The inline row (`mentions-3`) whose `field` has `value`."""
    for key, got in data.items():
        if key.startswith(prefix + "-") and key.endswith("-" + field) and got == value:
            return key.rsplit("-", 1)[0]
    raise LookupError(f"no {prefix} row with {field}={value}")
