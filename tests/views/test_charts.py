import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from articles.charts import headline_series
from programmes.models import Figure, Programme

pytestmark = pytest.mark.django_db


def test_headline_series_follow_programme_names_over_time(client):
    rmc = Programme.objects.get(key="regional_medical_center")
    for day, value in ((datetime.date(2022, 1, 5), 50), (datetime.date(2023, 4, 14), 76)):
        Figure.objects.create(
            programme=rmc,
            value=Decimal(value),
            value_text=str(value),
            unit="个",
            label="国家区域医疗中心",
            date=day,
        )
    Figure.objects.create(
        programme=rmc, value=3, value_text="3", unit="个", label="主会场", date=datetime.date(2023, 1, 1)
    )
    series = headline_series(Figure.objects.order_by("date"), Programme.objects.prefetch_related("aliases"))
    assert len(series) == 1
    assert [p.text for p in series[0].points] == ["50个", "76个"] and series[0].latest.label == "2023-04-14"
    bars = series[0].bars()
    assert bars[1]["h"] > bars[0]["h"] and all(b["y"] >= 20 for b in bars)
    html = client.get(reverse("articles:home")).content.decode()
    assert "<svg" in html and "76个" in html and "主会场" not in html
