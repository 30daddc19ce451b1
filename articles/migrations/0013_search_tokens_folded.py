"""Re-tokenise the search index: text is folded (NFKC, Traditional → Simplified, lower
case) before tokenising, every Han block counts, and each Han run ends with its last
character as a token of its own (see articles/search.py). Rows written before this
migration would miss 醫院 for 医院, ５Ｇ for 5G, rare characters and one-character
queries. Uses the current tokeniser on purpose: the index must match the code that
queries it. On PostgreSQL the stored tsvector follows (a generated column), and the
table is analysed afterwards."""

from django.db import migrations

BATCH = 500


def retokenise(apps, schema_editor):
    from articles.search import tokens

    Article = apps.get_model("articles", "Article")
    ArticleSearch = apps.get_model("articles", "ArticleSearch")
    ids = list(ArticleSearch.objects.order_by("article_id").values_list("article_id", flat=True))
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        rows = []
        for article_id, title, body in Article.objects.filter(id__in=chunk).values_list("id", "title", "body"):
            rows.append(ArticleSearch(article_id=article_id, tokens=tokens(f"{title}\n{body}")))
        ArticleSearch.objects.bulk_update(rows, ["tokens"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE articles_articlesearch")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_chosen_by"),
    ]

    operations = [migrations.RunPython(retokenise, migrations.RunPython.noop)]
