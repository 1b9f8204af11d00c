"""Loading the language data before the first reader needs it.

Detection (lingua, English and Chinese only), segmentation (jieba), the offline gloss
dictionaries, pinyin, the Simplified/Traditional tables, FFmpeg's libraries and the sentence
encoder take two to three seconds and about 400 MB; the
meaning index adds about 560 MB per million notes. Under gunicorn they are loaded once, in
the master process before it forks its workers (`preload_app`, crossnote/core/gunicorn_conf.py):
the workers then share those pages with the master instead of each holding a copy, and
`gc.freeze()` keeps the collector from writing to the shared objects (which would copy the
pages it touches into every worker). Elsewhere (runserver, the tests, a WSGI server without
our config) each process loads them on a background thread at start instead.

bench/memory.py measures what a worker holds of its own, with and without this.
"""

from __future__ import annotations

import gc
import logging
import threading

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)

# Set by gunicorn's config in the master before it imports the application: the master then
# loads everything itself, synchronously, just before forking (a thread still loading
# during a fork would leave its locks held in every child).
_in_master = False


def load_in_master_before_fork() -> None:
    """Called from gunicorn's config module, before the application is imported."""
    global _in_master
    _in_master = True


def at_import() -> None:
    """What the WSGI module does when it is imported: nothing in a preloading gunicorn
    master (it calls `before_fork` itself), else load on a background thread."""
    if not _in_master:
        threading.Thread(target=load_language_data, name="crossnote-warm-up", daemon=True).start()


_loading = threading.Lock()


def load_language_data(meaning_index: bool = False) -> None:
    """Load detection, the gloss dictionaries both ways and the sentence encoder (when
    meaning search is on); with `meaning_index`, this process's meaning index too. Threads
    calling at once load once (the others wait)."""
    with _loading:
        _load(meaning_index)
    log.info("language data loaded")


def _load(meaning_index: bool) -> None:
    import av  # noqa: F401 - video probing: FFmpeg's libraries, ~40 MB

    from crossnote.core.chinese import to_simplified, to_traditional
    from crossnote.translation.detection import detect_language
    from crossnote.translation.engines.offline import OfflineEngine
    from crossnote.translation.pinyin import pinyin_of

    detect_language("warm up 预热")
    to_simplified().convert("預熱")
    to_traditional().convert("预热")
    pinyin_of("预热")
    engine = OfflineEngine()
    engine.translate(["预热"], "zh-hans", "en", 0.0)
    engine.translate(["warm up"], "en", "zh-hans", 0.0)
    if settings.CROSSNOTE_SEARCH_MEANING:
        from crossnote.search import meaning, pgvector, vectors

        meaning.encode_query("warm up 预热")
        if meaning_index and not pgvector.kind():  # with pgvector the database searches
            vectors.index()


def before_fork() -> None:
    """In gunicorn's master, once, before the first worker is forked: load everything,
    hand no open database connection to the children, and freeze what exists so the
    children's garbage collections leave those objects (and their pages) alone."""
    try:
        load_language_data(meaning_index=True)
    except Exception:
        # A database not migrated yet, say: the workers load what they need on first use.
        log.exception("Loading the language data before forking failed")
    finally:
        connections.close_all()
    gc.collect()
    gc.freeze()
