"""CasePilot accuracy and speed on bench/casepilot_questions.jsonl.

Prints the share of questions answered correctly (every required fact present in the answer), the
number of stated codes that are wrong or do not exist, and the latency p50/p95 per question.

    .venv/bin/python bench/casepilot_eval.py [--codebook PATH] [--questions FILE] [--show-failures]

A stated code counts as existing when the codebook knows it, when a knowledge article declares it
(CPT numbers, whose AMA descriptors we cannot ship), or when it is an LCD/Article id a tool returned.
Codes the question itself names are not counted (echoing "E11.99 is not a code" is not stating it).
"""

import argparse
import json
import statistics
import time
from pathlib import Path

from medcoder.assistant import Answer, Conversation, ask
from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.knowledge import articles
from medcoder.codebook import Codebook, default_path
from medcoder.codebook.systems import code_key

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", type=Path, default=default_path())
    parser.add_argument("--questions", type=Path, default=HERE / "casepilot_questions.jsonl")
    parser.add_argument("--show-failures", action="store_true")
    options = parser.parse_args()
    codebook = Codebook.open(options.codebook)
    items = [json.loads(line) for line in options.questions.read_text().splitlines() if line.strip()]
    declared = {code_key(code) for article in articles() for code in article.codes}
    ask(codebook, "warm up: what is E11.9?")
    correct, wrong_codes, latencies, failures = 0, [], [], []
    for item in items:
        conversation = ask(codebook, item["follows"]).conversation if item.get("follows") else Conversation()
        started = time.perf_counter()
        answer = ask(codebook, item["question"], conversation)
        latencies.append((time.perf_counter() - started) * 1000)
        stated = " ".join([answer.summary, *(fact.text for fact in answer.facts)])
        text = stated.lower()
        missing = [fact for fact in item["must"] if not _present(fact, text)]
        if missing:
            failures.append((item, missing, stated))
        else:
            correct += 1
        wrong_codes += _unsupported_codes(codebook, item["question"], stated, answer, declared)
    latencies.sort()
    print(f"questions: {len(items)} from {options.questions.name}, codebook {options.codebook}")
    print(f"answered correctly: {correct}/{len(items)} = {100 * correct / len(items):.1f}%")
    print(f"stated codes wrong or nonexistent: {len(wrong_codes)} {sorted(set(wrong_codes))}")
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(
        f"latency per question: p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
    )
    by_topic: dict[str, list[int]] = {}
    for item in items:
        by_topic.setdefault(item["topic"], [0, 0])[1] += 1
    for item, _, _ in failures:
        by_topic[item["topic"]][0] += 1
    print("failures by topic: " + ", ".join(f"{t} {f}/{n}" for t, (f, n) in sorted(by_topic.items()) if f))
    if options.show_failures:
        for item, missing, text in failures:
            print(f"\n--- {item['question']}  missing {missing}\n{text[:600]}")


def _present(fact: str | list[str], text: str) -> bool:
    alternatives = fact if isinstance(fact, list) else [fact]
    return any(alternative.lower() in text for alternative in alternatives)


def _unsupported_codes(
    codebook: Codebook, question: str, stated: str, answer: Answer, declared: set[str]
) -> list[str]:
    """Code-shaped tokens of the answer (its summary and facts; the source list names manual sections)
    that no codebook system, article or returned coverage document knows."""
    asked = {code_key(token) for token in code_shaped_tokens(question)}
    documents = {code_key(c.code) for c in answer.codes if c.system == "coverage-document"}
    return [
        token
        for token in code_shaped_tokens(stated)
        if code_key(token) not in asked | declared | documents and not codebook.find(token)
    ]


if __name__ == "__main__":
    main()
