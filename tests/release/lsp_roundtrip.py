#!/usr/bin/env python3
"""One LSP session with an installed slipbox: initialize, definition, a bad request, shutdown, exit.

Usage: lsp_roundtrip.py HOST_VAULT SERVER_VAULT EXPECTED_VERSION COMMAND...
The vault is a copy of examples/vault: HOST_VAULT is where this script reads it, SERVER_VAULT
where the server sees it (inside a chroot, the chroot's path). Checks serverInfo's name and version, that F12 on [[Kjøpe hus – sjekkliste|…]] in
Hjem.md leads to Prosjekter/Kjøpe hus – sjekkliste.md, and exit status 0 after shutdown.
"""
import json
import pathlib
import subprocess
import sys
import time
import urllib.parse


def uri(path):
    return "file://" + urllib.parse.quote(path)


def main():
    host_vault, vault, expected_version, command = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    next_id = [0]

    def send(method, params, request=True):
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            next_id[0] += 1
            msg["id"] = next_id[0]
        body = json.dumps(msg).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()
        return msg.get("id")

    def receive(want_id):
        deadline = time.time() + 30
        while time.time() < deadline:
            length = None
            while True:
                line = proc.stdout.readline()
                if not line:
                    sys.exit("server closed stdout")
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(proc.stdout.read(length))
            if "method" in msg and "id" in msg:  # a request from the server: answer null
                body = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": None}).encode()
                proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                proc.stdin.flush()
            elif msg.get("id") == want_id:
                return msg
        sys.exit("no answer within 30 s")

    init = receive(send("initialize", {"processId": None, "rootUri": uri(vault), "capabilities": {},
                                       "workspaceFolders": [{"uri": uri(vault), "name": "vault"}]}))
    info = init["result"]["serverInfo"]
    if info["name"] != "slipbox" or info["version"] != expected_version:
        sys.exit(f"serverInfo {info}, expected slipbox {expected_version!r}")
    send("initialized", {}, request=False)
    note = vault + "/Hjem.md"
    text = pathlib.Path(host_vault, "Hjem.md").read_text(encoding="utf-8")
    send("textDocument/didOpen", {"textDocument": {"uri": uri(note), "languageId": "markdown", "version": 1,
                                                   "text": text}}, request=False)
    target = None
    for _ in range(50):  # the vault is indexed in the background after initialize
        answer = receive(send("textDocument/definition", {"textDocument": {"uri": uri(note)},
                                                          "position": {"line": 12, "character": 6}}))
        result = answer.get("result")
        if result:
            target = result[0] if isinstance(result, list) else result
            break
        time.sleep(0.1)
    want = uri(vault + "/Prosjekter/Kjøpe hus – sjekkliste.md")
    got = (target or {}).get("uri") or (target or {}).get("targetUri")
    if got != want:
        sys.exit(f"definition gave {got!r}, expected {want!r}")
    # Params of the wrong shape: the server answers with an error (a C++ exception caught in
    # the dispatcher: the portable binary's unwinder must work on the system's glibc).
    bad = receive(send("textDocument/hover", {"textDocument": 42, "position": "here"}))
    if "error" not in bad:
        sys.exit(f"hover with bad params: expected an error reply, got {bad}")
    shutdown = receive(send("shutdown", None))
    if "error" in shutdown:
        sys.exit(f"shutdown failed: {shutdown}")
    send("exit", None, request=False)
    proc.stdin.close()
    code = proc.wait(timeout=10)
    if code != 0:
        sys.exit(f"exit status {code} after shutdown and exit")
    print(f"lsp round trip: serverInfo slipbox {info['version']}, definition -> {got}, "
          f"bad params -> error {bad['error'].get('code')}, exit 0")


if __name__ == "__main__":
    main()
