"""Headline figures → series for the home page's chart (inline SVG, no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Point:
    label: str  # the date as displayed (2023-04)
    value: float
    text: str  # 76个


@dataclass(frozen=True)
class Series:
    title: str
    points: tuple[Point, ...]
    width: int = 320
    height: int = 120

    @property
    def latest(self) -> Point:
        return self.points[-1]

    def bars(self) -> list[dict]:
        """Bar geometry: one bar per dated value, scaled to the largest."""
        top = max(p.value for p in self.points) or 1
        slot = self.width / len(self.points)
        out = []
        for i, p in enumerate(self.points):
            h = round((self.height - 40) * p.value / top)  # 20px above for the value label
            out.append(
                {
                    "x": round(i * slot + slot * 0.2),
                    "y": self.height - 20 - h,
                    "w": round(slot * 0.6),
                    "h": h,
                    "cx": round(i * slot + slot / 2),
                    "point": p,
                }
            )
        return out


# Counter words have no English counterpart: "76个" is "76" on the English site.
COUNTERS = {"个", "家", "所", "项", "批", "座"}


def _unit(unit: str) -> str:
    english = (get_language() or "").startswith("en")
    return "" if english and unit in COUNTERS else unit


def headline_series(figures, programmes) -> list[Series]:
    """Figures whose label starts with a programme's name or alias (76个国家区域医疗中心),
    one series per programme and unit, one point per date (the largest value that day)."""
    names = {}
    for programme in programmes:
        for name in [programme.name, *(a.name for a in programme.aliases.all())]:
            if len(name) >= 4:
                names[name] = programme
    series: dict[tuple, dict] = {}
    for f in figures:
        programme = next((p for n, p in names.items() if f.label.startswith(n)), None)
        if programme is None or f.date is None:
            continue
        key = (programme.pk, f.unit)
        unit = _unit(f.unit)
        title = f"{programme.display_name}（{unit}）" if unit else programme.display_name
        points = series.setdefault(key, {"title": title, "points": {}})["points"]
        day = f.display_date
        if day not in points or f.value > points[day].value:
            points[day] = Point(day, float(f.value), f"{f.value_text}{unit}")
    return [Series(s["title"], tuple(s["points"][d] for d in sorted(s["points"]))) for s in series.values()]
