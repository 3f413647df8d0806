"""The inventory assistant's providers: Ollama, OpenAI and Anthropic, spoken in their own HTTP APIs.

Each client answers text or fails in the API's terms: a provider down, slow or refusing is
`Unavailable` (503) saying which and why; nothing is made up.
"""

from .clients import DEFAULT_URLS, PROVIDERS, ChatMessage, client_for

__all__ = ["DEFAULT_URLS", "PROVIDERS", "ChatMessage", "client_for"]
