"""The exceptions of the statecraft module: a scenario or a value that cannot be used, a run that failed."""


class Diagnostic:
    """One problem found in a scenario file or in the values set on it, as `statecraft validate` prints it.

    file, line and column say where (line and column are 1-based, 0 when unknown; file is "--set" for a value
    given with set=, "--param" for a sweep's params, the design's name for a design's cell), path is the key
    path (actors.CHN.growth) or "", message is what is wrong with what was expected in parentheses, and
    suggestion is that last parenthesis alone ("did you mean 'parameters.trust.forgetting'?", "expected a number
    in [0, 1]") or "".
    """

    __slots__ = ("file", "line", "column", "path", "message", "suggestion", "_text")

    def __init__(self, file, line, column, path, message, text):
        self.file, self.line, self.column, self.path, self.message = file, line, column, path, message
        self.suggestion = _last_parenthesis(message)
        self._text = text

    def __str__(self):
        return self._text

    def __repr__(self):
        return f"Diagnostic({self._text!r})"


def _last_parenthesis(message):
    """The text inside the parenthesis that ends `message`, or "". Brackets of both kinds are counted alike, so
    that an interval inside it, half-open as "(0, 1000000]" or closed as "[0, 1]", is part of it."""
    if not message.endswith(")"):
        return ""
    depth = 0
    for i in range(len(message) - 1, -1, -1):
        depth += {")": 1, "]": 1, "(": -1, "[": -1}.get(message[i], 0)
        if depth == 0:
            return message[i + 1 : -1] if i > 0 and message[i - 1] == " " else ""
    return ""


class StatecraftWarning(UserWarning):
    """What the CLI says as a `statecraft: warning:` line (a set event skipped because set= holds the value, a
    value set only in the variants that have it): the call goes on. Silence it with
    warnings.filterwarnings("ignore", category=statecraft.StatecraftWarning). An old spelling that a later
    release will refuse is a FutureWarning instead."""


class ScenarioError(ValueError):
    """A scenario that is not valid, or values set on it that are not: str() is every problem, one a line,
    and `diagnostics` holds each as a Diagnostic."""

    def __init__(self, text, diagnostics=()):
        super().__init__(text)
        self.diagnostics = [d if isinstance(d, Diagnostic) else Diagnostic(*d) for d in diagnostics]


class RunError(RuntimeError):
    """A run that could not go on (a value that is no longer finite): the message says where and why."""


