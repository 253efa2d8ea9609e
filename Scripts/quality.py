#!/usr/bin/env python3
"""Scores an `analyze` output folder against a `synth` world's truth.json.

Prints one JSON object: adjusted Rand index, NMI, pairwise precision/recall/F1 over the
stores in stores.csv (a store of no planted ring is its own cluster on the truth side, a
store of no found ring its own cluster on the found side), the share of planted hubs in
hubs.csv, how many planted ring warehouses were wrongly called hubs, and the recall and
precision of rejects.csv against the planted bad rows. Upstream figures are given per found
ring (top1_all, top3_all) and per planted ring (top1_planted, top3_planted: the found ring
most of its stores are in, as ../shared/eval/score.py counts).
"""
import collections, csv, json, math, sys


def comb2(n):
    return n * (n - 1) // 2


def main(truth_path, out_dir):
    truth = json.load(open(truth_path, encoding="utf-8"))
    ring_of = {}
    for ring in truth["rings"]:
        for store in ring["stores"]:
            ring_of[store] = ring["id"]
    found = {}
    with open(f"{out_dir}/stores.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found[row["store_key"]] = row["cluster_id"]
    stores = sorted(found)
    t = [ring_of.get(s) or "t:" + s for s in stores]
    p = [found[s] or "p:" + s for s in stores]
    n = len(stores)
    ct = collections.Counter(t)
    cp = collections.Counter(p)
    joint = collections.Counter(zip(t, p))
    tp = sum(comb2(c) for c in joint.values())
    true_pairs = sum(comb2(c) for c in ct.values())
    found_pairs = sum(comb2(c) for c in cp.values())
    precision = tp / found_pairs if found_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    expected = true_pairs * found_pairs / comb2(n) if n > 1 else 0
    denominator = (true_pairs + found_pairs) / 2 - expected
    ari = (tp - expected) / denominator if denominator else 1.0

    def entropy(counter):
        return -sum(c / n * math.log(c / n) for c in counter.values())

    mutual = sum(c / n * math.log((c / n) / ((ct[a] / n) * (cp[b] / n))) for (a, b), c in joint.items())
    ht, hp = entropy(ct), entropy(cp)
    nmi = mutual / ((ht + hp) / 2) if ht + hp else 1.0

    hubs = set()
    with open(f"{out_dir}/hubs.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            hubs.add((row["kind"], row["key"]))
    planted = {(h["kind"], h["key"]) for h in truth["hubs"]}
    warehouses = {("address", r["warehouse_key"]) for r in truth["rings"]}
    # Upstream: each found ring of ≥ 2 stores is matched to the planted ring most of its
    # stores belong to; a hit is a candidate whose identifiers include the planted supplier or
    # warehouse. "Observable" rings are those whose source appears among their candidates at all.
    rings_by_id = {r["id"]: r for r in truth["rings"]}
    clusters = json.load(open(f"{out_dir}/clusters.json", encoding="utf-8"))["clusters"]
    top1 = top3 = observable = matched = 0
    plan_sizes = []
    for cluster in clusters:
        votes = collections.Counter(ring_of[s] for s in cluster["stores"] if s in ring_of)
        if not votes:
            continue
        source_ring = rings_by_id[votes.most_common(1)[0][0]]
        sources = {"supplier:" + source_ring["supplier_key"], "address:" + source_ring["warehouse_key"]}
        hits = [bool(sources & set(c.get("identifiers", [c["kind"] + ":" + c["key"]]))) for c in cluster["upstream"]]
        matched += 1
        plan_sizes.append(len(cluster["takedown"]))
        if any(hits):
            observable += 1
        if hits[:1] == [True]:
            top1 += 1
        if any(hits[:3]):
            top3 += 1
    result_upstream = {
        "rings_matched": matched,
        "source_observable": observable,
        "top1_all": round(top1 / matched, 4) if matched else 0,
        "top3_all": round(top3 / matched, 4) if matched else 0,
        "top1_observable": round(top1 / observable, 4) if observable else 0,
        "top3_observable": round(top3 / observable, 4) if observable else 0,
        "takedown_mean_size": round(sum(plan_sizes) / len(plan_sizes), 3) if plan_sizes else 0,
    }

    # Rejects: every planted bad row (file, line) against rejects.csv.
    planted_bad = {(b["file"], int(b["line"])) for b in truth.get("bad_rows", [])}
    reported = set()
    with open(f"{out_dir}/rejects.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            reported.add((row["file"].rsplit("/", 1)[-1], int(row["line"])))
    hit = planted_bad & reported
    result_rejects = {
        "reject_recall": round(len(hit) / len(planted_bad), 4) if planted_bad else 1.0,
        "reject_precision": round(len(hit) / len(reported), 4) if reported else 1.0,
    }

    # Upstream per planted ring, as ../shared/eval/score.py counts it: the found ring most of
    # its stores are in (ties: the smaller id), its first and first three candidates.
    cluster_by_id = {c["id"]: c for c in clusters}
    planted_top1 = planted_top3 = 0
    for ring in truth["rings"]:
        votes = collections.Counter(found[s] for s in ring["stores"] if found.get(s))
        if not votes:
            continue
        best = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        sources = {"supplier:" + ring["supplier_key"], "address:" + ring["warehouse_key"]}
        hits = [bool(sources & set(c.get("identifiers", [c["kind"] + ":" + c["key"]]))) for c in cluster_by_id[best]["upstream"]]
        planted_top1 += hits[:1] == [True]
        planted_top3 += any(hits[:3])
    rings_planted = len(truth["rings"])
    result_upstream["top1_planted"] = round(planted_top1 / rings_planted, 4) if rings_planted else 0
    result_upstream["top3_planted"] = round(planted_top3 / rings_planted, 4) if rings_planted else 0

    result = {
        "stores": n,
        "ari": round(ari, 4),
        "nmi": round(nmi, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "hubs_found": f"{len(planted & hubs)}/{len(planted)}",
        "hub_recall": round(len(planted & hubs) / len(planted), 4) if planted else 1.0,
        "warehouses_called_hubs": len(warehouses & hubs),
        **result_upstream,
        **result_rejects,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
