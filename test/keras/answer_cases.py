"""The request loop of the Keras oracle scripts: a JSON list of cases on standard input, one JSON answer per line.

A case that raises is answered with its error (the test names the case), so one bad case does not hide the others.
"""

import json
import sys


def answer_cases(answer):
    for case in json.load(sys.stdin):
        try:
            result = answer(case)
        except Exception as error:  # reported to the test, which names the case
            result = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(result), flush=True)
