"""Staff pages: users with their plan, counted uses (view counts) and API tokens."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from medcoder.web.accounts.models import ApiToken, MeteredUse, Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "plan", "email_verified")
    list_filter = ("plan", "email_verified")
    list_editable = ("plan",)
    search_fields = ("user__username", "user__email")


@admin.register(MeteredUse)
class MeteredUseAdmin(admin.ModelAdmin):
    list_display = ("visitor", "user", "meter", "item", "period_start", "used_at")
    list_filter = ("meter",)
    search_fields = ("visitor", "item", "user__username")
    date_hierarchy = "used_at"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at")
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("prefix", "secret_sha256", "created_at", "last_used_at")


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserWithPlanAdmin(UserAdmin):
    inlines = (ProfileInline,)
