#!/usr/bin/env python3
"""Cuts the schemas our tests validate against out of OpenAI's OpenAPI document.

Usage: extract.py <openai-openapi.yaml> > openai-schemas.json

Keeps the named roots below and every schema they reach through $ref, under the same
#/components/schemas/<Name> pointers, so a test resolves them as it would in the whole spec.
Run it again (and update NOTICE.md) when a newer spec is wanted; no build step runs it.
"""
import json
import sys

import yaml

ROOTS = [
    "CreateChatCompletionRequest", "CreateChatCompletionResponse", "CreateChatCompletionStreamResponse",
    "CreateResponse", "Response", "ResponseStreamEvent",
]


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def main(path):
    with open(path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    schemas = spec["components"]["schemas"]
    keep, todo = set(), list(ROOTS)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(schemas[name], found)
        todo.extend(found - keep)
    out = {
        "openapi": spec["openapi"],
        "info": {"title": spec["info"]["title"], "version": spec["info"]["version"]},
        "components": {"schemas": {name: schemas[name] for name in sorted(keep)}},
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=False, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
