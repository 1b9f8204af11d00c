from django.urls import path

from crossnote.web.views import (
    account,
    feeds,
    moderation,
    newcomers,
    notes,
    notifications,
    people,
    resets,
    translation,
)

app_name = "web"

urlpatterns = [
    path("", feeds.discover, name="discover"),
    path("following", feeds.following, name="following"),
    path("trending", feeds.trending, name="trending"),
    path("guidelines", feeds.guidelines, name="guidelines"),
    path("welcome", newcomers.welcome, name="welcome"),
    path("newcomers", newcomers.hub, name="hub"),
    path("guides/questions", newcomers.questions, name="questions"),
    path("guides/volunteer", newcomers.volunteer, name="volunteer"),
    path("search", feeds.search, name="search"),
    path("tags/<str:name>", feeds.tag, name="tag"),
    path("notes/new", notes.compose, name="compose"),
    path("notes/<int:note_id>", notes.detail, name="note"),
    path("notes/<int:note_id>/like", notes.like, name="like"),
    path("notes/<int:note_id>/likes", notes.likers, name="likers"),
    path("notes/<int:note_id>/collect", notes.collect, name="collect"),
    path("notes/<int:note_id>/comments", notes.comment, name="comment"),
    path(
        "notes/<int:note_id>/comments/<int:comment_id>/delete",
        notes.delete_comment,
        name="delete_comment",
    ),
    path(
        "notes/<int:note_id>/comments/<int:comment_id>/like",
        notes.like_comment,
        name="like_comment",
    ),
    path("notes/<int:note_id>/delete", notes.delete, name="delete_note"),
    path("notes/<int:note_id>/translate", translation.translate_note, name="translate_note"),
    path("notes/<int:note_id>/original", translation.original_note, name="original_note"),
    path(
        "notes/<int:note_id>/comments/translate",
        translation.translate_comments,
        name="translate_comments",
    ),
    path("@<str:username>", people.profile, name="profile"),
    path("@<str:username>/bio/translate", translation.translate_bio, name="translate_bio"),
    path("@<str:username>/bio/original", translation.original_bio, name="original_bio"),
    path("@<str:username>/boards", people.profile_boards, name="profile_boards"),
    path("@<str:username>/report", moderation.report, name="report"),
    path("@<str:username>/<str:verb>", people.relate, name="relate"),
    path("boards/<int:board_id>", people.board, name="board"),
    path("notifications", notifications.notifications, name="notifications"),
    path("moderation", moderation.queue, name="moderation"),
    path("moderation/people/<str:username>/restore", moderation.restore, name="restore"),
    path("moderation/reports/<int:report_id>", moderation.act, name="moderate"),
    path("moderation/tags/<str:name>", moderation.review_tag, name="review_tag"),
    path("signup", account.signup, name="signup"),
    path("login", account.login_view, name="login"),
    path("logout", account.logout_view, name="logout"),
    path("password-reset", resets.request_reset, name="password_reset"),
    path(
        "password-reset/<str:uid>/<str:token>", resets.confirm_reset, name="password_reset_confirm"
    ),
    path("settings", account.settings_page, name="settings"),
    path("settings/security", account.security, name="security"),
    path("settings/safety", account.safety, name="safety"),
    path(
        "settings/requests/<str:username>/<str:decision>",
        account.answer_request,
        name="answer_request",
    ),
]
