"""A small literal gazetteer for linking tests (no database)."""

from articles.ingest.gazetteer import EntityRef, Gazetteer

P = {
    "山西": ("shanxi", "山西省", "晋"),
    "河南": ("henan", "河南省", "豫"),
    "北京": ("beijing", "北京市", "京"),
    "上海": ("shanghai", "上海市", "沪"),
    "海南": ("hainan", "海南省", "琼"),
    "湖北": ("hubei", "湖北省", "鄂"),
    "吉林": ("jilin", "吉林省", "吉"),
    "香港": ("xianggang", "香港特别行政区", "港"),
}
DIVISIONS = [
    # code, name, level, province, parent
    ("140100", "太原市", "prefecture", "山西", None),
    ("140700", "晋中市", "prefecture", "山西", None),
    ("140725", "寿阳县", "county", "山西", "140700"),
    ("140400", "长治市", "prefecture", "山西", None),
    ("140429", "武乡县", "county", "山西", "140400"),
    ("469007", "东方市", "county", "海南", None),
    ("410100", "郑州市", "prefecture", "河南", None),
    ("110105", "朝阳区", "county", "北京", None),
    ("220104", "朝阳区", "county", "吉林", "220100"),
    ("220100", "长春市", "prefecture", "吉林", None),
    ("810112", "北区", "county", "香港", None),
    ("420100", "武汉市", "prefecture", "湖北", None),
]
HOSPITALS = [
    ("tongji", "华中科技大学同济医学院附属同济医院", ["同济医院"], "湖北", "420100"),
    ("bethune", "山西白求恩医院", ["同济山西医院"], "山西", "140100"),
    ("henan-children", "河南省儿童医院", ["北京儿童医院郑州医院"], "河南", "410100"),
    ("dongfang-people", "东方市人民医院", [], "海南", "469007"),
]
PROGRAMMES = [
    ("regional_medical_center", ["国家区域医疗中心", "区域医疗中心建设试点"]),
    ("primary_care_pilot_zone", ["基层卫生健康综合试验区"]),
    ("county_reform", ["县域医改", "县域医共体", "紧密型县域医共体"]),
]


def sample_gazetteer(extra: tuple = ()) -> Gazetteer:
    """`extra`: more (EntityRef, aliases) pairs (documents, projects) for one test."""
    entities = list(extra)
    for short, (slug, full, abbr) in P.items():
        entities.append((EntityRef("province", slug, short, province=short), [full, short, abbr]))
    for code, name, level, province, parent in DIVISIONS:
        entities.append(
            (EntityRef("division", code, name, province=province, parent=parent, level=level), [name])
        )
    for slug, name, aliases, province, division in HOSPITALS:
        entities.append(
            (EntityRef("hospital", slug, name, province=province, division=division), [name, *aliases])
        )
    for key, aliases in PROGRAMMES:
        entities.append((EntityRef("programme", key, key), aliases))
    return Gazetteer.from_entities(entities, [("tongji", "bethune")])
