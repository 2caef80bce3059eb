"""Validate JSON instances against JSON Schemas with Python's `jsonschema`, an implementation
independent of the one that wrote the schemas (schemars). Used by tests/schemas.rs.

Reads {"cases": [{"name": ..., "schema": PATH, "instance": VALUE}, ...]} on standard input and
writes [{"name": ..., "errors": [{"path": ..., "schema_path": ..., "message": ...}, ...]}, ...]: one entry per case,
in order. Each schema is first checked against the draft 2020-12 meta-schema.
"""

import json
import sys

from jsonschema import Draft202012Validator, FormatChecker

request = json.load(sys.stdin)
validators = {}
results = []
for case in request["cases"]:
    path = case["schema"]
    if path not in validators:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        validators[path] = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = [
        {
            "path": "/".join(str(p) for p in e.absolute_path),
            "schema_path": "/".join(str(p) for p in e.absolute_schema_path),
            "message": e.message,
        }
        for e in validators[path].iter_errors(case["instance"])
    ]
    results.append({"name": case["name"], "errors": errors})
json.dump(results, sys.stdout, ensure_ascii=False)
