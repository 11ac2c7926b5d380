"""The rule that the assistant never states a code no tool returned: every code-shaped token in an
answer is checked against the codes the tools handed back for this question."""

from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.records import Fact
from medcoder.codebook.systems import code_key


def ungrounded_codes(text: str, allowed: set[str]) -> list[str]:
    """Code-shaped tokens in `text` whose undotted form is not in `allowed` (undotted keys)."""
    return [token for token in code_shaped_tokens(text) if code_key(token) not in allowed]


def grounded_facts(facts: list[Fact], allowed: set[str]) -> list[Fact]:
    """Drops any fact stating a code outside `allowed` (a fault in a template or an article)."""
    return [fact for fact in facts if not ungrounded_codes(fact.text, allowed)]
