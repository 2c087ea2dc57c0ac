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


def bar_text(done, total, rate, width=30):
    """The bar, with the rate in runs a second and the time left when the rate is known (None before)."""
    fill = width if total == 0 else int(width * done / total)
    text = f"[{'=' * fill}{' ' * (width - fill)}] {done}/{total} runs"
    if rate is None or rate <= 0:
        return text
    return f"{text}, {rate:.0f} runs/s, {(total - done) / rate:.0f}s left"


class Progress:
    """Called by a batch with (runs done, total): redraws at most five times a second, and at the end."""

    def __init__(self, where):
        self.where = where  # "notebook", "terminal"
        self.start = time.monotonic()
        self.first = None  # (time, runs done) of the first call, or the last with none done: the rate's start
        self.last = 0.0
        self.handle = None
        self.open_line = False  # a terminal line drawn and not ended

    @staticmethod
    def make(progress):
        """`progress` True, False or None (automatic: in a notebook, or when stderr is a terminal)."""
        notebook = in_notebook()
        if progress is None:
            progress = notebook or sys.stderr.isatty()
        if not progress:
            return None
        return Progress("notebook" if notebook else "terminal")

    def rate(self, done, total, now):
        """Runs a second since the last call with none done (loading the scenario and checking a design's points
        would make the first estimates far too slow); at the end, over the whole batch if that is all there is."""
        t0, d0 = self.first
        if now > t0 and done > d0:
            return (done - d0) / (now - t0)
        if done >= total and now > self.start:
            return done / (now - self.start)
        return None

    def __call__(self, done, total):
        now = time.monotonic()
        if self.first is None or done == self.first[1] == 0:  # nothing run yet (a sweep checks its points)
            self.first = (now, done)
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        text = bar_text(done, total, self.rate(done, total, now))
        if self.where == "notebook":
            from IPython.display import display

            if self.handle is None:
                self.handle = display({"text/plain": text}, raw=True, display_id=True)
            else:
                self.handle.update({"text/plain": text}, raw=True)
        else:
            sys.stderr.write("\r" + text + ("\n" if done >= total else ""))
            sys.stderr.flush()
            self.open_line = done < total

    def close(self):
        """Ends a terminal's line left open by a batch that stopped (Ctrl-C, an error), so that what is printed
        next starts on a line of its own."""
        if self.open_line:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.open_line = False
