"""Loaded once by the forkserver that starts `import_articles --jobs N` workers.

Each worker is forked from a process that has already imported the pipeline and loaded
jieba's dictionary, so it starts in milliseconds; a freshly spawned interpreter spent
about a second and a half on the two before its first page.
"""

from articles.ingest import pipeline  # noqa: F401  (imported for the workers)
from articles.ingest.gazetteer import base_dictionary

base_dictionary()
