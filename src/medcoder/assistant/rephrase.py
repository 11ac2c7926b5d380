"""Optional rephrasing of a composed answer by an OpenAI-compatible chat endpoint. Off by default:
set MEDCODER_PILOT_LLM_URL (e.g. http://127.0.0.1:8080/v1), MEDCODER_PILOT_LLM_MODEL and, if the
endpoint needs one, MEDCODER_PILOT_LLM_KEY.

Only the summary is rephrased; the facts and citations stay as the tools produced them. Every
code-shaped token of the new wording must be one the answer already states, otherwise (and on any
network or format error) the deterministic answer is kept.
"""

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, replace

from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.grounding import ungrounded_codes
from medcoder.assistant.records import Answer
from medcoder.codebook.systems import code_key

TIMEOUT_SECONDS = 10
INSTRUCTION = (
    "Rewrite this answer for a professional medical coder in at most three sentences. Keep every fact, "
    "number and code exactly as given; add no code, rule or number that is not in the text."
)


@dataclass(frozen=True)
class Rephraser:
    url: str
    model: str
    key: str = ""

    @classmethod
    def from_environment(cls) -> "Rephraser | None":
        url = os.environ.get("MEDCODER_PILOT_LLM_URL", "").strip()
        if not url:
            return None
        model = os.environ.get("MEDCODER_PILOT_LLM_MODEL", "").strip() or "default"
        return cls(url.rstrip("/"), model, os.environ.get("MEDCODER_PILOT_LLM_KEY", ""))

    def rephrase(self, answer: Answer) -> Answer:
        """The answer with a rephrased summary, or unchanged when the rewording is not grounded."""
        try:
            wording = self._complete(answer.summary)
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return answer
        stated = {code_key(token) for token in code_shaped_tokens(answer.text)}
        if not wording or ungrounded_codes(wording, stated):
            return answer
        return replace(answer, summary=wording)

    def _complete(self, text: str) -> str:
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [{"role": "system", "content": INSTRUCTION}, {"role": "user", "content": text}],
        }
        request = urllib.request.Request(
            f"{self.url}/chat/completions",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.key}"} if self.key else {}),
            },
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            reply = json.loads(response.read())
        return str(reply["choices"][0]["message"]["content"]).strip()
