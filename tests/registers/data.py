"""Register rows of our own (the schema of /work/research/SCHEMA.md), independent of
fixtures/registers/."""

SOURCE = {
    "issuer": "示例发文机关",
    "title": "示例项目名单",
    "date": "2022-06",
    "url": "https://example.org/list",
}


def project(**kw) -> dict:
    row = {
        "name": "测试甲医院乙省医院",
        "name_aliases": ["甲医院乙省分院"],
        "output_hospitals": ["中国医学科学院阜外医院"],
        "host_hospital": "测试乙省依托医院",
        "province": "河南",
        "bingtuan": False,
        "prefecture": "郑州市",
        "specialty": "心血管",
        "batch": 3,
        "listed_on": "2022-06",
        "milestones": [{"kind": "listed", "date": "2022-06", "source": 0}],
        "status": "building",
        "sources": [SOURCE],
        "verified": ["name", "batch", "province"],
    }
    row.update(kw)
    return row
