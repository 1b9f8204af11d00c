"""Reads for imports: a person's jobs, drafts, history, and whom they might follow here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from crossnote.accounts.models import User
from crossnote.accounts.usernames import username_key
from crossnote.core.errors import NotFound
from crossnote.imports.models import ImportedItem, ImportJob, LinkedAccount
from crossnote.notes.models import Note
from crossnote.notes.queries import imported_drafts, with_display_data
from crossnote.relations.models import Follow
from crossnote.relations.queries import unseen_people

SUGGESTIONS_SHOWN = 100


def access_job(user: User, job_id: int) -> ImportJob:
    """The person's own import, else NotFound (someone else's looks the same as none)."""
    job = ImportJob.objects.filter(pk=job_id, user=user).first()
    if job is None:
        raise NotFound()
    return job


def jobs_of(user: User, limit: int = 20) -> list[ImportJob]:
    return list(ImportJob.objects.filter(user=user).order_by("-id")[:limit])


def drafts_of(user: User, limit: int = 200) -> QuerySet[Note]:
    """The person's imported drafts, oldest post first. Drafts are theirs alone: this is
    the only list that shows them."""
    notes = imported_drafts(user.pk)
    return with_display_data(notes).order_by("original_posted_at", "pk")[:limit]


def history_of(user: User, kind: str, limit: int = 500) -> list[ImportedItem]:
    """What an archive brought that is kept privately: video links, comments, hashtags."""
    return list(ImportedItem.objects.filter(user=user, kind=kind).order_by("-id")[:limit])


def suggestions_for(user: User, limit: int = SUGGESTIONS_SHOWN) -> list[tuple[User, str]]:
    """People here whom `user` followed elsewhere: the same username (per platform, as the
    archive named it) or a linked account of that name. Leaves out the person, those already
    followed and those hidden either way (blocks, bans). (person, platform) pairs."""
    followed = ImportedItem.objects.filter(user=user, kind=ImportedItem.Kind.FOLLOWING)
    names: dict[str, str] = dict(followed.values_list("key", "platform")[:5000])
    if not names:
        return []
    linked = LinkedAccount.objects.filter(
        Q(*[Q(platform=p, username=n) for n, p in names.items()], _connector=Q.OR)
    ).values_list("user_id", "platform")
    by_link = dict(linked)
    keys = {username_key(name): name for name in names}
    people = User.objects.filter(Q(username_key__in=list(keys)) | Q(pk__in=list(by_link)))
    people = people.exclude(pk=user.pk).exclude(
        pk__in=Follow.objects.filter(follower=user).values("followee_id")
    )
    hidden = unseen_people(user, "")
    if hidden:
        people = people.exclude(hidden)
    found = []
    for person in people.select_related("avatar").order_by("username")[:limit]:
        found.append(
            (person, by_link.get(person.pk) or names.get(keys.get(person.username_key, ""), ""))
        )
    return found
