"""Start the command line: ``python -m mitteilung`` and the ``mitteilung`` command."""

import sys


def run() -> None:
    """Load the command line and run it; Ctrl+C while Python loads it ends quietly.

    Loading takes a few hundredths of a second (click, the commands); a Ctrl+C then would
    print a traceback, as nothing of ours catches it yet. Nothing has been written by then.
    """
    try:
        from mitteilung.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("\nAbgebrochen (Strg+C), bevor etwas geschrieben wurde.\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
