"""load_registers: the research schema in, idempotent upserts, hospitals matched or (for
hosts only) created, and nothing staff typed overwritten."""

import pytest

from hospitals.models import Hospital
from programmes.models import BatchTotal, Designation, PolicyDocument, Project
from programmes.registers import load_registers, parse_date
from tests.registers.data import SOURCE, project

pytestmark = pytest.mark.django_db

DESIGNATION = {
    "programme": "county_reform",
    "role": "pilot_county",
    "place": "寿阳县",
    "code": "140725",
    "province": "山西",
    "batch": 1,
    "designated_on": "2019-08",
    "level": "national",
    "sources": [SOURCE],
    "verified": ["place", "code"],
}
DOCUMENT = {
    "title": "《示例工作方案》",
    "doc_number": "示例〔2019〕1号",
    "issuers": ["国家发展改革委"],
    "issued_on": "2019-10-23",
    "programmes": ["regional_medical_center"],
    "url": "https://example.org/doc",
    "summary": "示例要点。",
    "sources": [SOURCE],
    "verified": ["title"],
}


def test_parse_date_keeps_precision():
    assert parse_date("2019") == (parse_date("2019-01-01")[0], "year")
    assert parse_date("2019-11")[1] == "month"
    assert parse_date(None) == (None, "day")
    with pytest.raises(ValueError):
        parse_date("2019年")


def test_projects_load_with_hospitals_milestones_and_sources(write_registers):
    folder = write_registers(projects=[project()], totals=[{"batch": 3, "count": 1, "cumulative": 1}])
    report = load_registers(folder=folder)
    p = Project.objects.get()
    assert p.origin == "reference" and p.province.short_name == "河南" and p.prefecture.name == "郑州市"
    assert [h.name for h in p.output_hospitals.all()] == ["中国医学科学院阜外医院"]
    assert p.display_listed_on == "2022-06" and p.batch == 3 and p.status == "building"
    assert p.sources == [SOURCE] and p.verified_fields == ["name", "batch", "province"]
    assert list(p.aliases.values_list("name", flat=True)) == ["甲医院乙省分院"]
    milestone = p.milestones.get()
    assert (milestone.kind, milestone.display_date, milestone.source) == ("listed", "2022-06", SOURCE)
    # The host is its own hospital, created in the project's province, and reported.
    host = p.host_hospital
    assert host.name == "测试乙省依托医院" and host.province.short_name == "河南"
    assert report.created_hospitals and "测试乙省依托医院" in report.created_hospitals[0]
    assert BatchTotal.objects.get().count == 1


def test_a_second_load_changes_nothing(write_registers):
    folder = write_registers(projects=[project()], designations=[DESIGNATION], documents=[DOCUMENT])
    load_registers(folder=folder)
    before = (Project.objects.get().updated_at, Hospital.objects.count(), Designation.objects.count())
    report = load_registers(folder=folder)
    assert (Project.objects.get().updated_at, Hospital.objects.count(), Designation.objects.count()) == before
    assert report.summary("projects") == "1 unchanged"
    assert report.summary("designations") == "1 unchanged"
    assert report.summary("documents") == "1 unchanged"
    assert not report.conflicts


def test_an_output_hospital_not_in_the_list_is_kept_as_a_name_not_created(write_registers):
    folder = write_registers(projects=[project(output_hospitals=["某某大学附属第九医院"])])
    hospitals = Hospital.objects.count()
    report = load_registers(folder=folder)
    p = Project.objects.get()
    assert p.unmatched_outputs == ["某某大学附属第九医院"] and not p.output_hospitals.exists()
    assert Hospital.objects.count() == hospitals + 1  # the host only
    assert any("某某大学附属第九医院" in w for w in report.warnings)
    # Staff add the hospital (with its real province); the next load links it.
    Hospital.objects.create(
        name="某某大学附属第九医院", slug="jiu", province_id=Hospital.objects.first().province_id
    )
    load_registers(folder=folder)
    p.refresh_from_db()
    assert p.unmatched_outputs == [] and p.output_hospitals.get().name == "某某大学附属第九医院"


def test_hospitals_are_matched_by_alias(write_registers):
    load_registers(
        folder=write_registers(
            projects=[project(output_hospitals=["阜外医院"], host_hospital="山西白求恩医院")]
        )
    )
    p = Project.objects.get()
    assert p.output_hospitals.get().name == "中国医学科学院阜外医院"
    assert p.host_hospital.slug == "shanxi-bethune-hospital"


def test_a_changed_file_updates_an_unedited_row_and_drops_rows_it_no_longer_lists(write_registers):
    load_registers(folder=write_registers(projects=[project(), project(name="测试丙项目", name_aliases=[])]))
    report = load_registers(folder=write_registers(projects=[project(batch=4)]))
    assert Project.objects.get().batch == 4
    assert report.counts[("projects", "updated")] == 1 and report.counts[("projects", "deleted")] == 1


def test_staff_edits_survive_the_next_load_and_conflicts_are_parked(write_registers):
    folder = write_registers(projects=[project()])
    load_registers(folder=folder)
    p = Project.objects.get()
    p.specialty, p.staff_edited = "心血管病（staff）", True  # what the admin does on save
    p.save()
    report = load_registers(folder=folder)  # file unchanged: kept, no conflict
    assert Project.objects.get().specialty == "心血管病（staff）" and not report.conflicts
    report = load_registers(folder=write_registers(projects=[project(batch=5)]))  # file changed
    p.refresh_from_db()
    assert p.specialty == "心血管病（staff）" and p.batch == 3
    assert p.pending_reference["batch"] == 5
    assert len(report.conflicts) == 1 and "测试甲医院乙省医院" in report.conflicts[0]
    # Dropped from the file: an edited row stays, reported.
    report = load_registers(folder=write_registers(projects=[]))
    assert Project.objects.filter(pk=p.pk).exists() and report.conflicts


def test_a_staff_row_is_never_written_by_the_loader(write_registers):
    load_registers(folder=write_registers(projects=[project()]))
    Project.objects.update(origin="staff", specialty="staff")
    report = load_registers(folder=write_registers(projects=[project(specialty="file")]))
    assert Project.objects.get().specialty == "staff" and report.conflicts


def test_designations_by_code_take_over_an_extracted_row_and_keep_a_rejection(write_registers):
    from hospitals.models import Division
    from programmes.models import Programme

    county = Division.objects.get(code="140725")
    extracted = Designation.objects.create(
        programme=Programme.objects.get(key="county_reform"), division=county, status="rejected"
    )
    report = load_registers(
        folder=write_registers(designations=[DESIGNATION, {**DESIGNATION, "code": "999999"}])
    )
    extracted.refresh_from_db()
    assert (extracted.origin, extracted.role, extracted.batch, extracted.display_date) == (
        "reference", "pilot_county", 1, "2019-08",
    )  # fmt: skip
    assert extracted.status == "rejected"  # a staff decision is not undone by the loader
    assert any("999999" in w for w in report.warnings)


def test_documents_load_with_programmes(write_registers):
    load_registers(folder=write_registers(documents=[DOCUMENT]))
    doc = PolicyDocument.objects.get()
    assert doc.title == "示例工作方案" and doc.doc_number == "示例〔2019〕1号"
    assert doc.display_issued_on == "2019-10-23" and doc.issuer_text == "国家发展改革委"
    assert list(doc.programmes.values_list("key", flat=True)) == ["regional_medical_center"]


def test_junk_rows_are_reported_not_fatal(write_registers):
    folder = write_registers(
        projects=[{"name": ""}, project(province="火星"), project(name="乙", listed_on="去年", batch="三")],
        documents=[{"title": None}],
    )
    report = load_registers(folder=folder)
    p = Project.objects.get()
    assert p.name == "乙" and p.listed_on is None and p.batch is None
    assert len(report.warnings) >= 4


def test_load_reference_reports_registers(capsys):
    from django.core.management import call_command

    call_command("load_reference")
    out = capsys.readouterr().out
    assert "Registers: projects:" in out
