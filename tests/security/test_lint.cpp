// The source linter: each rule, and the tricky cases (comments, strings, aliases).
#include <sandbox/error.hpp>
#include <sandbox/lint.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>

using namespace sandbox;

namespace {

// The rules of the findings, space-separated, so a failing check shows them.
std::string rules(const std::vector<LintFinding>& findings) {
    std::string out;
    for (const auto& f : findings) out += (out.empty() ? "" : " ") + f.rule;
    return out;
}

std::string py(std::string_view source) { return rules(lint_source("python", source)); }
std::string js(std::string_view source) { return rules(lint_source("javascript", source)); }

}  // namespace

TEST_CASE("python: commands, with position and message") {
    auto f = lint_source("python", "import os\n\nx = 1; os.system('ls')\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "os.system");
    CHECK(f[0].line == 3);
    CHECK(f[0].column == 8);
    CHECK(f[0].severity == Severity::high);
    CHECK(f[0].message == "os.system runs a shell command");
    CHECK(py("import os\nos.popen('id')") == "os.popen");
    CHECK(py("import os\nos.execvp('sh', ['sh'])\nos.spawnl(0, '/bin/sh')") == "os.exec os.spawn");
    CHECK(py("import os\nos.path.join('a', 'b')\nos.getcwd()") == "");
}

TEST_CASE("python: subprocess under every import form") {
    CHECK(py("import subprocess\nsubprocess.run(['ls'])") == "subprocess subprocess");
    auto aliased = lint_source("python", "import subprocess as sp\nsp.check_output('id')");
    REQUIRE(aliased.size() == 2);
    CHECK(aliased[1].message == "sp.check_output (subprocess.check_output) starts programs");
    CHECK(py("from subprocess import Popen as P\nP(['x'])") == "subprocess subprocess");
    CHECK(py("from subprocess import *\ncall('x')") == "subprocess subprocess");
    CHECK(py("from os import system\nsystem('id')") == "os.system os.system");
    CHECK(py("from os import *\nsystem('id')") == "os.system");
    CHECK(py("import os.path, subprocess") == "subprocess");
    CHECK(py("from os import (\n  path,\n  system as s,\n)\ns('x')") == "os.system os.system");
}

TEST_CASE("python: comments and strings are not code") {
    CHECK(py("# os.system('rm -rf /')\nprint('os.system(\"x\")')") == "");
    CHECK(py("s = \"\"\"\nimport subprocess\nsubprocess.run('x')\n\"\"\"\nprint(s)") == "");
    CHECK(py("x = r'eval(' + b\"exec(\" + f'{1}'") == "");
    CHECK(py("x = 'it\\'s eval(1)'\n") == "");
    // Code after a string on the same line still counts.
    CHECK(py("x = 'a'; eval(x)") == "eval");
}

TEST_CASE("python: builtins only when called bare") {
    CHECK(py("eval('1+1')\nexec('x=1')\ncompile('x', 'f', 'exec')\n__import__('os')") ==
          "eval exec compile __import__");
    CHECK(py("obj.eval('x')\nmodel.compile()\ndef exec(x): pass\nevaluate(1)") == "");
    CHECK(py("import builtins\nbuiltins.eval('1')") == "eval");
}

TEST_CASE("python: native code, network, pickle, files, importlib") {
    CHECK(py("import ctypes\nctypes.CDLL(None).system(b'id')") == "ctypes ctypes");
    CHECK(py("from socket import socket, AF_INET\ns = socket(AF_INET)") == "socket socket socket");
    CHECK(py("import pickle\npickle.loads(data)\npickle.dumps(x)") == "pickle.loads");
    CHECK(py("import shutil, os\nshutil.rmtree('/w')\nos.remove('f')\nos.unlink('g')") ==
          "shutil.rmtree os.remove os.remove");
    CHECK(py("import importlib\nm = importlib.import_module('o' + 's')") == "importlib importlib");
}

TEST_CASE("python: open for writing by literal mode") {
    CHECK(py("open('f', 'w')") == "open_write");
    CHECK(py("open('f', mode='a')") == "open_write");
    CHECK(py("with open(name, 'rb+') as f: pass") == "open_write");
    CHECK(py("open('f')\nopen('f', 'r')\nopen('w')\nopen(f(1, 'w'))\nopen('f', encoding='wa')") == "");
    CHECK(py("from pathlib import Path\nPath('x').write_text('hi')") == "open_write");
}

TEST_CASE("python: yield from and raise from are no imports") {
    CHECK(py("def g():\n    yield from subprocess_like()\ntry:\n    pass\nexcept E as e:\n    raise X from e") == "");
}

TEST_CASE("javascript: child_process under every form") {
    auto f = lint_source("javascript", "const cp = require('child_process');\ncp.execSync('id');\n");
    REQUIRE(f.size() == 2);
    CHECK(f[0].rule == "child_process");
    CHECK(f[0].line == 1);
    CHECK(f[0].column == 12);
    CHECK(f[1].message == "cp.execSync (child_process.execSync) starts programs");
    CHECK(js("const { exec: run } = require('node:child_process');\nrun('ls')") == "child_process child_process");
    CHECK(js("import { spawn } from 'child_process';\nspawn('sh')") == "child_process child_process");
    CHECK(js("import * as cp from 'child_process';\ncp.fork('x')") == "child_process child_process");
    CHECK(js("require('child_process').exec('id')") == "child_process");
    CHECK(js("const m = await import('child_process')") == "child_process");
}

TEST_CASE("javascript: eval, Function, process.binding, vm, network") {
    CHECK(js("eval('1+1'); new Function('return 1')(); Function('x')") == "eval Function Function");
    CHECK(js("obj.eval('x'); const evaluate = 1; class A { eval() {} }") == "");
    CHECK(js("process.binding('spawn_sync')") == "process.binding");
    CHECK(js("const vm = require('vm'); vm.runInNewContext('1')") == "vm vm");
    CHECK(js("const net = require('net');") == "network");
    CHECK(js("import http from 'node:http';\nhttp.get('http://x')") == "network network");
    CHECK(js("require('dgram'); require('https')") == "network network");
}

TEST_CASE("javascript: fs writes, not reads") {
    CHECK(js("const fs = require('fs');\nfs.writeFileSync('a', 'b');\nfs.readFileSync('a');") == "fs_write");
    CHECK(js("const { appendFile, readFile } = require('fs');\nappendFile('a', 'b', cb);\nreadFile('a', cb)") ==
          "fs_write");
    CHECK(js("import fs from 'fs';\nfs.promises.rm('/w', {recursive: true})") == "fs_write");
    CHECK(js("import { unlink } from 'fs/promises';\nawait unlink('x')") == "fs_write");
    CHECK(js("require('fs').rmSync('/w')") == "fs_write");
    CHECK(js("const fs = require('fs'); fs.existsSync('a'); fs.statSync('a')") == "");
}

TEST_CASE("javascript: comments, strings, templates and regular expressions") {
    CHECK(js("// require('child_process')\n/* eval('x') */\nconst s = 'eval(1)' + \"require('net')\";") == "");
    CHECK(js("const t = `eval(${1 + 2}) require('vm')`;") == "");
    // Code inside a template's ${...} is code.
    CHECK(js("const t = `a ${eval('x')} b ${ {a: 1}.a } c`; eval('y')") == "eval eval");
    // A quote in a regular expression does not open a string.
    CHECK(js("const r = /[\"']/g; eval(r)") == "eval");
    CHECK(js("const half = a / 2; const q = b / 'x'.length; eval(1)") == "eval");
}

TEST_CASE("findings come in source order and as JSON") {
    auto f = lint_source("javascript", "import { exec } from 'child_process';\neval('1');\n");
    REQUIRE(f.size() == 2);
    CHECK(f[0].line == 1);
    CHECK(f[1].line == 2);
    auto obj = boost::json::parse(f[1].to_json()).as_object();
    CHECK(obj.at("rule").as_string() == "eval");
    CHECK(obj.at("severity").as_string() == "high");
    CHECK(obj.at("line").to_number<int>() == 2);
    CHECK(obj.at("column").to_number<int>() == 1);
}

TEST_CASE("unknown languages are refused by name; empty and odd sources are fine") {
    CHECK(lint_supported("python"));
    CHECK(lint_supported("javascript"));
    CHECK_FALSE(lint_supported("shell"));
    CHECK_THROWS_WITH_AS(lint_source("ruby", "x"), doctest::Contains("'ruby'"), PolicyError);
    CHECK(py("") == "");
    CHECK(js("") == "");
    CHECK_NOTHROW(py("'unterminated\nimport os\nos.system('x')"));
    CHECK(py("'unterminated\nimport os\nos.system('x')") == "os.system");
    CHECK_NOTHROW(js("`unterminated ${ eval("));
    CHECK_NOTHROW(py("\"\"\"never closed"));
    CHECK_NOTHROW(js("/* never closed"));
}
