"""Validates StreamDesk's AsyncAPI export against the official AsyncAPI 2.6.0 JSON schema.

Usage: validate_asyncapi.py SCHEMA DUMP_EXECUTABLE. Fails when python3-jsonschema is missing.
"""
import copy
import json
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("python3-jsonschema is not installed: run tools/install-deps.sh")



class LocalRefResolver(jsonschema.RefResolver):
    """Every $ref in the AsyncAPI schema is local. jsonschema 4.10 (Debian 12) first searches subschemas by
    their $id and fails on the embedded draft-07 meta-schema, whose "properties" has a key named "$id"."""

    def _find_in_subschemas(self, url):
        return None


schema_path, dump = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
validator = jsonschema.Draft7Validator(schema, resolver=LocalRefResolver.from_schema(schema))
document = json.loads(subprocess.run([dump], check=True, capture_output=True).stdout)

errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(document)]
for error in errors:
    print("invalid:", error)

# The check must be able to fail: a document without info.version, with a numeric protocol, is rejected.
broken = copy.deepcopy(document)
del broken["info"]["version"]
broken["servers"]["http"]["protocol"] = 5
if len(list(validator.iter_errors(broken))) < 2:
    errors.append("the schema accepted a broken document")
    print("invalid: the schema accepted a broken document")

print(f"{1 - bool(errors)} passed, {int(bool(errors))} failed")
sys.exit(1 if errors else 0)
