from django.contrib import admin

from .models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ['id', 'email', 'status', 'total', 'created_at', 'paid_at']
    list_filter = ['status']
    search_fields = ['email']
