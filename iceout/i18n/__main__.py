"""`python -m iceout.i18n`: extract the messages into every catalogue, then list the ones
still missing a translation (exit status 1 while any is). `--check` only lists."""

import sys

from iceout.i18n.catalogue import TRANSLATED, missing, update


def main(argv: list[str]) -> int:
    problems = []
    for lang in TRANSLATED:
        if "--check" not in argv:
            catalog = update(lang)
            print(f"{lang}: {len(catalog)} messages", file=sys.stderr)
        problems += missing(lang)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
