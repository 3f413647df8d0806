"""The import-linter contracts of pyproject.toml hold on the real tree and break on a bad one."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def lint_imports(project: Path, *contracts: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *(f"--contract={contract}" for contract in contracts)],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def toml_list(values) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def project_with(tmp_path: Path, imports: dict[str, str]) -> Path:
    """Every root package, empty but for `imports` (module path -> what it imports), under the same
    contracts less their ignores (those name modules of the real tree)."""
    for package in CONFIG["root_packages"]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").touch()
    for module, imported in imports.items():
        (tmp_path / module).write_text(f"import {imported}\n")
    lines = ["[tool.importlinter]", f"root_packages = {toml_list(CONFIG['root_packages'])}"]
    for contract in CONFIG["contracts"]:
        lines.append("[[tool.importlinter.contracts]]")
        lines += [
            f"{key} = {toml_list(value) if isinstance(value, list) else repr(value)}"
            for key, value in contract.items()
            if key != "ignore_imports"
        ]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_the_real_tree_keeps_every_contract():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_clean_tree_passes(tmp_path):
    run = lint_imports(project_with(tmp_path, {"crm/sync.py": "orders", "orders/services.py": "catalog"}))
    assert run.returncode == 0, run.stdout + run.stderr


NO_CRM = "domain-apps-never-import-crm"
ONE_WAY = "apps-in-one-direction"


@pytest.mark.parametrize(
    ("imports", "contract"),
    [
        ({"orders/services.py": "crm"}, NO_CRM),
        ({"printshop/services.py": "crm.sync"}, NO_CRM),
        ({"catalog/services.py": "orders"}, ONE_WAY),
        ({"orders/services.py": "configurator"}, ONE_WAY),
        ({"accounts/services.py": "config.urls", "config/urls.py": "files"}, ONE_WAY),
    ],
)
def test_a_bad_import_breaks_its_contract(tmp_path, imports, contract):
    run = lint_imports(project_with(tmp_path, imports), contract)
    assert run.returncode == 1 and "BROKEN" in run.stdout, run.stdout + run.stderr
