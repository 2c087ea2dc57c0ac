"""A progress bar for batches: a line updated in place in a notebook (a display that is updated), or on a
terminal's stderr; nothing otherwise. No dependencies beyond IPython, when it is there."""
import sys
import time


def in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def bar_text(done, total, seconds, width=30):
    fill = width if total == 0 else int(width * done / total)
    rate = done / seconds if seconds > 0 else 0.0
    left = (total - done) / rate if rate > 0 else 0.0
    return f"[{'=' * fill}{' ' * (width - fill)}] {done}/{total} runs, {rate:.0f} runs/s, {left:.0f}s left"


class Progress:
    """Called by a batch with (runs done, total): redraws at most five times a second, and at the end."""

    def __init__(self, where):
        self.where = where  # "notebook", "terminal"
        self.start = time.monotonic()
        self.last = 0.0
        self.handle = None

    @staticmethod
    def make(progress):
        """`progress` True, False or None (automatic: in a notebook, or when stderr is a terminal)."""
        notebook = in_notebook()
        if progress is None:
            progress = notebook or sys.stderr.isatty()
        if not progress:
            return None
        return Progress("notebook" if notebook else "terminal")

    def __call__(self, done, total):
        now = time.monotonic()
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        text = bar_text(done, total, now - self.start)
        if self.where == "notebook":
            from IPython.display import display

            if self.handle is None:
                self.handle = display({"text/plain": text}, raw=True, display_id=True)
            else:
                self.handle.update({"text/plain": text}, raw=True)
        else:
            sys.stderr.write("\r" + text + ("\n" if done >= total else ""))
            sys.stderr.flush()
