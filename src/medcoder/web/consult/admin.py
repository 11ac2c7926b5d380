"""Admin views of the raw inbound mail, so staff can read a parked message exactly as it arrived."""

from django.contrib import admin

from medcoder.web.consult.models import ConsultCase, InboundMail


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    list_display = ["pk", "received_at", "received_via", "status", "attempts", "outcome"]
    list_filter = ["status"]
    readonly_fields = ["raw_text", "received_via", "received_at", "attempts", "last_error", "outcome", "case"]
    exclude = ["raw"]

    @admin.display(description="raw message")
    def raw_text(self, inbound: InboundMail) -> str:
        return bytes(inbound.raw).decode("utf-8", errors="replace")


@admin.register(ConsultCase)
class ConsultCaseAdmin(admin.ModelAdmin):
    list_display = ["pk", "subject", "user", "status", "waiting_since", "claimed_by"]
    list_filter = ["status"]
