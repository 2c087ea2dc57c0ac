#!/usr/bin/python3
"""tools/plot.py and tools/report.py started by a Python that lacks numpy, pandas or matplotlib say so on one line
of stderr, with exit code 2, instead of a traceback.

    test_missing_modules.py --source SRC

Debian's /usr/bin/python3 has all three (tools/setup.sh installs them), so each lack is simulated: a directory put
first on PYTHONPATH holds a package of the module's name whose import fails as a missing module's does.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
SOURCE = None


class MissingModule(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="test_missing_modules_")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_without(self, module, tool):
        os.makedirs(os.path.join(self.dir, module))
        with open(os.path.join(self.dir, module, "__init__.py"), "w") as f:
            f.write(f"raise ModuleNotFoundError(\"No module named '{module}'\", name='{module}')\n")
        env = dict(os.environ, PYTHONPATH=self.dir, PYTHONDONTWRITEBYTECODE="1")
        return subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "tools", tool), "trends", self.dir],
                              env=env, capture_output=True, text=True, timeout=60)

    def check(self, module, tool):
        r = self.run_without(module, tool)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertEqual(
            r.stderr,
            f"{tool}: error: /usr/bin/python3 has no module {module} (expected /usr/bin/python3 with Debian's "
            f"python3-matplotlib, python3-pandas and python3-numpy, which tools/setup.sh installs: run "
            f"/usr/bin/python3 tools/{tool} ...)\n")

    def test_plot_without_pandas(self):
        self.check("pandas", "plot.py")

    def test_plot_without_matplotlib(self):
        self.check("matplotlib", "plot.py")

    def test_plot_without_numpy(self):
        self.check("numpy", "plot.py")

    def test_report_without_pandas(self):
        self.check("pandas", "report.py")

    def test_report_without_matplotlib(self):
        self.check("matplotlib", "report.py")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    args, rest = ap.parse_known_args()
    SOURCE = os.path.abspath(args.source)
    unittest.main(argv=[sys.argv[0]] + rest)
