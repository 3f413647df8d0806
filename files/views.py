"""Customer pages: upload a 3D model (drag-and-drop or file input), see it and its preview."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.body_limits import accepts_body, upload_body_bytes
from config.errors import DomainError, problems_by_field

from . import services
from .forms import ModelUploadForm
from .models import ModelFile
from .responses import stored_file_response


@accepts_body(upload_body_bytes(settings.MFG_MAX_UPLOAD_BYTES))
@login_required
def my_models(request):
    form = ModelUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["model"]
        try:
            model_file = services.upload_model_file(
                owner=request.user,
                file_name=upload.name,
                content=upload.read(),
                description=form.cleaned_data["description"],
            )
        except DomainError as refused:
            problems = problems_by_field(refused).values()
            form.add_error("model", [message for messages_of_field in problems for message in messages_of_field])
        else:
            messages.success(request, _("%(name)s uploaded.") % {"name": model_file.original_filename})
            for warning in services.shape_warnings(model_file):
                messages.warning(request, warning)
            return redirect("files:detail", model_file.pk)
    models = ModelFile.objects.filter(owner=request.user).order_by("-id")
    return render(request, "files/my_models.html", {"form": form, "models": models}, status=422 if form.errors else 200)


@login_required
def detail(request, file_id):
    model_file = get_object_or_404(ModelFile.objects.readable_by(request.user), pk=file_id)
    deletable = model_file.owner_id == request.user.pk and not model_file.orders.exists()
    return render(request, "files/detail.html", {"model_file": model_file, "deletable": deletable})


@login_required
@require_POST
def delete(request, file_id):
    model_file = get_object_or_404(ModelFile, pk=file_id, owner=request.user)
    try:
        services.delete_unused_model_file(model_file)
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect("files:detail", model_file.pk)
    messages.success(request, _("%(name)s deleted.") % {"name": model_file.original_filename})
    return redirect("files:mine")


@login_required
def preview(request, file_id):
    model_file = get_object_or_404(ModelFile.objects.readable_by(request.user), pk=file_id)
    if not model_file.preview_generated:
        raise Http404("No preview yet")
    return stored_file_response(model_file.preview, content_type="image/png")
