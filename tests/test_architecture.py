"""The layering and start-up promises, enforced rather than hoped for.

Layers, outside in: cli/tui -> services -> store -> domain. Module-level imports must follow
them; the CLI may reach the TUI (or anything heavy) only inside a function body.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "halterofit_tui"
STDLIB = sys.stdlib_module_names

# Which first-party layers and third-party packages each layer may import at all.
ALLOWED = {
    "domain": ({"domain"}, set()),
    "store": ({"domain", "store", "config"}, {"sqlmodel", "sqlalchemy", "alembic"}),
    "services": (
        {"domain", "store", "config", "services"},
        {"sqlmodel", "sqlalchemy", "httpx", "keyring"},
    ),
    "cli": ({"domain", "services", "cli", "tui", "config", "charts"}, {"typer", "rich", "plotext"}),
    "tui": (
        {"domain", "services", "tui", "config", "charts"},
        {"textual", "rich", "plotext", "textual_plotext"},
    ),
    "config": ({"domain"}, {"platformdirs"}),
    # Chart drawing shared by the CLI and the app (plotext only inside its functions).
    "charts": ({"domain"}, {"plotext"}),
}
# What the CLI must not import at module level (start-up cost; TUI only when launched).
CLI_LAZY = {"tui", "services", "store", "sqlmodel", "sqlalchemy", "textual", "rich", "plotext"}


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 else relative.stem


def imports(tree: ast.Module) -> list[tuple[str, bool]]:
    """(imported module, at module level?) for every import; TYPE_CHECKING blocks skipped."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, top) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module, top))
            is_function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, top and not is_function)

    visit(tree, True)
    return found


SOURCES = sorted(
    p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts and p.name != "__main__.py"
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    layer = layer_of(path)
    if layer == "__init__":
        return
    first_party, third_party = ALLOWED[layer]
    for module, top_level in imports(ast.parse(path.read_text())):
        root = module.split(".")[0]
        if root == "halterofit_tui":
            parts = module.split(".")
            target = parts[1] if len(parts) > 1 else "__init__"
            assert target in first_party | {"__init__"}, f"{layer} imports {module}"
            if layer == "cli" and top_level:
                assert target not in CLI_LAZY, f"{path.name} imports {module} at module level"
        elif root not in STDLIB and root != "__future__":
            assert root in third_party, f"{layer} imports {module}"
            if layer == "cli" and top_level:
                assert root not in CLI_LAZY, f"{path.name} imports {module} at module level"


def test_domain_is_pure_standard_library() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        for module, _ in imports(ast.parse(path.read_text())):
            root = module.split(".")[0]
            assert root in STDLIB or root in ("halterofit_tui", "__future__"), (path, module)


HEAVY = ("sqlmodel", "sqlalchemy", "textual", "httpx", "keyring", "plotext", "alembic", "rich")


@pytest.mark.parametrize("argv", [["--help"], ["log", "--help"], ["exercises", "--help"]])
def test_help_imports_nothing_heavy(argv: list[str]) -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['halterofit', *sys.argv[1:]]\n"
        "from halterofit_tui.cli.main import app\n"
        "try:\n"
        "    app(prog_name='halterofit')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print('HEAVY:' + ','.join(heavy), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=False
    )
    assert "Usage:" in result.stdout
    assert "HEAVY:\n" in result.stderr, result.stderr


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "halterofit_tui", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("halterofit ")
