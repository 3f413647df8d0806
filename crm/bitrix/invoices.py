"""Finding and downloading a deal's invoice from Bitrix24's document generator (reference §7)."""

INVOICE_WORDS = ("invoice", "счет", "счёт")
URL_PREFERENCE = ("pdfUrlMachine", "pdfUrl", "publicUrl", "downloadUrlMachine", "downloadUrl")


def pick_document(documents: list[dict]) -> dict | None:
    """An invoice-like document (with a PDF first), else the newest one."""
    if not documents:
        return None

    def rank(document):
        title = f"{document.get('title', '')} {document.get('type', '')}".lower()
        return (
            any(word in title for word in INVOICE_WORDS),
            bool(document.get("pdfId")),
            document.get("createTime", ""),
        )

    return max(documents, key=rank)


def latest_invoice(client, deal_id: int) -> tuple[bytes, str, str] | None:
    listed = client.call("crm.documentgenerator.document.list", {"filter": {"entityTypeId": 2, "entityId": deal_id}})
    chosen = pick_document((listed or {}).get("documents", []))
    if chosen is None:
        return None
    document = client.call("crm.documentgenerator.document.get", {"id": chosen["id"]}).get("document", {})
    url = next((document[key] for key in URL_PREFERENCE if document.get(key)), None)
    if url is None:
        return None
    content, content_type = client.download(url)
    return content, content_type, url
