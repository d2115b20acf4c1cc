#!/usr/bin/env python3
"""`slipbox graph` output as other tools read it: json (parsed, exact nodes and edges),
dot (Graphviz `dot -Tsvg` must accept it; installed with apt-get when missing and we are
root), graphml (well-formed XML in the GraphML namespace, read with xml.etree), and
--from/--depth. Usage: graph_formats.py path/to/slipbox"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BIN = sys.argv[1]
NS = "{http://graphml.graphdrawing.org/xmlns}"

VAULT = {
    "Hub.md": "---\ntags: [project]\n---\n# Hub \"quoted\" <&>\n[[Plan]] [[Plan#Goals]] ![[img/Fig 1.png]] [[Plan#^b1]] [[Ghost]] [[ghost]]\n#project/alpha\n",
    "work/Plan.md": "# Plan\n## Goals\ntext ^b1\n[[Hub]] [[Far]]\n",
    "work/Far.md": "[[Farther]] [[Ghost]]\n",
    "Farther.md": "end\n",
    "img/Fig 1.png": "png",
    "Emoji 🛠 \"q\".md": "[[Hub]]\n",
    "Alone.md": "nothing\n",
}


def run(vault, *args, check=True):
    result = subprocess.run([BIN, "graph", vault, *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"slipbox graph {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def main():
    failures = []

    def expect(condition, message):
        if not condition:
            failures.append(message)

    with tempfile.TemporaryDirectory() as vault:
        for path, text in VAULT.items():
            full = os.path.join(vault, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)

        # JSON, as jq would read it.
        graph = json.loads(run(vault, "--format", "json").stdout)
        nodes = {n["id"]: n for n in graph["nodes"]}
        expect(set(nodes) == {"Alone.md", "Emoji 🛠 \"q\".md", "Farther.md", "Hub.md", "img/Fig 1.png", "work/Far.md",
                              "work/Plan.md", "missing:Ghost"}, f"json nodes: {sorted(nodes)}")
        expect(nodes["Hub.md"]["tags"] == ["project", "project/alpha"], f"Hub tags: {nodes['Hub.md']['tags']}")
        expect(nodes["img/Fig 1.png"]["kind"] == "attachment" and nodes["img/Fig 1.png"]["folder"] == "img", "attachment node")
        expect(nodes["missing:Ghost"]["kind"] == "missing" and nodes["missing:Ghost"]["path"] is None, "missing node")
        edges = {(e["source"], e["target"]): e for e in graph["edges"]}
        hub_plan = edges.get(("Hub.md", "work/Plan.md"))
        expect(hub_plan is not None and hub_plan["count"] == 3 and hub_plan["kinds"] == {"link": 1, "embed": 0, "heading": 1, "block": 1},
               f"Hub -> Plan: {hub_plan}")
        expect(edges.get(("Hub.md", "missing:Ghost"), {}).get("count") == 2, "Hub -> Ghost counts both spellings")
        expect(edges.get(("Hub.md", "img/Fig 1.png"), {}).get("kinds", {}).get("embed") == 1, "embed edge")
        expect(len(graph["edges"]) == 8, f"{len(graph['edges'])} edges")

        # DOT through Graphviz.
        dot = run(vault, "--format", "dot").stdout
        if not shutil.which("dot") and os.geteuid() == 0 and shutil.which("apt-get"):
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "graphviz"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if shutil.which("dot"):
            svg = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True)
            expect(svg.returncode == 0 and "<svg" in svg.stdout, f"dot -Tsvg failed: {svg.stderr}")
            expect(svg.stderr.strip() == "", f"dot warned: {svg.stderr}")
            expect(svg.stdout.count('class="node"') == len(nodes), "every node drawn")
            expect(svg.stdout.count('class="edge"') == len(graph["edges"]), "every edge drawn")
        else:
            failures.append("graphviz (dot) is not installed: apt-get install graphviz")

        # GraphML, read with a real XML parser.
        root = ET.fromstring(run(vault, "--format", "graphml").stdout.encode("utf-8"))
        expect(root.tag == NS + "graphml", f"root element {root.tag}")
        g = root.find(NS + "graph")
        expect(g is not None and g.get("edgedefault") == "directed", "directed graph")
        ml_nodes = g.findall(NS + "node")
        ml_edges = g.findall(NS + "edge")
        expect(len(ml_nodes) == len(nodes), f"graphml nodes {len(ml_nodes)}")
        expect(len(ml_edges) == len(graph["edges"]), f"graphml edges {len(ml_edges)}")
        ids = {n.get("id") for n in ml_nodes}
        expect(ids == set(nodes), f"graphml ids {ids}")
        keys = {k.get("id"): k for k in root.findall(NS + "key")}
        for edge in ml_edges:
            expect(edge.get("source") in ids and edge.get("target") in ids, "edge endpoints are nodes")
            for data in edge.findall(NS + "data"):
                expect(data.get("key") in keys, f"undeclared key {data.get('key')}")
        hub = next(n for n in ml_nodes if n.get("id") == "Hub.md")
        data = {d.get("key"): d.text for d in hub.findall(NS + "data")}
        expect(data.get("tags") == "project project/alpha" and data.get("kind") == "note", f"Hub data {data}")

        # --from / --depth.
        near = json.loads(run(vault, "--from", "work/Far", "--depth", "1").stdout)
        expect({n["id"] for n in near["nodes"]} == {"work/Far.md", "Farther.md", "missing:Ghost", "work/Plan.md"},
               f"--from Far: {[n['id'] for n in near['nodes']]}")
        zero = json.loads(run(vault, "--from", "Alone", "--depth", "0").stdout)
        expect([n["id"] for n in zero["nodes"]] == ["Alone.md"] and zero["edges"] == [], "--depth 0")
        bad = run(vault, "--from", "Nope", check=False)
        expect(bad.returncode == 2 and "Nope" in bad.stderr, f"--from unknown note: {bad.returncode} {bad.stderr}")
        usage = run(vault, "--format", "png", check=False)
        expect(usage.returncode == 2, "unknown format is a usage error")

    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        return 1
    print("graph formats: json, dot (Graphviz), graphml (xml.etree), --from/--depth all fine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
