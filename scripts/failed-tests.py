#!/usr/bin/env python3
"""Prints each failed test of the .trx files under the given folders: its name, its error, the top of its stack and the
last lines of what it wrote. scripts/test.sh prints this last, so that the end of a long run's output (all a CI log may
keep) says which test failed and why, even when a test wrote whole process logs before it."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
WIDTH = 400


def lines(text, first=None, last=None):
    rows = [row[:WIDTH] for row in (text or "").strip().splitlines()]
    if first is not None and len(rows) > first:
        rows = rows[:first] + [f"... ({len(rows) - first} more lines)"]
    if last is not None and len(rows) > last:
        rows = [f"... ({len(rows) - last} lines before)"] + rows[-last:]
    return rows


def main(folders):
    failed = 0
    for path in sorted(p for folder in folders for p in glob.glob(os.path.join(folder, "**", "*.trx"), recursive=True)):
        for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
            if result.get("outcome") != "Failed":
                continue
            failed += 1
            print(f"===== FAILED {result.get('testName')} ({result.get('duration')}, ended {result.get('endTime')})")
            output = result.find("t:Output", NS)
            if output is None:
                continue
            for row in lines(output.findtext("t:ErrorInfo/t:Message", "", NS), first=30):
                print("  " + row)
            for row in lines(output.findtext("t:ErrorInfo/t:StackTrace", "", NS), first=8):
                print("  " + row)
            written = lines(output.findtext("t:StdOut", "", NS), last=15)
            if written:
                print("  -- the last lines it wrote:")
                for row in written:
                    print("  " + row)
    print(f"===== {failed} failed test(s) in the .trx files under {', '.join(folders)}")


if __name__ == "__main__":
    main(sys.argv[1:])
