#!/usr/bin/python3
"""Turns runs.json into a C99 header of struct literals for the C vector runner.

usage: vectors_to_c.py runs.json out.h
"""
import json
import sys


def c_string(text):
    if text is None:
        return "NULL"
    literal = json.dumps(text, ensure_ascii=True)
    # \n, \t, \" and \\ mean the same in C; \uXXXX does not, so refuse it.
    if "\\u" in literal:
        sys.exit(f"vectors_to_c.py: {literal} needs a \\u escape, which C99 cannot take")
    return literal


def c_list(items):
    return "(const char *[]){" + "".join(c_string(i) + ", " for i in items) + "NULL}"


def c_pairs(mapping):
    flat = []
    for key, value in mapping.items():
        flat += [key, value]
    return c_list(flat)


def c_int(expect, key):
    # INT32_MIN marks "not checked".
    return str(expect[key]) if key in expect else "INT32_MIN"


def vector(v):
    command = v["command"]
    expect = v["expect"]
    for key in command:
        if key not in ("argv", "stdin", "env", "files", "cwd"):
            sys.exit(f"vector {v['name']}: unknown command key {key}")
    fields = [
        c_string(v["name"]),
        c_string(json.dumps(v["policy"])) if "policy" in v else "NULL",
        c_list(command["argv"]),
        c_string(command.get("stdin")),
        c_pairs(command.get("env", {})),
        c_pairs(command.get("files", {})),
        c_string(command.get("cwd")),
        c_string(expect.get("status")),
        c_int(expect, "exit_code"),
        c_int(expect, "signal"),
        c_string(expect.get("stdout")),
        c_string(expect.get("stderr")),
        c_string(expect.get("error")),
        c_string(expect.get("error_contains")),
    ]
    return "    {" + ",\n     ".join(fields) + "},\n"


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    with open(target, "w", encoding="utf-8") as out:
        out.write("/* Generated from tests/vectors/runs.json by vectors_to_c.py. */\n")
        out.write("#include <stdint.h>\n#include <stddef.h>\n\n")
        out.write("struct run_vector {\n    const char *name, *policy_json;\n"
                  "    const char **argv;\n    const char *stdin_data;\n"
                  "    const char **env, **files; /* name, value, name, value, ..., NULL */\n"
                  "    const char *cwd, *status;\n    int32_t exit_code, signal;\n"
                  "    const char *stdout_data, *stderr_data, *error, *error_contains;\n};\n\n")
        out.write("static const struct run_vector run_vectors[] = {\n")
        for v in vectors:
            out.write(vector(v))
        out.write("};\n")


if __name__ == "__main__":
    main()
