from django.contrib import admin

from assessments.review.models import Lesson, PostImplementationReview


@admin.register(PostImplementationReview)
class PostImplementationReviewAdmin(admin.ModelAdmin):
    list_display = ("plan", "written_by", "updated_at")
    raw_id_fields = ("plan", "written_by")


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("plan", "kind", "organisation", "at_withdrawal", "recorded_at")
    list_filter = ("kind", "at_withdrawal")
    raw_id_fields = ("plan", "organisation", "recorded_by")
