"""``python -m tests.fuzz --n 10000 --seed 1``: the long campaign, as a table.

Runs N malformed and N valid generated facts files through zongjie's public API, prints
the table of findings and the first examples of each, and exits 1 if anything was found.
``--show malformed:SEED:INDEX`` prints one input (to save it as a reproducer).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

from . import campaign


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="inputs of each family (default 10000)")
    parser.add_argument("--malformed", type=int, help="malformed inputs (default: --n)")
    parser.add_argument("--valid", type=int, help="valid inputs (default: --n)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", type=int, default=3, help="examples shown per category")
    parser.add_argument("--show", metavar="SOURCE", help="print one input, e.g. malformed:1:42, and stop")
    args = parser.parse_args(argv)
    if args.show:
        sys.stdout.buffer.write(campaign.show(args.show))
        return 0
    n_malformed = args.n if args.malformed is None else args.malformed
    n_valid = args.n if args.valid is None else args.valid
    total = n_malformed + n_valid
    start = time.monotonic()

    def progress(done: int) -> None:
        if done % 500 == 0 or done == total:
            print(f"\r{done:,}/{total:,} inputs, {time.monotonic() - start:.0f} s", end="", file=sys.stderr)

    tally = campaign.run(n_malformed, n_valid, args.seed, progress if sys.stderr.isatty() else None)
    print(file=sys.stderr)
    print(
        f"seed {args.seed}: {n_malformed:,} malformed + {n_valid:,} valid inputs in {time.monotonic() - start:.0f} s\n"
    )
    print(tally.table())
    by_category: dict[str, list[campaign.Finding]] = defaultdict(list)
    for finding in tally.findings:
        by_category[finding.category].append(finding)
    for category, findings in by_category.items():
        print(f"\n{campaign.CATEGORIES[category]}, by cause:")
        causes: dict[str, list[campaign.Finding]] = defaultdict(list)
        for finding in findings:
            causes[finding.cause].append(finding)
        for cause, same in sorted(causes.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(same):>6,}  {cause}")
            for finding in same[: args.examples]:
                print(f"            {finding.source}  {finding.detail[:240]}")
    return 1 if tally.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
