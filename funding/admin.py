from django.contrib import admin

from funding.models import Budget, FinancialYear, Funder


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["label", "closed_at"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["funder", "council", "financial_year", "allocated"]
    list_filter = ["financial_year", "funder"]
    list_select_related = ["funder", "council", "financial_year"]
