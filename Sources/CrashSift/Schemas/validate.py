#!/usr/bin/env python3
"""Validates crashsift's JSON output against one of the schemas in this folder.

    python3 validate.py SCHEMA.json FILE...

Each FILE is a JSON document, a JSON array of documents (each element is validated on its
own), or a `.jsonl` file (each non-empty line is a document). Every failure is printed as
`file[:line]: $.json.path: message`; the exit status is 1 when any document failed (or a file
could not be read or is not JSON), 0 otherwise, when a one-line count is printed. Usage errors
exit with 2. Needs Python 3 and `jsonschema` (`pip install jsonschema`).
"""

import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate.py: the Python package 'jsonschema' is missing (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)


def json_path(path):
    """`$.tasks[3].frames[0].line` for a jsonschema error path."""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += "." + part
        else:
            text += "[" + json.dumps(part) + "]"
    return text


def leaves(error):
    """The errors to show for `error`: for a failed `oneOf`/`anyOf`, those of the branch that
    came closest, expanded the same way. A branch is further off when the value is not even of
    its type, then when a `const` key (a tag such as `kind` or `schema`) differs, then when its
    errors lie shallower, then when it has more of them."""
    if not error.context:
        return [error]
    depth = len(error.absolute_path)
    branches = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)

    def distance(errors):
        wrong_type = any(e.validator == "type" and len(e.absolute_path) == depth for e in errors)
        wrong_tag = any(e.validator == "const" and len(e.absolute_path) == depth + 1 for e in errors)
        return (wrong_type, wrong_tag, -min(len(e.absolute_path) for e in errors), len(errors))

    closest = min(branches.values(), key=distance)
    return [leaf for inner in closest for leaf in leaves(inner)]


def short(message, limit=300):
    return message if len(message) <= limit else message[: limit - 1] + "…"


def documents(path):
    """(where, prefix, document, problem) for each document of the file: `where` is `file` or
    `file:line`, `prefix` the element's index in a top-level array, `problem` a reading error."""
    try:
        with open(path, encoding="utf-8") as handle:
            if path.endswith(".jsonl"):
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        yield f"{path}:{number}", "", json.loads(line), None
                    except ValueError as problem:
                        yield f"{path}:{number}", "", None, f"not JSON: {problem}"
                return
            text = handle.read()
    except (OSError, UnicodeDecodeError) as problem:
        yield path, "", None, f"cannot read: {problem}"
        return
    try:
        value = json.loads(text)
    except ValueError as problem:
        yield path, "", None, f"not JSON: {problem}"
        return
    if isinstance(value, list):
        for index, element in enumerate(value):
            yield path, f"[{index}]", element, None
    else:
        yield path, "", value, None


def main(argv):
    if len(argv) < 3:
        print("usage: python3 validate.py SCHEMA.json FILE...", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as handle:
            schema = json.load(handle)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as problem:
        print(f"{argv[1]}: not a usable schema: {short(str(problem))}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)

    checked = failed = 0
    for path in argv[2:]:
        for where, prefix, document, problem in documents(path):
            checked += 1
            if problem:
                failed += 1
                print(f"{where}: {problem}")
                continue
            errors = sorted(validator.iter_errors(document), key=lambda e: [str(part) for part in e.absolute_path])
            if errors:
                failed += 1
            for error in errors:
                for leaf in leaves(error):
                    print(f"{where}: ${prefix}{json_path(leaf.absolute_path)[1:]}: {short(leaf.message)}")
    if failed:
        print(f"{failed} of {checked} documents do not match {argv[1]}")
        return 1
    print(f"{checked} documents match {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
