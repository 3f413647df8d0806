"""One client per provider, over `requests`, with bounded time and answer size."""

from dataclasses import dataclass

from config import outbound
from config.errors import Unavailable

from ..choices import AiProvider

TIMEOUT_SECONDS = 60
MAX_ANSWER_BYTES = 1024 * 1024
DEFAULT_URLS = {
    AiProvider.OLLAMA: "http://localhost:11434",
    AiProvider.OPENAI: "https://api.openai.com",
    AiProvider.ANTHROPIC: "https://api.anthropic.com",
}
ANTHROPIC_VERSION = "2023-06-01"


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "user" | "assistant"
    content: str


class ProviderClient:
    title = ""

    def __init__(self, config):
        self.config = config
        self.base = (config.api_url or DEFAULT_URLS[config.provider]).rstrip("/")

    def call(self, method: str, path: str, **kwargs) -> dict:
        reply = outbound.fetch(
            method,
            self.base + path,
            service=self.title,
            code="ai",
            timeout=TIMEOUT_SECONDS,
            max_bytes=MAX_ANSWER_BYTES,
            where=self.base,
            **kwargs,
        )
        data = reply.json()
        if reply.status >= 400:
            raise Unavailable(f"{self.title} refused the request ({reply.status}): {self.reason(data)}", "ai_refused")
        return data

    @staticmethod
    def reason(data) -> str:
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            return str(error.get("message") or error.get("type") or error)[:300]
        return str(error or data)[:300]

    def chat(self, system: str, messages: list[ChatMessage]) -> str:
        raise NotImplementedError

    def models(self) -> list[str]:
        raise NotImplementedError


class OllamaClient(ProviderClient):
    title = "Ollama"

    def chat(self, system, messages):
        body = {
            "model": self.config.model_name,
            "stream": False,
            "messages": [
                {"role": "system", "content": system},
                *({"role": m.role, "content": m.content} for m in messages),
            ],
            "options": {"temperature": self.config.temperature, "num_predict": self.config.max_tokens},
        }
        data = self.call("POST", "/api/chat", json=body)
        return str((data.get("message") or {}).get("content", ""))

    def models(self):
        return [model.get("name", "") for model in self.call("GET", "/api/tags").get("models", [])]


class OpenAIClient(ProviderClient):
    title = "OpenAI"

    def headers(self):
        return {"Authorization": f"Bearer {self.config.api_key}"}

    def chat(self, system, messages):
        body = {
            "model": self.config.model_name,
            "messages": [
                {"role": "system", "content": system},
                *({"role": m.role, "content": m.content} for m in messages),
            ],
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        data = self.call("POST", "/v1/chat/completions", json=body, headers=self.headers())
        choices = data.get("choices") or [{}]
        return str((choices[0].get("message") or {}).get("content", ""))

    def models(self):
        return [model.get("id", "") for model in self.call("GET", "/v1/models", headers=self.headers()).get("data", [])]


class AnthropicClient(ProviderClient):
    title = "Anthropic"

    def headers(self):
        return {"x-api-key": self.config.api_key, "anthropic-version": ANTHROPIC_VERSION}

    def chat(self, system, messages):
        body = {
            "model": self.config.model_name,
            "system": system,
            "max_tokens": self.config.max_tokens,
            "temperature": min(self.config.temperature, 1.0),
            "messages": [{"role": m.role, "content": m.content} for m in messages],
        }
        data = self.call("POST", "/v1/messages", json=body, headers=self.headers())
        return "".join(part.get("text", "") for part in data.get("content", []) if part.get("type") == "text")

    def models(self):
        return [model.get("id", "") for model in self.call("GET", "/v1/models", headers=self.headers()).get("data", [])]


PROVIDERS = {AiProvider.OLLAMA: OllamaClient, AiProvider.OPENAI: OpenAIClient, AiProvider.ANTHROPIC: AnthropicClient}


def client_for(config) -> ProviderClient:
    return PROVIDERS[config.provider](config)
