"""Build hook: the pinned, checksum-verified front-end assets ship inside the package."""

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithAssets(build_py):
    def run(self):
        script = Path(__file__).resolve().parent / "tools" / "fetch_assets.py"
        subprocess.run([sys.executable, str(script)], check=True)  # noqa: S603
        super().run()


setup(cmdclass={"build_py": BuildWithAssets})
