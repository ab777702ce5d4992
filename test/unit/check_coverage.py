#!/usr/bin/env python3
"""Keeps docs/semantics.md honest: every checklist ID it marks as tested must
have at least one GoogleTest named after it, every test named after an ID must
be listed, and all 77 IDs must appear."""
import glob
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
tests = {}
for path in glob.glob(os.path.join(root, 'test', 'unit', '*_test.cpp')):
    with open(path) as f:
        for m in re.finditer(r'^TEST(?:_F)?\(\w+,\s*([A-H]\d+)_\w+\)', f.read(), re.M):
            tests[m.group(1)] = tests.get(m.group(1), 0) + 1

with open(os.path.join(root, 'docs', 'semantics.md')) as f:
    rows = re.findall(r'^\| ([A-H]\d+) \| ([^|]+) \|', f.read(), re.M)

errors = []
if len(rows) != 77:
    errors.append(f'docs/semantics.md lists {len(rows)} checklist IDs, expected 77')
listed = {i for i, _ in rows}
for i, status in rows:
    if status.strip().startswith('tested') and not tests.get(i):
        errors.append(f'{i} is marked tested but no test is named {i}_...')
    if status.strip() == 'not covered' and tests.get(i):
        errors.append(f'{i} is marked not covered but has {tests[i]} tests')
for i in sorted(set(tests) - listed):
    errors.append(f'tests named {i}_... exist but {i} is not in docs/semantics.md')
for e in errors:
    print('error:', e)
print(f'coverage: {len(rows)} checklist IDs, {len(errors)} errors')
sys.exit(1 if errors else 0)
