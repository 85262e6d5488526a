"""Sphinx configuration of the API reference (built from the docstrings; see index.rst).

Build: ``python -m sphinx -W -b html docs/api docs/api/_build``. The test suite builds it with
warnings as errors (tests/docs/test_sphinx.py).
"""

import re

project = "paretix"
author = "the paretix developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon"]
autosummary_generate = True  # one page per object: each docstring's [1] references stay its own
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # dataclass attributes listed once, in their class's docstring
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
html_theme = "alabaster"
exclude_patterns = ["_build"]
templates_path = []

_NAMES = re.compile(r"^(\s*)([A-Za-z_]\w*(?:, [A-Za-z_]\w*)*,)$")
_BARS = re.compile(r"(?<![\\\w|])\|([A-Za-z_]\w*)\|(?![\w|])")


def _numpydoc_fixes(app, what, name, obj, options, lines):
    """Make numpydoc text that plain docutils misreads render as meant:

    - a parameter list wrapped over lines ("a, b,\\n c : ...") becomes one line;
    - ``|A|`` (a set's size) outside literals is escaped, not a substitution.
    """
    out = []
    for line in lines:
        if out and _NAMES.match(out[-1]) and re.match(r"^\s*[A-Za-z_]\w*(, [A-Za-z_]\w*)*(,| :.*)$", line):
            out[-1] = out[-1] + " " + line.strip()
        else:
            out.append(line)
    for i, line in enumerate(out):
        parts = line.split("``")
        parts[::2] = [_BARS.sub(r"\\|\1\\|", p) for p in parts[::2]]
        out[i] = "``".join(parts)
    lines[:] = out


def setup(app):
    app.connect("autodoc-process-docstring", _numpydoc_fixes, priority=400)  # before napoleon
