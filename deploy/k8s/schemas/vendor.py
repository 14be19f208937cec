#!/usr/bin/env python3
"""Writes the OpenAPI schema of each served version of the given CustomResourceDefinitions as
<group>_<version>_<Kind>.json next to this script, without descriptions (validation only needs
the structure; this keeps the files a third of the size). Needs PyYAML.

    deploy/k8s/schemas/vendor.py 040-Crd-kafka.yaml postgresql.cnpg.io_clusters.yaml ...

Where the committed files came from is listed in README.md in this folder."""
import json, os, sys
import yaml

def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if not (k == "description" and isinstance(v, str))}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node

here = os.path.dirname(os.path.abspath(__file__))
for path in sys.argv[1:]:
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            spec = doc["spec"]
            for version in spec["versions"]:
                if not version.get("served", True):
                    continue
                name = f'{spec["group"]}_{version["name"]}_{spec["names"]["kind"]}.json'
                with open(os.path.join(here, name), "w") as out:
                    json.dump(strip(version["schema"]["openAPIV3Schema"]), out, separators=(",", ":"), sort_keys=True)
                    out.write("\n")
                print(name)
