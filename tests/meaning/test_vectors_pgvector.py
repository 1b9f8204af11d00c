"""The pgvector path, on a PostgreSQL that has the extension (skipped elsewhere; run with
DATABASE_URL pointing at such a server, e.g. the one PyPI's `pgserver` ships)."""

import pytest
from django.db import connection

from crossnote.search import meaning, pgvector, vectors


@pytest.fixture
def with_pgvector(db):
    if not pgvector.kind():
        pytest.skip("this database has no pgvector column")


def _embedding_is_set(note_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT embedding IS NOT NULL FROM search_notevector WHERE note_id = %s", [note_id]
        )
        return cursor.fetchone()[0]


def test_the_column_follows_the_note_and_answers_nearest(with_pgvector, make_user, post_note):
    _anna, anna = make_user("anna")
    tea = post_note(anna, "A pot of green tea in the garden", title="Tea")["id"]
    bike = post_note(anna, "Fixing a flat bicycle tyre", title="Bike repair")["id"]
    assert _embedding_is_set(tea)
    vectors.forget_index()
    found = vectors.nearest(meaning.encode_query("绿茶"), 2)
    assert vectors._shared.index is None  # nothing loaded in memory: the database answered
    assert [note_id for note_id, _ in found] == [tea, bike]
    assert found[0][1] == pytest.approx(
        float(vectors.vector_of(tea) @ meaning.encode_query("绿茶")), abs=0.02
    )
    assert anna.delete(f"/notes/{tea}").status_code == 200
    assert not _embedding_is_set(tea)
    assert vectors.nearest(meaning.encode_query("绿茶"), 2, exclude=[bike]) == []
