#!/usr/bin/env python3
"""Feeds damaged lead sheets to piracy-trace and keeps every one that crashes it or hangs.

Usage: Scripts/fuzz-readers.py BINARY [--cases N] [--seed S] [--mode check|analyze] [--keep DIR]

Starting points are the test fixtures, the example leads and a small synth world (every
format and encoding: CSV, TSV, UTF-16, GB18030, JSON Lines, .xlsx). Each case is one of them
damaged a few ways: bytes flipped, cut, repeated or deleted, quotes, line breaks, byte-order
marks, NULs and broken multi-byte sequences put in; a workbook has one of its XML parts
damaged (re-zipped) or its zip headers overwritten. A run that ends by a signal (a Swift
trap is SIGILL or SIGTRAP), prints a fatal error or runs past 20 s is a finding: the file is
copied to --keep (default /tmp/piracy-trace-fuzz) and named in the output. Exit status 1 if
there was any.

A damaged file must give a message naming it (or rows rejected with their reasons), never a
crash: each finding is a bug, and the file that found it belongs in a test.
Same seed, same cases: a finding is reproduced by running its seed again.
"""
import argparse, glob, io, os, random, re, shutil, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSERTS = [b'"', b'\r', b'\n', b'\r\n', b'\t', b',', b'\x00', b'\xff', b'\xfe', b'\xef\xbb\xbf',
           b'\xd8\x00', b'\xdc\x00', b'\x81', b'\x81\x30', b'\x84\x31\xa4\x39', b'"\n"', b'{', b'}',
           b'[', b'\\', b'\\u', b'\\ud800', b'<', b'&', b'&#', b']]>', b'\xe4\xb8', b'\xa0']


def damage_bytes(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not data:
            data += b'x'
        p = rng.randrange(len(data) + 1)
        op = rng.randint(0, 7)
        if op == 0 and p < len(data):
            data[p] = rng.randrange(256)
        elif op == 1:
            data[p:p] = rng.choice(INSERTS)
        elif op == 2:
            del data[p:p + rng.randint(1, 64)]
        elif op == 3:
            q = rng.randrange(len(data) + 1)
            data[p:p] = data[min(p, q):max(p, q)][:4096]
        elif op == 4:
            del data[p:]
        elif op == 5:
            data[p:p] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 6:
            data[p:p] = rng.choice(INSERTS) * rng.randint(2, 200)
        elif op == 7 and p < len(data):
            data[p] ^= 1 << rng.randrange(8)
    return bytes(data)


def damage_zip_headers(rng, data):
    """Overwrites fields of local headers, the central directory or its end record."""
    data = bytearray(data)
    signatures = [i for i in range(len(data) - 4) if data[i:i + 2] == b'PK' and data[i + 2] in (1, 3, 5, 6, 7)]
    for _ in range(rng.randint(1, 3)):
        if not signatures:
            break
        offset = rng.choice(signatures) + rng.randrange(4, 48)
        for k in range(rng.choice([1, 2, 4, 8])):
            if offset + k < len(data):
                data[offset + k] = rng.choice([0, 0xFF, rng.randrange(256)])
    return bytes(data)


def damage_workbook(rng, data):
    if rng.random() < 0.3:
        return damage_zip_headers(rng, data)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = {name: package.read(name) for name in package.namelist()}
    except Exception:
        return damage_bytes(rng, data)
    target = rng.choice(sorted(parts))
    parts[target] = damage_bytes(rng, parts[target])
    if rng.random() < 0.2:
        parts.pop(rng.choice(sorted(parts)), None)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["check", "analyze"], default="check")
    parser.add_argument("--keep", default="/tmp/piracy-trace-fuzz")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="fuzz-")
    os.makedirs(args.keep, exist_ok=True)
    try:
        subprocess.run([args.binary, "synth", "--leads", "400", "--seed", str(args.seed), "--out", os.path.join(work, "world")],
                       check=True, stdout=subprocess.DEVNULL)
        starts = sorted(glob.glob(os.path.join(ROOT, "Tests/*/Fixtures/*")) + glob.glob(os.path.join(ROOT, "Graphs/examples/*"))
                        + glob.glob(os.path.join(work, "world/synth-*")))
        findings = 0
        for case in range(args.cases):
            start = rng.choice(starts)
            extension = os.path.splitext(start)[1]
            data = open(start, "rb").read()
            data = damage_workbook(rng, data) if extension == ".xlsx" and rng.random() < 0.8 else damage_bytes(rng, data)
            path = os.path.join(work, "case" + extension)
            with open(path, "wb") as file:
                file.write(data)
            command = [args.binary, "check", path] if args.mode == "check" else \
                [args.binary, "analyze", path, "--out", os.path.join(work, "out"), "--diagrams", "3"]
            if rng.random() < 0.1:
                command += ["--encoding", rng.choice(["utf-8", "utf-16le", "utf-16be", "gb18030"])]
            try:
                run = subprocess.run(command, capture_output=True, timeout=20)
                status, stderr = run.returncode, run.stderr.decode("utf-8", "replace")
            except subprocess.TimeoutExpired:
                status, stderr = "timeout", ""
            if status == "timeout" or status < 0 or status >= 128 or "Fatal error" in stderr:
                findings += 1
                kept = os.path.join(args.keep, f"{args.seed}-{case}{extension}")
                shutil.copy(path, kept)
                failure = re.search(r"runtime failure: ([^\n]*)", stderr)
                where = re.search(r"at (/\S+/Sources/\S+)", stderr)
                print(f"finding: {kept} ({os.path.basename(start)} damaged): exit {status}"
                      f"{'; ' + failure.group(1) if failure else ''}{'; ' + where.group(1) if where else ''}", flush=True)
        print(f"{args.cases} cases ({args.mode}, seed {args.seed}): {findings} findings")
        return 1 if findings else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
