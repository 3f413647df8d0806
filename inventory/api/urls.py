"""Routes of the inventory API below /api/inventory/ (spec paths, no trailing slash)."""

from django.urls import path

from . import auth_views, csv_views, printer_views, shop_views, task_views, utility_views, views

inventory = [
    path("auth/login", auth_views.LoginView.as_view(), name="inventory-login"),
    path("auth/mobile-login", auth_views.MobileLoginView.as_view(), name="inventory-mobile-login"),
    path("auth/refresh", auth_views.RefreshView.as_view(), name="inventory-refresh"),
    path("auth/logout", auth_views.LogoutView.as_view(), name="inventory-logout"),
    path("auth/register", auth_views.RegisterView.as_view(), name="inventory-auth-register"),
    path("users/register", auth_views.RegisterView.as_view(), name="inventory-register"),
    path("users/all", auth_views.AllUsersView.as_view(), name="inventory-users"),
    path("users/by-username/<str:username>", auth_views.UserByUsernameView.as_view(), name="inventory-user-by-name"),
    path("users/<id:user_id>", auth_views.UserView.as_view(), name="inventory-user"),
    path("users/<id:user_id>/password", auth_views.UserPasswordView.as_view(), name="inventory-user-password"),
    path("parts/add_part", views.AddPartView.as_view(), name="inventory-add-part"),
    path("parts/get_all_parts", views.AllPartsView.as_view(), name="inventory-all-parts"),
    path("parts/get_part", views.GetPartView.as_view(), name="inventory-get-part"),
    path("parts/update_part/<uuid:part_id>", views.UpdatePartView.as_view(), name="inventory-update-part"),
    path("parts/delete_part", views.DeletePartView.as_view(), name="inventory-delete-part"),
    path("parts/search", views.SearchPartsView.as_view(), name="inventory-search-parts"),
    path("parts/search_text", views.SearchTextView.as_view(), name="inventory-search-text"),
    path("parts/suggestions", views.SuggestionsView.as_view(), name="inventory-suggestions"),
    path("parts/clear_all", views.ClearAllPartsView.as_view(), name="inventory-clear-parts"),
    path("categories/get_all_categories", views.AllCategoriesView.as_view(), name="inventory-all-categories"),
    path("categories/add_category", views.AddCategoryView.as_view(), name="inventory-add-category"),
    path(
        "categories/update_category/<uuid:category_id>",
        views.UpdateCategoryView.as_view(),
        name="inventory-update-category",
    ),
    path("categories/get_category", views.GetCategoryView.as_view(), name="inventory-get-category"),
    path("categories/remove_category", views.RemoveCategoryView.as_view(), name="inventory-remove-category"),
    path(
        "categories/delete_all_categories",
        views.DeleteAllCategoriesView.as_view(),
        name="inventory-delete-all-categories",
    ),
    path("locations/get_all_locations", views.AllLocationsView.as_view(), name="inventory-all-locations"),
    path("locations/add_location", views.AddLocationView.as_view(), name="inventory-add-location"),
    path("locations/get_location", views.GetLocationView.as_view(), name="inventory-get-location"),
    path(
        "locations/update_location/<uuid:location_id>",
        views.UpdateLocationView.as_view(),
        name="inventory-update-location",
    ),
    path(
        "locations/get_location_details/<uuid:location_id>",
        views.LocationDetailsView.as_view(),
        name="inventory-location-details",
    ),
    path(
        "locations/get_location_path/<uuid:location_id>",
        views.LocationPathView.as_view(),
        name="inventory-location-path",
    ),
    path(
        "locations/preview-location-delete/<uuid:location_id>",
        views.PreviewLocationDeleteView.as_view(),
        name="inventory-preview-location-delete",
    ),
    path(
        "locations/delete_location/<uuid:location_id>",
        views.DeleteLocationView.as_view(),
        name="inventory-delete-location",
    ),
    path("locations/cleanup-locations", views.CleanupLocationsView.as_view(), name="inventory-cleanup-locations"),
    *[
        route
        # The original front end calls them under api/ too; the docs show each route once.
        for prefix, alias in (("csv/", {}), ("api/csv/", {"schema": None}))
        for route in [
            path(f"{prefix}supported-types", csv_views.SupportedTypesView.as_view(**alias)),
            path(f"{prefix}preview", csv_views.PreviewView.as_view(**alias)),
            path(f"{prefix}parse", csv_views.ParseView.as_view(**alias)),
            path(f"{prefix}import", csv_views.ImportView.as_view(**alias)),
            path(f"{prefix}import/with-progress", csv_views.ImportWithProgressView.as_view(**alias)),
            path(f"{prefix}import/progress", csv_views.ImportProgressView.as_view(**alias)),
            path(f"{prefix}extract-filename-info", csv_views.FilenameInfoView.as_view(**alias)),
            path(f"{prefix}parsers/<str:parser_type>/info", csv_views.ParserInfoView.as_view(**alias)),
            path(f"{prefix}config", csv_views.ConfigView.as_view(**alias)),
        ]
    ],
    *[
        route
        # As the CSV routes: also under api/, where the original front end calls them.
        for prefix, alias in (("tasks/", {}), ("api/tasks/", {"schema": None}))
        for route in [
            path(prefix, task_views.TasksView.as_view(**alias)),
            path(f"{prefix}my", task_views.MyTasksView.as_view(**alias)),
            path(f"{prefix}types/available", task_views.TaskTypesView.as_view(**alias)),
            path(f"{prefix}stats/summary", task_views.TaskStatsView.as_view(**alias)),
            path(f"{prefix}worker/status", task_views.WorkerStatusView.as_view(**alias)),
            path(f"{prefix}worker/start", task_views.WorkerStartView.as_view(**alias)),
            path(f"{prefix}worker/stop", task_views.WorkerStopView.as_view(**alias)),
            *[path(f"{prefix}quick/{name}", view.as_view(**alias)) for name, view in task_views.QUICK.items()],
            path(f"{prefix}capabilities/suppliers", task_views.SupplierCapabilitiesView.as_view(**alias)),
            path(
                f"{prefix}capabilities/suppliers/<str:supplier_name>",
                task_views.SupplierCapabilityView.as_view(**alias),
            ),
            path(f"{prefix}capabilities/find/<str:capability_type>", task_views.FindCapabilityView.as_view(**alias)),
            path(f"{prefix}security/permissions", task_views.TaskPermissionsView.as_view(**alias)),
            path(f"{prefix}security/limits", task_views.TaskLimitsView.as_view(**alias)),
            path(f"{prefix}security/validate", task_views.TaskValidateView.as_view(**alias)),
            path(f"{prefix}<uuid:task_id>", task_views.TaskView.as_view(**alias)),
            path(f"{prefix}<uuid:task_id>/cancel", task_views.CancelTaskView.as_view(**alias)),
            path(f"{prefix}<uuid:task_id>/retry", task_views.RetryTaskView.as_view(**alias)),
        ]
    ],
    path("tasks", task_views.TasksView.as_view(schema=None)),
    path("printer/print_label", printer_views.PrintLabelView.as_view(), name="inventory-print-label"),
    path("printer/print_qr", printer_views.PrintQrView.as_view(), name="inventory-print-qr"),
    path("printer/preview_label", printer_views.PreviewLabelView.as_view(), name="inventory-preview-label"),
    path("printer/config", printer_views.PrinterConfigView.as_view(), name="inventory-printer-config"),
    path("printer/load_config", printer_views.CurrentPrinterView.as_view(), name="inventory-printer-load"),
    path("printer/current_printer", printer_views.CurrentPrinterView.as_view(), name="inventory-printer-current"),
    path("utility/upload_image", utility_views.UploadImageView.as_view(), name="inventory-upload-image"),
    path("utility/get_image/<str:image_ref>", utility_views.GetImageView.as_view(), name="inventory-get-image"),
    path("utility/get_counts", utility_views.CountsView.as_view(), name="inventory-counts"),
    path("utility/backup/download", utility_views.BackupDownloadView.as_view(), name="inventory-backup-download"),
    path("utility/backup/export", utility_views.BackupExportView.as_view(), name="inventory-backup-export"),
    path("utility/backup/status", utility_views.BackupStatusView.as_view(), name="inventory-backup-status"),
]

# Below /api/shop/ (shop-cvety.md "Warehouse").
shop = [
    path("warehouse", shop_views.WarehouseView.as_view(), name="shop-warehouse"),
    path("warehouse/deliveries", shop_views.DeliveriesView.as_view(), name="shop-warehouse-deliveries"),
]
