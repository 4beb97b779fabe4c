"""The house's layers point one way, and no two modules import each other.

`decisions` builds on `contracts`, which builds on `commissioning`; nothing runs back up. The
project's settings and root URLconf live in `commissioning` but name every app, so they are the
two files allowed to. Imports are read from the source (top-level and inside functions alike,
and `import_module("...")` with a literal name), so an import hidden in a function counts.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["commissioning", "contracts", "decisions"]  # each may import those before it
ALLOWED_UPWARDS = {"commissioning/settings.py", "commissioning/urls.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path for layer in LAYERS for path in sorted((ROOT / layer).rglob("*.py"))
    }


def imports_of(
    source: str, module: str, is_package: bool, known: frozenset = frozenset()
) -> list[tuple[int, str]]:
    """(line, imported name) for every import in the source, resolved to absolute names:
    `from x import y` gives x and x.y, or only x.y where every name it imports is one of the
    `known` modules (a package's own modules may import each other by the package's name)."""
    found = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(filter(None, [*anchor, base]))
            names = [f"{base}.{alias.name}" for alias in node.names]
            if not (known and all(name in known for name in names)):
                found.append((node.lineno, base))
            found.extend((node.lineno, name) for name in names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def graph(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Each of our modules → the modules of ours it imports."""
    known = frozenset(sources)
    edges = {}
    for module, (source, is_package) in sources.items():
        edges[module] = {
            name
            for _, name in imports_of(source, module, is_package, known)
            if name in sources and name != module
        }
    return edges


def upward_imports(sources: dict[str, tuple[str, bool]], paths: dict[str, str]) -> list[str]:
    problems = []
    for module, (source, is_package) in sources.items():
        layer = LAYERS.index(module.split(".")[0])
        if paths[module] in ALLOWED_UPWARDS:
            continue
        for line, name in imports_of(source, module, is_package):
            top = name.split(".")[0]
            if top in LAYERS and LAYERS.index(top) > layer:
                problems.append(f"{paths[module]}:{line} imports {name}")
    return sorted(set(problems))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def project():
    found = modules()
    sources = {name: (path.read_text(), path.name == "__init__.py") for name, path in found.items()}
    paths = {name: str(path.relative_to(ROOT)) for name, path in found.items()}
    return sources, paths


def test_no_layer_imports_a_layer_above_it(project):
    sources, paths = project
    assert upward_imports(sources, paths) == []


def test_no_two_modules_import_each_other(project):
    sources, _ = project
    assert cycles(graph(sources)) == []


# The checks themselves can fail ---------------------------------------------------------------


def test_the_layer_check_finds_an_upward_import_even_inside_a_function():
    sources = {
        "commissioning.views": ("def home():\n    from decisions.models import Decision\n", False),
        "contracts.views": (
            "from importlib import import_module\nimport_module('decisions')\n",
            False,
        ),
        "decisions.drafting.views": ("from contracts.models import Contract\n", False),
    }
    paths = {name: name.replace(".", "/") + ".py" for name in sources}
    assert upward_imports(sources, paths) == [
        "commissioning/views.py:2 imports decisions.models",
        "commissioning/views.py:2 imports decisions.models.Decision",
        "contracts/views.py:2 imports decisions",
    ]


def test_the_cycle_check_finds_two_modules_importing_each_other():
    sources = {
        "decisions.pdf": ("from decisions import publication\n", False),
        "decisions.publication": ("def render():\n    from decisions.pdf import render\n", False),
        "decisions.public.register": ("from decisions import publication\n", False),
    }
    assert cycles(graph(sources)) == [["decisions.pdf", "decisions.publication"]]


def test_every_module_in_decisions_is_a_room_of_at_most_500_lines():
    """A newcomer reads a module whole: past 500 lines it wants rooms of its own."""
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "decisions").rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text().splitlines())) > 500
    }
    assert long == {}
