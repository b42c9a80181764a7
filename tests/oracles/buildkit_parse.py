"""Parse Dockerfiles with BuildKit's own parser (PyPI `dockerfile`, which wraps
the Go parser) and print one JSON object per file on stdout.

Usage: python buildkit_parse.py FILE...
"""

import json
import sys

import dockerfile


def command_to_json(command):
    return {
        "cmd": command.cmd,
        "sub_cmd": command.sub_cmd,
        "json": command.json,
        "start_line": command.start_line,
        "end_line": command.end_line,
        "flags": list(command.flags),
        "value": list(command.value),
        "heredocs": [
            {"name": heredoc.name, "content": heredoc.content} for heredoc in command.heredocs
        ],
    }


def main(paths):
    for path in paths:
        try:
            commands = dockerfile.parse_file(path)
            result = {"path": path, "ok": True, "commands": [command_to_json(c) for c in commands]}
        except dockerfile.GoParseError as error:
            result = {"path": path, "ok": False, "error": str(error)}
        print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
