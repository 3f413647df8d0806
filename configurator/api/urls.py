"""Routes of the configurator API below /api/configurator/v1/ (spec paths, no trailing slash)."""

from django.urls import path

from . import views

READ_WRITE = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
LIST_CREATE = {"get": "list", "post": "create"}

configurator = [
    path("manufacturing-types", views.ManufacturingTypeViewSet.as_view(LIST_CREATE), name="cfg-types"),
    path("manufacturing-types/<id:pk>", views.ManufacturingTypeViewSet.as_view(READ_WRITE), name="cfg-type"),
    path("attribute-nodes", views.AttributeNodeViewSet.as_view(LIST_CREATE), name="cfg-nodes"),
    path("attribute-nodes/<id:pk>", views.AttributeNodeViewSet.as_view(READ_WRITE), name="cfg-node"),
    path(
        "attribute-nodes/<id:pk>/children",
        views.AttributeNodeViewSet.as_view({"get": "children"}),
        name="cfg-node-children",
    ),
    path("attribute-nodes/<id:pk>/tree", views.AttributeNodeViewSet.as_view({"get": "tree"}), name="cfg-node-tree"),
    path("configurations", views.ConfigurationViewSet.as_view(LIST_CREATE), name="cfg-configurations"),
    path("configurations/<id:pk>", views.ConfigurationViewSet.as_view(READ_WRITE), name="cfg-configuration"),
    path(
        "configurations/<id:pk>/selections",
        views.ConfigurationViewSet.as_view({"patch": "selections"}),
        name="cfg-configuration-selections",
    ),
    path("templates", views.TemplateViewSet.as_view(LIST_CREATE), name="cfg-templates"),
    path("templates/<id:pk>", views.TemplateViewSet.as_view({"get": "retrieve"}), name="cfg-template"),
    path("templates/<id:pk>/apply", views.TemplateViewSet.as_view({"post": "apply"}), name="cfg-template-apply"),
    path("quotes", views.QuoteViewSet.as_view(LIST_CREATE), name="cfg-quotes"),
    path(
        "quotes/<id:pk>",
        views.QuoteViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="cfg-quote",
    ),
    path("orders", views.OrderViewSet.as_view(LIST_CREATE), name="cfg-orders"),
    path("orders/<id:pk>", views.OrderViewSet.as_view({"get": "retrieve"}), name="cfg-order"),
]
