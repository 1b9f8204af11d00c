"""Search for notes and people, and notes like a note. Results respect visibility, blocks
and mutes exactly as feeds do, because they are filtered through the same `feed_notes`
query (cards_in_order)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, Value, When

from crossnote.accounts.models import User
from crossnote.accounts.usernames import username_key
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.core.text import nfkc
from crossnote.notes.models import Note
from crossnote.notes.queries import cards_in_order
from crossnote.relations.queries import unseen_people
from crossnote.search import backends, fusion
from crossnote.search.tokens import query_words
from crossnote.tags.models import Hashtag
from crossnote.tags.parsing import tag_key
from crossnote.translation.detection import detect_language
from crossnote.translation.engines.offline import OfflineEngine

MAX_QUERY_LENGTH = 100
# Matches are fetched in batches and filtered for visibility until a page is full.
_BATCH = 60
_MAX_BATCHES = 4
# Hybrid search ranks a bounded list: the best full-text matches fused with the notes
# nearest in meaning. Pages are slices of that list, which is kept in the cache for the
# cursor (FUSED_TTL), so paging neither repeats nor skips a note while notes come and go.
FULL_TEXT_CANDIDATES = 300
MEANING_CANDIDATES = 100
FUSED_TTL = 15 * 60


def query_alternatives(q: str) -> list[list[str]]:
    """The query's words, and the same query in the other language, so "coffee" also finds
    咖啡 notes and 口红 finds "lipstick" ones (query_gloss), and a hashtag's other names."""
    words = query_words(q)
    if not words:
        return []
    key = f"search-alternatives:{int(settings.CROSSNOTE_SEARCH_DICTIONARY)}:{_digest(q)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    alternatives = [words]
    translated = query_words(query_gloss(q))
    if translated and translated != words:
        alternatives.append(translated)
    alternatives += [a for a in _tag_alias_words(q) if a not in alternatives]
    cache.set(key, alternatives, 3600)
    return alternatives


def query_gloss(q: str) -> str:
    """The query in the other language, from the offline dictionary engine (local, fast,
    and cached, as it runs on every search); "" when CROSSNOTE_SEARCH_DICTIONARY is off or
    the query is in neither language."""
    if not settings.CROSSNOTE_SEARCH_DICTIONARY:
        return ""
    key = f"search-gloss:{_digest(q)}"
    gloss = cache.get(key)
    if gloss is None:
        language = detect_language(q) or ("zh-hans" if any(_is_cjk(c) for c in q) else "en")
        other = "en" if language.startswith("zh") else "zh-hans"
        gloss = ""
        if language in ("en", "zh-hans", "zh-hant"):
            gloss = OfflineEngine().translate([q], language, other, 0.0)[0]
        cache.set(key, gloss, 3600)
    return gloss


def _digest(q: str) -> str:
    return hashlib.sha256(q.encode()).hexdigest()[:32]


def _tag_alias_words(q: str) -> list[list[str]]:
    """A query that names a hashtag also searches for the other names of its topic
    (#TikTok难民 finds #TikTokRefugee notes)."""
    tag = Hashtag.objects.filter(key=tag_key(q.strip().lstrip("#＃"))).first()
    if tag is None:
        return []
    topic_id = tag.canonical_id or tag.pk
    names = Hashtag.objects.filter(Q(pk=topic_id) | Q(canonical_id=topic_id)).values_list(
        "name", flat=True
    )
    return [words for name in names if (words := query_words(name))]


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def search_notes(viewer: object, q: str, cursor: str | None, limit: int | None) -> Page[Note]:
    """Notes matching `q` that the viewer may see, best first: hybrid (words and meaning)
    when CROSSNOTE_SEARCH_MEANING is on, the full-text match alone otherwise."""
    if fusion.meaning_enabled():
        return _search_hybrid(viewer, q[:MAX_QUERY_LENGTH], cursor, limit)
    return _search_words(viewer, q, cursor, limit)


def _search_words(viewer: object, q: str, cursor: str | None, limit: int | None) -> Page[Note]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "search:notes")
    offset = position["o"] if position else 0
    alternatives = query_alternatives(q[:MAX_QUERY_LENGTH])
    found: list[Note] = []
    exhausted = not alternatives
    for _batch in range(_MAX_BATCHES):
        if exhausted or len(found) == size:
            break
        ids = backends.match(alternatives, _BATCH, offset)
        exhausted = len(ids) < _BATCH
        visible = {n.pk: n for n in cards_in_order(viewer, ids)}
        for i, note_id in enumerate(ids):
            if note_id in visible:
                found.append(visible[note_id])
                if len(found) == size:
                    offset += i + 1
                    exhausted = exhausted and i + 1 == len(ids)
                    break
        else:
            offset += len(ids)
    next_cursor = None if exhausted else encode_cursor("search:notes", o=offset)
    return Page(found, next_cursor)


def _search_hybrid(viewer: object, q: str, cursor: str | None, limit: int | None) -> Page[Note]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "search:hybrid")
    ranked, key, stored = _fused_ranking(q, position["l"] if position else None)
    offset = position["o"] if position else 0
    found: list[Note] = []
    while offset < len(ranked) and len(found) < size:
        batch = ranked[offset : offset + _BATCH]
        visible = {n.pk: n for n in cards_in_order(viewer, batch)}
        for note_id in batch:
            offset += 1
            if note_id in visible:
                found.append(visible[note_id])
                if len(found) == size:
                    break
    if offset >= len(ranked):
        return Page(found, None)
    if not stored:  # only a list with a next page is kept, for the cursor to name
        cache.set(f"search-fused:{key}", ranked, FUSED_TTL)
    return Page(found, encode_cursor("search:hybrid", l=key, o=offset))


def _fused_ranking(q: str, key: str | None) -> tuple[list[int], str, bool]:
    """(the fused list of note ids for `q`, its cache key, whether it is cached): the list a
    cursor names if still cached, else a new one (page one, or a cursor past FUSED_TTL)."""
    if key is not None:
        ranked = cache.get(f"search-fused:{key}")
        if ranked is not None:
            return ranked, key, True
    alternatives = query_alternatives(q)
    if not alternatives:  # punctuation or emoji only: no words, and no meaning to look for
        return [], "", False
    words = backends.match(alternatives, FULL_TEXT_CANDIDATES)
    # The encoder reads the query with its dictionary gloss: a keyword of one or two words
    # is thin, and the gloss moves it towards notes in the other language (bench/RETRIEVAL.md).
    gloss = query_gloss(q)
    text = f"{q} {gloss}" if gloss and gloss.strip() != q.strip() else q
    ranked = fusion.fuse(words, fusion.meaning_matches(text, MEANING_CANDIDATES))
    return ranked, secrets.token_urlsafe(12), False


SIMILAR_LIMIT = 6
MAX_SIMILAR_LIMIT = 20
# Candidates fetched per round of more-like-this; each round takes four times as many.
_SIMILAR_BATCH = 40
_SIMILAR_ROUNDS = 3


def similar_notes(viewer: object, note: Note, limit: int | None = None) -> list[Note]:
    """Feed cards of the notes closest in meaning to `note`, in either language, that the
    viewer may see (muted authors left out, as in lists): never `note` itself nor another
    note of its author, and at most one note per author, so the list shows other people's
    takes. Empty when meaning search is off or the note is not embedded (yet)."""
    size = SIMILAR_LIMIT if limit is None else max(1, min(limit, MAX_SIMILAR_LIMIT))
    if not fusion.meaning_enabled():
        return []
    from crossnote.search import vectors

    vector = vectors.vector_of(note.pk)
    if vector is None:
        return []
    authors = {note.author_id}
    found: list[Note] = []
    seen: set[int] = {note.pk}
    batch = _SIMILAR_BATCH
    for _round in range(_SIMILAR_ROUNDS):
        hits = fusion.nearest_in_meaning(vector, batch, exclude=(note.pk,))
        for card in cards_in_order(viewer, [i for i in hits if i not in seen]):
            if card.author_id not in authors:
                authors.add(card.author_id)
                found.append(card)
                if len(found) == size:
                    return found
        seen.update(hits)
        if len(hits) < batch:  # the floor or the index ran out: no point asking for more
            break
        batch *= 4
    return found


def search_users(viewer: object, q: str, cursor: str | None, limit: int | None) -> Page[User]:
    """People whose username or display name contains the query: exact username first, then
    usernames starting with it, then the rest; more followers first, newest on ties."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "search:users")
    offset = position["o"] if position else 0
    text = nfkc(q.strip().lstrip("@"))[:MAX_QUERY_LENGTH]
    if not text:
        return Page([], None)
    key = username_key(text)
    # Muted people are found (to unmute them); banned and blocked ones are not.
    people = User.objects.filter(
        Q(username_key__contains=key) | Q(display_name__icontains=text)
    ).exclude(unseen_people(viewer, "", mutes=False))
    people = (
        people.annotate(
            closeness=Case(
                When(username_key=key, then=Value(0)),
                When(username_key__startswith=key, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("closeness", "-follower_count", "-id")
        .select_related("avatar")
    )
    items = list(people[offset : offset + size + 1])
    more = len(items) > size
    return Page(items[:size], encode_cursor("search:users", o=offset + size) if more else None)
