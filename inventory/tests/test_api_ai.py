"""The AI assistant (spec "AI Integration"): off by default, the key never answered, the three
providers spoken in their own wire formats against a local server."""

import logging

import pytest

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from config.testing.fake_ai import KEY

from ..api import ai_views as views
from .factories import PartFactory, inventory_admin, make_location, manager, reader

pytestmark = pytest.mark.django_db

AI = "/api/inventory/ai"


def switch_on(fake_ai, provider: str, **extra):
    body = {"enabled": True, "provider": provider, "api_url": fake_ai.base, "api_key": KEY, **extra}
    response = client_for(inventory_admin()).put(f"{AI}/config", body, format="json")
    assert response.status_code == 200, response.content
    return INVENTORY.record(response)


@hand_tested(
    *[
        views.AiConfigView,
        views.AiChatView,
        views.AiTestView,
        views.AiResetView,
        views.AiProvidersView,
        views.AiModelsView,
    ],
    why="one singleton config and a provider behind it",
)
class TestAssistant:
    def test_off_by_default_it_says_so(self):
        client = client_for(reader())
        assert INVENTORY.record(client.get(f"{AI}/config"))["enabled"] is False
        body = INVENTORY.assert_error(client.post(f"{AI}/chat", {"message": "hi"}, format="json"), 503)
        assert "AI is disabled" in body["message"]
        INVENTORY.assert_error(client.get(f"{AI}/models"), 503)
        assert {p["name"] for p in INVENTORY.record(client.get(f"{AI}/providers"))} == {"ollama", "openai", "anthropic"}

    @pytest.mark.parametrize(
        "provider, path", [("ollama", "/api/chat"), ("openai", "/v1/chat/completions"), ("anthropic", "/v1/messages")]
    )
    def test_chat_speaks_each_providers_api_with_inventory_facts(self, fake_ai, provider, path, caplog):
        PartFactory(part_name="Resistor 10k", quantity=12, location=make_location("Drawer 3"))
        config = switch_on(fake_ai, provider, model_name="some-model")
        assert config["api_key"] == "sk-…abcd" and KEY not in str(config)
        history = [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "Hi!"}]
        with caplog.at_level(logging.DEBUG):
            response = client_for(reader()).post(
                f"{AI}/chat", {"message": "How many resistor left?", "conversation_history": history}, format="json"
            )
        assert INVENTORY.record(response) == {"response": fake_ai.reply, "provider": provider, "model": "some-model"}
        method, called, headers, body = fake_ai.requests[-1]
        assert called == path
        system = body["system"] if provider == "anthropic" else body["messages"][0]["content"]
        assert "Resistor 10k (" in system and "12 in stock, Drawer 3" in system
        assert body["messages"][-1] == {"role": "user", "content": "How many resistor left?"}
        assert KEY not in caplog.text

    def test_models_and_test_and_reset(self, fake_ai):
        switch_on(fake_ai, "openai")
        admin = client_for(inventory_admin())
        assert INVENTORY.record(admin.get(f"{AI}/models")) == ["gpt-4o-mini"]
        assert INVENTORY.record(admin.post(f"{AI}/test"))["success"] is True
        switch_on(fake_ai, "ollama", api_key="")  # a blank key keeps the stored one
        assert INVENTORY.record(admin.get(f"{AI}/config"))["api_key"] == "sk-…abcd"
        assert INVENTORY.record(admin.get(f"{AI}/models")) == ["llama3.2:latest", "qwen2.5:7b"]
        reset = INVENTORY.record(admin.post(f"{AI}/reset"))
        assert reset["enabled"] is False and reset["api_key"] == "" and reset["provider"] == "ollama"

    def test_a_provider_down_or_refusing_is_503_saying_why(self, fake_ai):
        switch_on(fake_ai, "anthropic")
        client = client_for(reader())
        fake_ai.fail_next.append(529)
        body = INVENTORY.assert_error(client.post(f"{AI}/chat", {"message": "hi"}, format="json"), 503)
        assert "Anthropic refused the request (529)" in body["message"]
        switch_on(fake_ai, "openai", api_key="sk-wrong-key-000000")
        body = INVENTORY.assert_error(client.post(f"{AI}/chat", {"message": "hi"}, format="json"), 503)
        assert "Incorrect API key" in body["message"]
        switch_on(fake_ai, "ollama", api_url="http://127.0.0.1:9")
        body = INVENTORY.assert_error(client.post(f"{AI}/chat", {"message": "hi"}, format="json"), 503)
        assert "could not be reached" in body["message"]

    def test_who_may_change_it_and_bounded_input(self, fake_ai):
        INVENTORY.assert_error(client_for(manager()).put(f"{AI}/config", {"enabled": True}, format="json"), 403)
        INVENTORY.assert_error(client_for(reader()).post(f"{AI}/reset"), 403)
        INVENTORY.assert_error(client_for().get(f"{AI}/config"), 401)
        switch_on(fake_ai, "ollama")
        client = client_for(reader())
        too_long = {"message": "x" * 5001}
        INVENTORY.assert_error(client.post(f"{AI}/chat", too_long, format="json"), 422, "message")
        turns = [{"role": "user", "content": "x"}] * 51
        INVENTORY.assert_error(
            client.post(f"{AI}/chat", {"message": "hi", "conversation_history": turns}, format="json"), 422
        )
        INVENTORY.assert_error(client.put(f"{AI}/config", {"temperature": 5}, format="json"), 403)
        bad = client_for(inventory_admin()).put(f"{AI}/config", {"temperature": 5, "provider": "skynet"}, format="json")
        INVENTORY.assert_error(bad, 422, "temperature", "provider")
