"""CasePilot, the coding assistant: grounded answers about codes, guidelines, modifiers, crosswalks,
NCCI edits, compliance and Medicare coverage, offline and deterministic.

    from medcoder.assistant import ask, Conversation
    answer = ask(codebook, "Can I report E11.9 with E10.9?")
    follow_up = ask(codebook, "and what about E13.9?", answer.conversation)
"""

from medcoder.assistant.pilot import QuestionError, ask
from medcoder.assistant.records import Answer, Citation, CodeMention, Conversation, Fact

__all__ = ["Answer", "Citation", "CodeMention", "Conversation", "Fact", "QuestionError", "ask"]
