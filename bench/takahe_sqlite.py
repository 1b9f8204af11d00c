"""The laptop-profile side of `bench.takahe`: run with CROSSNOTE_DATA_DIR set to a SQLite
dataset `bench.run` generated with the same arguments and seed as the PostgreSQL one (so the
same people follow the same people and write the same notes), it writes the given viewers'
timelines and tokens there and prints the tokens as JSON, plus each viewer's following count
so the caller can check the two datasets agree.

    python -m bench.takahe_sqlite 12 34 56
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossnote.settings"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from bench import viewers
    from crossnote.accounts.models import User

    ids = [int(a) for a in argv]
    viewers.materialise_timelines(ids)
    tokens = viewers.issue_tokens(ids)
    following = dict(User.objects.filter(pk__in=ids).values_list("pk", "following_count"))
    answer = {"tokens": [tokens[i] for i in ids], "following": [following[i] for i in ids]}
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
