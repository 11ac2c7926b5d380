"""Staff moderation: verify employers, approve or reject pending jobs before they go live."""

from django.contrib import admin

from medcoder.web.careers.models import Application, EmployerProfile, Job, SavedSearch
from medcoder.web.careers.services import approve_job, reject_job


@admin.register(EmployerProfile)
class EmployerProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "website", "verified"]
    list_filter = ["verified"]
    actions = ["verify"]

    @admin.action(description="Verify the selected employers")
    def verify(self, request, queryset):
        queryset.update(verified=True)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "demo", "created_at", "expires_at"]
    list_filter = ["status", "demo", "work_arrangement"]
    search_fields = ["title", "organisation"]
    actions = ["approve", "reject"]

    @admin.action(description="Approve the selected jobs (they go live for 30 days)")
    def approve(self, request, queryset):
        for job in queryset:
            approve_job(job)

    @admin.action(description="Reject the selected jobs")
    def reject(self, request, queryset):
        for job in queryset:
            reject_job(job, "Rejected by staff")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["job", "applicant", "status", "created_at"]
    list_filter = ["status"]


admin.site.register(SavedSearch)
