"""The reference data a researcher expects on day one."""

import pytest
from django.core.management import call_command

from hospitals.models import Division, Hospital, HospitalAlias, Partnership, Province
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_all_34_provincial_units_with_unique_slugs_codes_and_tiles():
    provinces = list(Province.objects.all())
    assert len(provinces) == 34
    for field in ("slug", "code", "short_name", "abbr", "name_en"):
        assert len({getattr(p, field) for p in provinces}) == 34, field
    assert len({(p.tile_row, p.tile_col) for p in provinces}) == 34
    kinds = {p.short_name: p.kind for p in provinces}
    assert kinds["北京"] == kinds["重庆"] == "municipality"
    assert kinds["新疆"] == kinds["广西"] == "autonomous_region"
    assert kinds["香港"] == kinds["澳门"] == "sar"
    assert Province.objects.get(slug="shanxi").short_name == "山西"
    assert Province.objects.get(slug="shaanxi").short_name == "陕西"


@pytest.mark.parametrize(
    ("county", "prefecture", "province"),
    [
        ("寿阳县", "晋中市", "山西"),
        ("武乡县", "长治市", "山西"),
        ("泸县", "泸州市", "四川"),
        ("寿光市", "潍坊市", "山东"),
        ("密云区", None, "北京"),  # municipality: districts hang off the province
        ("东方市", None, "海南"),  # province-administered county-level city
    ],
)
def test_division_hierarchy(county, prefecture, province):
    division = Division.objects.select_related("parent", "province").get(name=county, level="county")
    assert division.province.short_name == province
    if prefecture is None:
        assert division.parent is None
    else:
        assert division.parent.name == prefecture
        assert division.parent.level == "prefecture"
        assert division.parent.province_id == division.province_id


def test_divisions_cover_the_country():
    assert Division.objects.filter(level="prefecture").count() >= 330
    assert Division.objects.filter(level="county").count() >= 2800
    # No placeholder rows from the source table.
    assert not Division.objects.filter(name__in=["市辖区", "县"]).exists()
    assert not Division.objects.filter(name__endswith="直辖").exists()
    # Every county-level unit outside municipalities, SARs and province-run cities has a prefecture.
    orphans = Division.objects.filter(level="county", parent=None).exclude(
        province__kind__in=["municipality", "sar"]
    )
    assert all(d.code[2:4] == "90" for d in orphans), [d.name for d in orphans[:5]]


def test_three_programmes_with_names_aliases_and_descriptions():
    keys = set(Programme.objects.values_list("key", flat=True))
    assert {"regional_medical_center", "primary_care_pilot_zone", "county_reform"} <= keys
    for programme in Programme.objects.prefetch_related("aliases"):
        assert programme.name and programme.name_en and programme.description and programme.lead_agencies
        assert programme.start_year >= 2000
        assert programme.aliases.exists()
    rmc = Programme.objects.get(key="regional_medical_center")
    assert rmc.aliases.filter(name="国家区域医疗中心").exists() or rmc.name == "国家区域医疗中心"


def test_curated_hospitals_with_aliases_places_and_partnerships():
    assert Hospital.objects.count() >= 60
    assert Hospital.objects.values("province").distinct().count() >= 15
    assert not Hospital.objects.filter(source="").exists(), "every hospital notes its source"
    tongji = HospitalAlias.objects.get(name="同济医院").hospital
    assert tongji.name == "华中科技大学同济医学院附属同济医院"
    assert tongji.province.short_name == "湖北"
    bethune = Hospital.objects.get(name="山西白求恩医院")
    assert bethune.aliases.filter(name="同济山西医院").exists()
    assert Partnership.objects.filter(output=tongji, input=bethune).exists()
    assert Partnership.objects.count() >= 25
    # An alias never repeats a canonical name (the linker resolves each to one hospital).
    assert not HospitalAlias.objects.filter(name__in=Hospital.objects.values("name")).exists()


def test_load_reference_is_idempotent():
    before = (
        Province.objects.count(),
        Division.objects.count(),
        Hospital.objects.count(),
        HospitalAlias.objects.count(),
    )
    call_command("load_reference", verbosity=0, stdout=open("/dev/null", "w"))
    after = (
        Province.objects.count(),
        Division.objects.count(),
        Hospital.objects.count(),
        HospitalAlias.objects.count(),
    )
    assert before == after
