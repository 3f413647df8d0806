"""An order's invoice as a download, for the API and the customer pages alike."""

import posixpath

from django.http import FileResponse

from files.responses import stored_file_response


def invoice_response(order) -> FileResponse:
    """An order's invoice as `invoice_order_N.<ext>`: a PDF as such, a DOCX Bitrix24 sent as a DOCX."""
    extension = posixpath.splitext(order.invoice_file.name)[1] or ".pdf"
    return stored_file_response(order.invoice_file, as_attachment=True, filename=f"invoice_order_{order.pk}{extension}")
