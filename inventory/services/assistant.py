"""The inventory assistant: its one configuration, and chatting with the configured provider about
the inventory (counts and the parts a question names are given to it as facts)."""

from django.db import transaction

from config.errors import Unavailable

from .. import ai
from ..choices import AiProvider
from ..models import AiConfig, Category, Location, Part
from .search import search_parts

DISABLED = "AI is disabled: an admin turns it on with PUT /ai/config"
NEEDS_KEY = {AiProvider.OPENAI, AiProvider.ANTHROPIC}
FACT_PARTS = 10


def config() -> AiConfig:
    found, _ = AiConfig.objects.get_or_create(pk=1)
    return found


def update_config(**changes) -> AiConfig:
    with transaction.atomic():
        current = AiConfig.objects.select_for_update().filter(pk=1).first() or AiConfig(pk=1)
        if "provider" in changes and "api_url" not in changes and changes["provider"] != current.provider:
            changes["api_url"] = ai.DEFAULT_URLS[changes["provider"]]
        if not changes.get("api_key"):
            changes.pop("api_key", None)  # not sent (or blank): the stored key stays
        for name, value in changes.items():
            setattr(current, name, value)
        current.save()
    return current


def reset_config() -> AiConfig:
    AiConfig.objects.filter(pk=1).delete()
    return config()


def usable_client():
    current = config()
    if not current.enabled:
        raise Unavailable(DISABLED, "ai_disabled")
    if current.provider in NEEDS_KEY and not current.api_key:
        raise Unavailable(
            f"{current.get_provider_display()} needs an API key: set api_key with PUT /ai/config", "ai_no_key"
        )
    return current, ai.client_for(current)


def facts(question: str) -> str:
    """What the assistant is told about the inventory: totals, and the parts the question's words find."""
    parts, places, categories = Part.objects.count(), Location.objects.count(), Category.objects.count()
    lines = [f"The inventory holds {parts} parts in {places} locations and {categories} categories."]
    words = [word for word in question.split() if len(word) >= 3][:5]
    found = {}
    for word in words:
        for part in search_parts(Part.objects.select_related("location"), search_term=word)[:FACT_PARTS]:
            found.setdefault(part.pk, part)
    for part in list(found.values())[:FACT_PARTS]:
        where = part.location.name if part.location else "no location"
        number, supplier = part.part_number or "no number", part.supplier or "?"
        lines.append(f"- {part.part_name} ({number}): {part.quantity} in stock, {where}, supplier {supplier}")
    return "\n".join(lines)


def chat(message: str, history: list[ai.ChatMessage]) -> dict:
    current, client = usable_client()
    system = f"{current.system_prompt}\n\nInventory facts:\n{facts(message)}"
    answer = client.chat(system, [*history, ai.ChatMessage("user", message)])
    return {"response": answer, "provider": current.provider, "model": current.model_name}


def test_connection() -> dict:
    current, client = usable_client()
    answer = client.chat("Answer with one word.", [ai.ChatMessage("user", "Say OK.")])
    return {"success": True, "provider": current.provider, "model": current.model_name, "response": answer}


def models() -> list[str]:
    return usable_client()[1].models()


def providers() -> list[dict]:
    return [
        {
            "name": provider.value,
            "display_name": provider.label,
            "default_url": ai.DEFAULT_URLS[provider],
            "needs_api_key": provider in NEEDS_KEY,
        }
        for provider in AiProvider
    ]
