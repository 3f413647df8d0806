"""Task routes (spec "Task Management", "Quick Task Creation", "Task Capabilities", "Task Security"),
served at `/tasks/...` and at `/api/tasks/...`, where the original front end calls them. Their answers
are the spec's bare bodies (a task, a list), not the envelope; errors keep the envelope."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from config.api.base import query_int
from config.api.inventory import InventoryAPIView
from config.errors import Conflict, DomainError, NotFound, Refused, Unavailable

from .. import roles, suppliers
from ..choices import TaskPriority, TaskStatus, TaskType
from ..models import Task
from ..permissions import InventoryPermission
from ..services import task_work
from ..tasks import run_task
from .views import validated


class UpperChoiceField(serializers.ChoiceField):
    """An enum answered as the spec writes it and accepted in any case."""

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class InventoryTaskSerializer(serializers.ModelSerializer):
    """A task as the spec's TaskModel has it; the result is kept when it finishes."""

    created_by_user_id = serializers.IntegerField(source="created_by_id", read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "task_type",
            "name",
            "description",
            "status",
            "priority",
            "progress_percentage",
            "current_step",
            "input_data",
            "result_data",
            "error_message",
            "max_retries",
            "retry_count",
            "timeout_seconds",
            "created_at",
            "started_at",
            "completed_at",
            "created_by_user_id",
        ]
        read_only_fields = fields


class InventoryTaskInputSerializer(serializers.Serializer):
    task_type = UpperChoiceField(choices=TaskType.choices)
    name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    priority = UpperChoiceField(choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    input_data = serializers.DictField(required=False)
    max_retries = serializers.IntegerField(min_value=0, max_value=10, default=3)
    timeout_seconds = serializers.IntegerField(min_value=10, max_value=3600, default=300)
    # Sent by the original front end; tasks run as soon as a worker is free, linked through input_data.
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True, write_only=True)
    related_entity_type = serializers.CharField(max_length=50, required=False, allow_blank=True, write_only=True)
    related_entity_id = serializers.CharField(max_length=64, required=False, allow_blank=True, write_only=True)

    def validate(self, attrs):
        for ignored in ("scheduled_at", "related_entity_type", "related_entity_id"):
            attrs.pop(ignored, None)
        return attrs


class InventoryTaskUpdateSerializer(serializers.Serializer):
    status = UpperChoiceField(choices=TaskStatus.choices, required=False)
    progress_percentage = serializers.IntegerField(min_value=0, max_value=100, required=False)
    current_step = serializers.CharField(max_length=255, required=False, allow_blank=True)
    result_data = serializers.JSONField(required=False, allow_null=True)
    error_message = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class InventoryQuickPartSerializer(serializers.Serializer):
    part_id = serializers.CharField(max_length=64)
    supplier = serializers.CharField(max_length=50, required=False, allow_blank=True)
    capabilities = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=20)


class InventoryQuickBulkSerializer(serializers.Serializer):
    part_ids = serializers.ListField(child=serializers.CharField(max_length=64), required=False, max_length=1000)


class InventoryQuickOrderSerializer(serializers.Serializer):
    order_id = serializers.CharField(max_length=64, help_text="The imported supplier order whose parts to enrich")


class TaskRoute(InventoryAPIView):
    permission_classes = [InventoryPermission]

    def answer_task(self, task, status_code=200):
        return self.answer_raw(InventoryTaskSerializer(task).data, status_code)

    def visible(self):
        """Everyone's tasks for a task admin; their own for anyone else."""
        tasks = Task.objects.defer("payload")
        if roles.has_permission(self.request.user, "tasks:admin"):
            return tasks
        return tasks.filter(created_by=self.request.user)

    def find(self, task_id) -> Task:
        task = self.visible().filter(pk=task_id).first()
        if task is None:
            raise NotFound("Task not found")
        return task


LIST_FILTERS = [
    OpenApiParameter("status", str, many=True, description="Any of the statuses, any case"),
    OpenApiParameter("task_type", str, many=True),
    OpenApiParameter("priority", str, many=True),
    OpenApiParameter("created_by_user_id", int),
    OpenApiParameter("limit", int, description="At most 200 (default 50)"),
    OpenApiParameter("offset", int),
    OpenApiParameter("order_by", str, enum=["created_at", "priority", "status", "task_type", "name"]),
    OpenApiParameter("order_desc", bool, description="Newest first (default true)"),
]


def _upper_values(params, name, choices) -> list[str]:
    values = [value.upper() for raw in params.getlist(name) for value in raw.split(",") if value]
    unknown = [value for value in values if value not in choices]
    if unknown:
        raise Refused(name, f"Unknown {name}: {', '.join(unknown)}. Use: {', '.join(choices)}.")
    return values


class TasksView(TaskRoute):
    required_permissions = {"GET": "tasks:read", "POST": "tasks:create"}

    @extend_schema(parameters=LIST_FILTERS, responses=OpenApiTypes.OBJECT, operation_id="inventory_tasks_list")
    def get(self, request):
        return self.answer_raw(self.listing(self.visible()))

    def listing(self, tasks) -> dict:
        params = self.request.query_params
        for name, choices in (
            ("status", TaskStatus.values),
            ("task_type", TaskType.values),
            ("priority", TaskPriority.values),
        ):
            if values := _upper_values(params, name, choices):
                tasks = tasks.filter(**{f"{name}__in": values})
        if params.get("created_by_user_id", "").isdigit():
            tasks = tasks.filter(created_by_id=int(params["created_by_user_id"]))
        order = params.get("order_by", "created_at")
        if order not in ("created_at", "priority", "status", "task_type", "name"):
            raise Refused("order_by", "Sort by created_at, priority, status, task_type or name.")
        descending = params.get("order_desc", "true").lower() not in ("false", "0", "no")
        tasks = tasks.order_by(f"-{order}" if descending else order, "id")
        limit = query_int(self.request, "limit", 50, maximum=200)
        offset = query_int(self.request, "offset", 0, minimum=0)
        total = tasks.count()
        page = tasks[offset : offset + limit] if offset < total else []
        return {
            "tasks": InventoryTaskSerializer(page, many=True).data,
            "total": total,
            "limit": limit,
            "offset": offset,
        }

    @extend_schema(request=InventoryTaskInputSerializer, responses={200: InventoryTaskSerializer})
    def post(self, request):
        data = validated(InventoryTaskInputSerializer, request.data)
        return self.answer_task(task_work.create_task(request.user, data.pop("task_type"), **data))


class MyTasksView(TasksView):
    """Lists only: tasks are created at /tasks/ (a POST here is 405, not a create that nobody may make)."""

    required_permissions = {"GET": "tasks:read"}
    http_method_names = ["get", "head", "options"]

    @extend_schema(parameters=LIST_FILTERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return self.answer_raw(self.listing(Task.objects.defer("payload").filter(created_by=request.user)))


class TaskView(TaskRoute):
    required_permissions = {"GET": "tasks:read", "PUT": "tasks:admin"}

    @extend_schema(responses=InventoryTaskSerializer)
    def get(self, request, task_id):
        return self.answer_task(self.find(task_id))

    @extend_schema(request=InventoryTaskUpdateSerializer, responses=InventoryTaskSerializer)
    def put(self, request, task_id):
        return self.answer_task(
            task_work.update_task(self.find(task_id), **validated(InventoryTaskUpdateSerializer, request.data))
        )


class CancelTaskView(TaskRoute):
    required_permissions = {"POST": "tasks:update"}

    @extend_schema(request=None, responses=InventoryTaskSerializer)
    def post(self, request, task_id):
        return self.answer_task(task_work.cancel_task(self.find(task_id)))


class RetryTaskView(TaskRoute):
    required_permissions = {"POST": "tasks:update"}

    @extend_schema(request=None, responses=InventoryTaskSerializer)
    def post(self, request, task_id):
        return self.answer_task(task_work.retry_task(self.find(task_id)))


class TaskTypesView(TaskRoute):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        types = [
            {"type": task_type.value, "description": policy.description, "required_permission": policy.permission}
            for task_type, policy in task_work.POLICIES.items()
        ]
        return self.answer_raw({"task_types": types})


class TaskStatsView(TaskRoute):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return self.answer_raw(task_work.stats())


QUEUE = "default"


class WorkerView(TaskRoute):
    """The Celery worker as it really is: asked over the broker, controlled through it."""

    def control(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise Unavailable(
                "No worker: tasks run inside the web process (eager mode)", "no_worker", setting="CELERY_BROKER_URL"
            )
        return run_task.app.control


class WorkerStatusView(WorkerView):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return self.answer_raw({"is_running": True, "mode": "eager", "workers": [], "consuming": True})
        inspect = self.control().inspect(timeout=2)
        queues = inspect.active_queues() or {}
        consuming = {name: any(queue["name"] == QUEUE for queue in found) for name, found in queues.items()}
        return self.answer_raw(
            {
                "is_running": bool(queues),
                "mode": "celery",
                "workers": sorted(queues),
                "consuming": any(consuming.values()),
                "running_tasks": Task.objects.filter(status=TaskStatus.RUNNING).count(),
            }
        )


class WorkerStartView(WorkerView):
    required_permissions = {"POST": "admin"}

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        replies = self.control().add_consumer(QUEUE, reply=True, timeout=2) or []
        if not replies:
            raise Conflict("No worker answered: start a Celery worker process first.")
        return self.answer_raw({"message": f"Workers consume the {QUEUE} queue", "workers": len(replies)})


class WorkerStopView(WorkerView):
    required_permissions = {"POST": "admin"}

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        replies = self.control().cancel_consumer(QUEUE, reply=True, timeout=2) or []
        if not replies:
            raise Conflict("No worker answered: none is running.")
        return self.answer_raw({"message": f"Workers stopped taking from the {QUEUE} queue", "workers": len(replies)})


def quick_view(task_type: str, body_serializer, name: str):
    class QuickTaskView(TaskRoute):
        required_permissions = {"POST": "tasks:create"}

        @extend_schema(
            request=body_serializer, responses=InventoryTaskSerializer, operation_id=f"inventory_tasks_quick_{name}"
        )
        def post(self, request):
            data = validated(body_serializer, request.data)
            data.pop("capabilities", None)
            return self.answer_task(task_work.create_task(request.user, task_type, input_data=data))

    QuickTaskView.__name__ = f"Quick{name.title().replace('_', '')}View"
    return QuickTaskView


QUICK = {
    "part_enrichment": quick_view(TaskType.PART_ENRICHMENT, InventoryQuickPartSerializer, "part_enrichment"),
    "datasheet_fetch": quick_view(TaskType.DATASHEET_FETCH, InventoryQuickPartSerializer, "datasheet_fetch"),
    "image_fetch": quick_view(TaskType.IMAGE_FETCH, InventoryQuickPartSerializer, "image_fetch"),
    "price_update": quick_view(TaskType.PRICE_UPDATE, InventoryQuickPartSerializer, "price_update"),
    "bulk_enrichment": quick_view(TaskType.BULK_ENRICHMENT, InventoryQuickBulkSerializer, "bulk_enrichment"),
    "csv_enrichment": quick_view(TaskType.CSV_ENRICHMENT, InventoryQuickOrderSerializer, "csv_enrichment"),
}

# The spec's capability names, as the original front end asks for them.
CAPABILITY_NAMES = {
    "get_part_details": "part_details",
    "fetch_datasheet": "datasheet",
    "fetch_image": "image",
    "fetch_pricing": "pricing",
}


class SupplierCapabilitiesView(TaskRoute):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="inventory_tasks_capabilities_suppliers_list")
    def get(self, request):
        return self.answer_raw({"suppliers": suppliers.capabilities()})


class SupplierCapabilityView(TaskRoute):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, supplier_name):
        found = next((c for c in suppliers.capabilities() if c["name"] == supplier_name.casefold()), None)
        if found is None:
            raise NotFound(f"Unknown supplier {supplier_name!r}")
        return self.answer_raw(found)


class FindCapabilityView(TaskRoute):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, capability_type):
        wanted = CAPABILITY_NAMES.get(capability_type, capability_type)
        known = {name for c in suppliers.capabilities() for name in c["capabilities"]}
        if wanted not in known:
            raise NotFound(f"Unknown capability {capability_type!r}; known: {', '.join(sorted(CAPABILITY_NAMES))}")
        found = [c["name"] for c in suppliers.capabilities() if wanted in c["capabilities"]]
        return self.answer_raw({"capability": capability_type, "suppliers": found})


class TaskPermissionsView(TaskRoute):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        held = [
            name for name in roles.PERMISSIONS if name.startswith("tasks:") and roles.has_permission(request.user, name)
        ]
        return self.answer_raw({"permissions": held, "allowed_task_types": task_work.allowed_types(request.user)})


class TaskLimitsView(TaskRoute):
    required_permissions = {"GET": "tasks:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        limits = {}
        for task_type, policy in task_work.POLICIES.items():
            used = task_work.usage(request.user, task_type)
            limits[task_type.value] = {
                "running": {"used": used["running"], "limit": policy.concurrent},
                "per_hour": {"used": used["last_hour"], "limit": policy.per_hour},
                "per_day": {"used": used["last_day"], "limit": policy.per_day},
            }
        return self.answer_raw({"limits": limits})


class TaskValidateView(TaskRoute):
    required_permissions = {"POST": "tasks:read"}

    @extend_schema(request=InventoryTaskInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        data = validated(InventoryTaskInputSerializer, request.data)
        try:
            task_work.check_allowed(request.user, data["task_type"])
            task_work.CHECKS[TaskType(data["task_type"])](dict(data.get("input_data") or {}))
        except DomainError as refused:
            return self.answer_raw({"valid": False, "reason": refused.message})
        return self.answer_raw({"valid": True, "reason": ""})
