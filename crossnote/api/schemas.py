"""Shapes of the JSON API, as published in /api/openapi.json."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

# Every route documents these error answers, all shaped as ErrorOut.
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 413, 415, 422, 429, 503})


class ErrorOut(Schema):
    error: str = Field(description="A stable code for programs, e.g. 'invalid_cursor'.")
    message: str = Field(description="What went wrong, written for people.")


class PhotoOut(Schema):
    """A photo's files. Those of a note that is not public reach only the people who may
    see the note: fetch them with the same `Authorization` header (or web session)."""

    state: str = Field(description="processing, ready or failed")
    grid_url: str = Field(description="About 540 px wide, for cards. Empty while processing.")
    full_url: str = Field(description="At most 2048 px on the long edge. Empty while processing.")
    width: int
    height: int
    color: str = Field(description="Average colour (#rrggbb): a placeholder while loading.")
    alt_text: str = ""


class AuthorOut(Schema):
    username: str
    display_name: str
    display_name_pinyin: str = Field("", description="Pinyin of a Chinese display name.")
    avatar_url: str | None
    newcomer: bool = Field(False, description="Joined in the last 30 days.")
    guide_pairs: list[str] | None = Field(
        None, description="Language pairs this person guides in (on full profiles only)."
    )


class RenditionOut(Schema):
    name: str = Field(description="hd (at most 1080 on the short side) or sd (at most 480)")
    url: str = Field(description="H.264 + AAC in MP4, index first; supports Range requests")
    width: int
    height: int


class VideoOut(Schema):
    kind: str = Field("video", description="Always `video`: the note's media is a video.")
    state: str = Field(description="processing, ready or failed")
    duration: float = Field(description="Seconds.")
    width: int = Field(description="As shown (rotation applied), of the largest rendition.")
    height: int
    color: str = Field(description="Average colour of the poster, #rrggbb: a placeholder.")
    poster_url: str = Field(description="WebP, from the first seconds; empty until ready.")
    renditions: list[RenditionOut] = Field(description="Largest first; empty until ready.")


class NoteCardOut(Schema):
    id: int
    title: str
    topic: str
    kind: str = Field("note", description="note, guide (by a volunteer guide) or question")
    language: str = Field(description="Detected language of title and text: en, zh-hans, …")
    author: AuthorOut
    cover: PhotoOut | None = Field(
        description="None for a question posted without photos, and for a video note."
    )
    video: VideoOut | None = Field(None, description="A video note's video; None otherwise.")
    like_count: int
    liked: bool
    filtered: str = Field(
        "", description="Your filter phrase it contains: show it behind a warning."
    )
    answered: bool | None = Field(
        None, description="On questions for guides: whether a guide has answered it."
    )
    created_at: datetime


class NoteOut(NoteCardOut):
    body: str
    place: str
    visibility: str
    state: str = Field(
        description="processing (photos being made), published or failed; draft for an "
        "imported note its author has not published yet (only its author sees it)"
    )
    images: list[PhotoOut]
    tags: list[str]
    collect_count: int
    comment_count: int = Field(description="Comments and replies you are shown.")
    view_count: int
    collected: bool
    revision: int
    published_at: datetime | None
    updated_at: datetime
    original_posted_at: datetime | None = Field(
        None, description="When an imported note was first posted elsewhere."
    )
    original_platform: str = Field("", description="Where it was: instagram or tiktok.")


class NotePageOut(Schema):
    items: list[NoteCardOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


class RelationshipOut(Schema):
    following: bool
    requested: bool
    followed_by: bool
    blocking: bool
    muting: bool


class UserCardOut(AuthorOut):
    bio: str
    bio_language: str = Field(description="The bio's detected language.")
    follower_count: int


class UserOut(UserCardOut):
    languages: list[str]
    is_private: bool
    following_count: int
    note_count: int = Field(
        description="The person's published notes that you may see; all of them on your own."
    )
    joined_at: datetime
    relationship: RelationshipOut | None = Field(description="How you stand with this person.")


class MeOut(UserOut):
    email: str = Field(description="Where password reset links go. Only you see it.")
    reading_language: str
    auto_translate: bool = Field(description="Show notes already translated into reading_language.")
    interests: list[str] = Field(default_factory=list, description="Topics chosen at onboarding.")
    onboarded: bool = Field(False, description="Whether the welcome steps are done.")
    guidelines_accepted_at: datetime | None = None


class OnboardingIn(Schema):
    languages: list[str] = Field(
        max_length=10,
        description="Languages you speak, as BCP 47 tags (en, zh-CN, zh-TW…); stored as en, "
        "zh-hans, zh-hant, ja, ko, es, fr or de.",
    )
    reading_language: str = Field(
        "", max_length=16, description="Translate into this one (a tag, as for languages)."
    )
    interests: list[str] = Field(default_factory=list, max_length=20, description="Topics.")
    accept_guidelines: bool = Field(description="Must be true: you read and accept them.")
    guide_pairs: list[str] | None = Field(
        None, max_length=10, description='Volunteer as a guide, e.g. ["en-zh"].'
    )


class SuggestedPersonOut(UserCardOut):
    is_guide: bool


class GuidePairsIn(Schema):
    pairs: list[str] = Field(max_length=10, description='e.g. ["en-zh"]; [] stops guiding.')


class GuidePairsOut(Schema):
    pairs: list[str]


class HubOut(Schema):
    pair: str = Field(description="The language pair shown, e.g. en-zh.")
    guides: list[UserCardOut]
    items: list[NoteCardOut]
    next_cursor: str | None


class UserPageOut(Schema):
    items: list[UserCardOut]
    next_cursor: str | None


class SignupIn(Schema):
    username: str = Field(max_length=200)
    password: str = Field(max_length=200)
    display_name: str = Field("", max_length=200)
    languages: list[str] = Field(default_factory=list, max_length=10)
    email: str = Field("", max_length=254, description="Optional: for password resets.")


class SignupOut(Schema):
    user: MeOut
    token: str = Field(description="A bearer token for this device. Shown only once.")


class TokenIn(Schema):
    username: str = Field(max_length=200)
    password: str = Field(max_length=200)
    name: str = Field("API token", max_length=200)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret. Shown only once.")
    deletion_cancelled: bool = Field(
        False, description="Logging in cancelled the account's pending deletion."
    )


class DeletionIn(Schema):
    password: str = Field(max_length=4096)


class DeletionOut(Schema):
    deletion_requested_at: datetime
    deletion_due_at: datetime = Field(
        description="When the account will be deleted unless its owner logs in before."
    )


class ExportOut(Schema):
    id: int
    state: str = Field(description="pending (being built), ready or failed")
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None = Field(description="When a ready export is deleted.")
    size: int = Field(description="The archive's size in bytes, once ready.")
    download_url: str | None = Field(description="Where to fetch the ZIP, once ready.")


class ProfileIn(Schema):
    display_name: str | None = Field(None, max_length=200)
    bio: str | None = Field(None, max_length=2000)
    languages: list[str] | None = Field(None, max_length=10)
    reading_language: str | None = Field(None, max_length=16)
    is_private: bool | None = None
    auto_translate: bool | None = None
    email: str | None = Field(
        None,
        max_length=254,
        description='For password resets; "" removes it. A new one needs current_password.',
    )
    current_password: str | None = Field(
        None, max_length=200, description="Needed only to change the email address."
    )


class PasswordIn(Schema):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class PasswordResetIn(Schema):
    identifier: str = Field(max_length=254, description="A username or an email address.")


class PasswordResetConfirmIn(Schema):
    uid: str = Field(
        max_length=64, description="From the emailed link: …/password-reset/<uid>/<token>"
    )
    token: str = Field(max_length=100, description="From the emailed link, after the uid.")
    new_password: str = Field(max_length=200)


class NoteEditIn(Schema):
    title: str | None = Field(None, max_length=2000)
    body: str | None = Field(None, max_length=20000)
    topic: str | None = None
    kind: str | None = None
    place: str | None = Field(None, max_length=2000)
    visibility: str | None = None
    alt_texts: list[str] | None = Field(None, max_length=18)


class CollectIn(Schema):
    board_id: int | None = None


class CollectOut(Schema):
    collected: bool
    board_id: int | None
    collect_count: int


class LikeOut(Schema):
    liked: bool
    like_count: int


class CommentIn(Schema):
    body: str = Field(max_length=5000)
    parent_id: int | None = Field(None, description="Reply to this comment.")
    confirm: bool = Field(False, description="Post even after an are_you_sure answer.")


class CommentOut(Schema):
    id: int
    author: AuthorOut
    body: str
    language: str
    parent_id: int | None
    reply_to: str | None = Field(description="Username of the person a reply answers.")
    like_count: int
    reply_count: int
    liked: bool
    is_answer: bool = Field(False, description="A guide's answer to a question note.")
    filtered: str = Field(
        "", description="Your filter phrase it contains: show it behind a warning."
    )
    created_at: datetime
    replies: list[CommentOut] = Field(default_factory=list, description="The first few replies.")


class CommentPageOut(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class BoardIn(Schema):
    name: str = Field(max_length=200)
    is_private: bool = True


class BoardEditIn(Schema):
    name: str | None = Field(None, max_length=200, description="A new name (1–40 characters).")
    is_private: bool | None = Field(None, description="Private boards are seen by you alone.")


class BoardOut(Schema):
    id: int
    name: str
    is_default: bool
    is_private: bool
    note_count: int = Field(description="The notes in it that you may see.")


class FollowOut(Schema):
    status: str = Field(description="following, requested or none")


class DoneOut(Schema):
    ok: bool = True


class TagOut(Schema):
    name: str
    note_count: int = Field(description="Public notes with this tag or one of its aliases.")
    view_count: int = Field(description="Views of those notes, aliases included.")
    aliases: list[str] = Field(default_factory=list, description="Other names of this topic.")
    pinyin: str = Field("", description="How a Chinese tag is read, for newcomers.")


class TrendingTagOut(TagOut):
    recent_views: int = Field(
        description="Views in the last 24 hours (the last 7 days for tags after a quiet day)."
    )


class NotificationOut(Schema):
    id: int
    kind: str
    actor: AuthorOut
    note_id: int | None
    comment_id: int | None
    excerpt: str = Field(
        description="The comment's text, the note's title, or a moderator's action and reason."
    )
    filtered: str = Field(
        "", description="Your filter phrase its text contains: show it behind a warning."
    )
    created_at: datetime
    read: bool = Field(description="False while any notification of the group is unread.")
    others: int = Field(
        0,
        description="Likes, collects and follows of the same thing within a day are grouped: "
        "how many other people besides `actor` (the newest). The group's other notifications "
        "are not listed separately.",
    )
    summary: str = Field(
        "",
        description="The group as a sentence in the request's language "
        '("Mei and 8 others liked your note"); empty when `others` is 0.',
    )


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int


class MarkReadIn(Schema):
    ids: list[int] | None = Field(None, description="Omit to mark everything read.", max_length=500)


class MarkReadOut(Schema):
    marked: int


class SimilarNotesOut(Schema):
    items: list[NoteCardOut] = Field(
        description="Closest in meaning first, in either language; at most one per author, "
        "never the note's own author."
    )


class SearchOut(Schema):
    type: str
    notes: list[NoteCardOut]
    users: list[UserCardOut]
    next_cursor: str | None


CommentOut.model_rebuild()


class ImportReportOut(Schema):
    imported: dict[str, int] = Field(
        description="Items made by this import, by kind: post, video, following, hashtag, "
        "comment, video_link."
    )
    already: int = Field(description="Items found already imported (made nothing new).")
    skipped: list[dict[str, str]] = Field(
        description="What was skipped: `what`, a stable `reason` code and a `message`."
    )


class ImportJobOut(Schema):
    id: int
    platform: str = Field(description="instagram or tiktok")
    state: str = Field(description="waiting, running, done or failed")
    total: int = Field(description="Items found in the archive (known once it is read).")
    done: int = Field(description="Items handled so far.")
    percent: int
    error: str = Field(description="A stable code when the import failed, else empty.")
    message: str = Field(description="Why it failed, for people; else empty.")
    report: ImportReportOut | None = Field(description="Once the import ended.")
    created_at: datetime
    finished_at: datetime | None


class PublishDraftsIn(Schema):
    note_ids: list[int] | None = Field(
        None, description="The drafts to publish; leave out (or null) to publish them all."
    )


class PublishedOut(Schema):
    published: int = Field(description="How many drafts were sent to be published.")


class SuggestionOut(Schema):
    person: UserCardOut
    platform: str = Field(description="Where you followed them: instagram or tiktok.")


class HistoryItemOut(Schema):
    kind: str = Field(description="video_link, comment or hashtag")
    text: str = ""
    link: str = ""
    date: str = Field("", description="As the archive wrote it.")
