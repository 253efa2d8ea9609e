"""The pipeline an analyst would write in a notebook, kept as the peer piracy-trace is
measured against (Scripts/bench.sh). Same files, same job:

read with encoding detection and header aliases -> normalise phones and addresses ->
store-attribute graph with a hub cap -> Leiden (leidenalg, seeded) -> rank each ring's
upstream by coverage.

Usage: python pipeline.py OUT.json FILE...   Prints per-stage wall time and peak RSS as JSON.
"""
import codecs
import csv
import json
import re
import resource
import sys
import time
import unicodedata

import igraph as ig
import leidenalg
import pandas as pd

ALIASES = {
    "lead_id": ["线索编号", "编号", "线索id", "id"],
    "publisher": ["举报方", "出版社", "权利人", "品牌方"],
    "platform": ["平台"],
    "store_id": ["店铺id", "店铺编号"],
    "store_name": ["店铺名称", "店铺名", "店名", "store"],
    "sender_phone": ["发货电话", "寄件人电话", "联系电话"],
    "origin_address": ["发货地址", "寄件地址"],
    "supplier": ["供货商", "上游供应商", "货源"],
    "supplier_phone": ["供货商电话"],
    "supplier_address": ["供货商地址", "仓库地址"],
    "payment_account": ["收款账户", "收款账号"],
}
HEADER = {}
for field, names in ALIASES.items():
    for name in [field] + names:
        HEADER[re.sub(r"[\s_\-\ufeff]", "", unicodedata.normalize("NFKC", name).lower())] = field
HUB_CAP = 50  # a value shared by more stores than this links nothing (courier depots, 400 numbers)


def header_key(name):
    return re.sub(r"[\s_\-\ufeff]", "", unicodedata.normalize("NFKC", str(name)).lower())


def detect_encoding(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return "utf-16"
    try:
        # Incremental: a sample that ends inside a character is still UTF-8.
        codecs.getincrementaldecoder("utf-8")().decode(raw[:1_000_000], final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def read(path):
    if path.endswith(".xlsx"):
        frame = pd.read_excel(path, dtype=str)
    else:
        with open(path, "rb") as f:
            head = f.read(1_000_000)
        encoding = detect_encoding(head)
        first = head.decode(encoding, errors="ignore").split("\n", 1)[0]
        sep = "\t" if first.count("\t") > first.count(",") else ","
        options = dict(encoding=encoding, sep=sep, dtype=str, on_bad_lines="skip", keep_default_na=False)
        try:
            frame = pd.read_csv(path, **options)
        except pd.errors.ParserError:
            # An unclosed quote runs to the end of the file: read again without quoting.
            frame = pd.read_csv(path, quoting=csv.QUOTE_NONE, **options)
    frame = frame.rename(columns={c: HEADER.get(header_key(c), c) for c in frame.columns})
    for field in ALIASES:
        if field not in frame.columns:
            frame[field] = ""
    return frame[list(ALIASES)].fillna("")


def normalise_phone(value):
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value))
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if len(digits) >= 7 else ""


PROVINCE = re.compile(r"^(.{2,3}?(省|自治区))")


def normalise_address(value):
    text = unicodedata.normalize("NFKC", value)
    text = re.sub(r"\s+", "", text).replace("號", "号")
    return PROVINCE.sub("", text)


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    stages = {}
    t = time.perf_counter()
    frame = pd.concat([read(p) for p in paths], ignore_index=True)
    stages["read"] = time.perf_counter() - t

    t = time.perf_counter()
    frame = frame[(frame.platform != "") & (frame.store_id != "")]
    frame = frame.drop_duplicates(subset=["publisher", "lead_id"])
    frame["store"] = frame.platform.str.strip() + ":" + frame.store_id.str.strip()
    attributes = []
    for column, kind, norm in [
        ("sender_phone", "phone", normalise_phone), ("supplier_phone", "phone", normalise_phone),
        ("origin_address", "address", normalise_address), ("supplier_address", "address", normalise_address),
        ("supplier", "supplier", lambda v: unicodedata.normalize("NFKC", v).strip()),
        ("payment_account", "account", lambda v: v.strip().lower()),
    ]:
        values = frame[column].map(norm)
        part = pd.DataFrame({"store": frame.store, "attr": kind + ":" + values})[values != ""]
        attributes.append(part)
    links = pd.concat(attributes, ignore_index=True).drop_duplicates()
    stages["normalise"] = time.perf_counter() - t

    t = time.perf_counter()
    counts = links.groupby("attr").store.nunique()
    keep = counts[(counts >= 2) & (counts <= HUB_CAP)].index
    linked = links[links.attr.isin(keep)]
    stores = sorted(frame.store.unique())
    values = sorted(linked.attr.unique())
    index = {name: i for i, name in enumerate(stores)}
    offset = len(stores)
    index.update({name: offset + i for i, name in enumerate(values)})
    graph = ig.Graph(n=len(stores) + len(values),
                     edges=list(zip(linked.store.map(index), linked.attr.map(index))))
    stages["graph"] = time.perf_counter() - t

    t = time.perf_counter()
    partition = leidenalg.find_partition(graph, leidenalg.ModularityVertexPartition, seed=1)
    membership = partition.membership
    stages["cluster"] = time.perf_counter() - t

    t = time.perf_counter()
    ring_of = pd.Series({s: membership[i] for s, i in index.items() if i < offset})
    linked = linked.assign(ring=linked.store.map(ring_of))
    sizes = ring_of.value_counts()
    rings = []
    coverage = linked.groupby(["ring", "attr"]).store.nunique().reset_index()
    coverage = coverage.sort_values(["ring", "store", "attr"], ascending=[True, False, True])
    top = coverage.groupby("ring").head(3)
    for ring, group in top.groupby("ring"):
        if sizes.get(ring, 0) < 2:
            continue
        rings.append({"stores": int(sizes[ring]),
                      "upstream": [{"key": a, "covers": int(c)} for a, c in zip(group.attr, group.store)]})
    rings.sort(key=lambda r: -r["stores"])
    stages["trace"] = time.perf_counter() - t

    t = time.perf_counter()
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"rings": rings}, f, ensure_ascii=False)
    stages["write"] = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"stages": {k: round(v, 3) for k, v in stages.items()},
                      "total_s": round(sum(stages.values()), 3), "peak_rss_mb": peak,
                      "leads": int(len(frame)), "rings": len(rings)}))


if __name__ == "__main__":
    main()
