"""One build step pyproject.toml cannot declare: ship the notebooks inside the package.

`notebooks/` at the top of the repository is the single copy (executed, compared by nbval);
building a wheel copies its `*.ipynb` into `followup_kit/notebooks/` of the wheel, where
`followup_kit.cli.lab` reads them with importlib.resources. Nothing is copied in the source tree,
so the two can never drift; tests/test_packaging.py checks the wheel's copies byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class build_py_with_notebooks(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            # An editable install reads notebooks/ from the checkout itself.
            return
        target = Path(self.build_lib) / "followup_kit" / "notebooks"
        target.mkdir(parents=True, exist_ok=True)
        for notebook in sorted((HERE / "notebooks").glob("*.ipynb")):
            shutil.copyfile(notebook, target / notebook.name)


setup(cmdclass={"build_py": build_py_with_notebooks})
