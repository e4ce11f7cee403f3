#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples, self and inclusive, for one thread.

    jfr print --stack-depth 128 --events jdk.ExecutionSample profile.jfr \
        | python3 ssl-bench/tools/jfr-top-frames.py jmh-worker 25

Frames are "class.method" (line numbers and signatures dropped); inclusive counts a frame once
per sample however often it recurs in the stack.
"""
import collections
import re
import sys

thread = sys.argv[1] if len(sys.argv) > 1 else ""
top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
self_count, inclusive, samples = collections.Counter(), collections.Counter(), 0
stack, current_thread = None, ""
for line in sys.stdin:
    s = line.strip()
    if s.startswith("sampledThread"):
        current_thread = s
    elif s.startswith("stackTrace = ["):
        stack = []
    elif stack is not None:
        if s.startswith("]"):
            if thread in current_thread and stack:
                samples += 1
                self_count[stack[0]] += 1
                for frame in set(stack):
                    inclusive[frame] += 1
            stack = None
        elif s and s != "...":
            stack.append(re.sub(r"\(.*\)", "", re.sub(r"\s+line:.*", "", s)))
print("samples", samples)
if samples:
    print("--- self")
    for f, c in self_count.most_common(top):
        print(f"{100 * c / samples:5.1f}% {f}")
    print("--- inclusive")
    for f, c in inclusive.most_common(top * 2):
        print(f"{100 * c / samples:5.1f}% {f}")
