"""The layout holds: each app imports only the apps below it, and modules stay readable.

common, audit  <-  rights  <-  catalog  <-  footage, licensing  <-  ledger  <-  newsroom, partners
devdata: anything
"""

import ast
import graphlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each app may import of ours. devdata may import anything; nothing imports devdata.
MAY_IMPORT = {
    "common": set(),
    "audit": set(),
    "rights": {"common"},
    "catalog": {"common", "audit", "rights"},
    "footage": {"common", "audit", "rights", "catalog"},
    "licensing": {"common", "audit", "rights", "catalog"},
    "ledger": {"common", "audit", "rights", "catalog", "licensing"},
    "newsroom": {"common", "audit", "rights", "catalog", "footage", "licensing"},
    "partners": {"common", "audit", "rights", "catalog", "footage", "licensing", "ledger"},
    "devdata": {
        "common",
        "audit",
        "rights",
        "catalog",
        "footage",
        "licensing",
        "ledger",
        "newsroom",
        "partners",
    },
}
LONGEST_MODULE = 400  # lines, in every module of ours: the apps, config/, tests/, bench/
# Folders that hold no module of ours: migrations are written by Django, the rest are tools'.
NOT_OURS = {"migrations", ".venv", "venv", ".git", ".tox", "node_modules", "build", "dist"}


def python_files(app_dir: Path):
    for path in sorted(app_dir.rglob("*.py")):
        if "migrations" not in path.relative_to(app_dir).parts:
            yield path


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """(top-level package, line) of every import in the file, in functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name.split(".")[0], node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
    return found


def upward_imports(root: Path, rules: dict[str, set[str]]) -> list[str]:
    """Every import from one of our apps that `rules` does not allow, as "file:line app"."""
    wrong = []
    for app, allowed in rules.items():
        for path in python_files(root / app):
            for package, line in sorted(imported_apps(path)):
                if package in rules and package != app and package not in allowed:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {package}")
    return wrong


def test_no_app_imports_upward():
    assert upward_imports(ROOT, MAY_IMPORT) == []


def test_every_app_folder_is_named_in_the_rules():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(MAY_IMPORT), f"add {apps - set(MAY_IMPORT)} to MAY_IMPORT"


def test_the_check_finds_an_upward_import_even_inside_a_function(tmp_path):
    (tmp_path / "low").mkdir()
    (tmp_path / "high").mkdir()
    (tmp_path / "low" / "models.py").write_text("def f():\n    from high.services import x\n")
    (tmp_path / "high" / "services.py").write_text("from low.models import f\n")
    rules = {"low": set(), "high": {"low"}}
    assert upward_imports(tmp_path, rules) == ["low/models.py:2 imports high"]


def our_python_files(root: Path):
    """Every .py file under root but those in NOT_OURS folders (not walked into at all)."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_OURS)
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder) / name


def long_modules(root: Path, longest: int) -> dict[str, int]:
    return {
        path.relative_to(root).as_posix(): n
        for path in our_python_files(root)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > longest
    }


def test_modules_are_small_enough_to_read_in_one_sitting():
    assert long_modules(ROOT, LONGEST_MODULE) == {}


def test_the_length_check_counts_tests_and_config_but_not_migrations_or_the_venv(tmp_path):
    lines = {
        "tests/test_x.py": 5,
        "config/settings.py": 5,
        "app/migrations/0001_initial.py": 5,
        ".venv/lib/site.py": 5,
        "app/short.py": 3,
    }
    for name, n in lines.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n" * n)
    assert long_modules(tmp_path, 4) == {"config/settings.py": 5, "tests/test_x.py": 5}


KINDS = ("models", "admin", "api", "views", "services")


def flat_modules_of_a_kind(root: Path, apps) -> list[str]:
    """Modules of one kind that should be a package: two or more (`views.py`, `views_x.py`) side
    by side, or one beside the package of its kind. One module of a kind stays a module."""
    wrong = []
    for app in apps:
        for kind in KINDS:
            flat = sorted(
                p.name
                for p in (root / app).glob(f"{kind}*.py")
                if p.stem == kind or p.stem.startswith(f"{kind}_")
            )
            if len(flat) > 1 or (flat and (root / app / kind / "__init__.py").is_file()):
                wrong += [f"{app}/{name}" for name in flat]
    return wrong


def test_several_modules_of_a_kind_are_a_package():
    assert flat_modules_of_a_kind(ROOT, MAY_IMPORT) == []


def test_the_check_finds_flat_view_modules(tmp_path):
    (tmp_path / "app" / "views").mkdir(parents=True)
    (tmp_path / "app" / "views" / "__init__.py").write_text("")
    (tmp_path / "app" / "views_boards.py").write_text("")
    (tmp_path / "app" / "admin.py").write_text("")
    (tmp_path / "app" / "admin_actions.py").write_text("")
    (tmp_path / "app" / "services.py").write_text("")
    assert flat_modules_of_a_kind(tmp_path, {"app"}) == [
        "app/admin.py",
        "app/admin_actions.py",
        "app/views_boards.py",
    ]


def private_imports(root: Path, apps) -> list[str]:
    """Every `from <our module> import _name` (in functions too): a name with a leading
    underscore belongs to its module, so another module that needs it wants it public."""
    wrong = []
    for app in apps:
        for path in python_files(root / app):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module):
                    continue
                if node.module.split(".")[0] not in apps:
                    continue
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        wrong.append(f"{path.relative_to(root)}:{node.lineno} {alias.name}")
    return wrong


def test_no_module_imports_another_modules_private_names():
    assert private_imports(ROOT, MAY_IMPORT) == []


def test_the_check_finds_a_private_name_imported_inside_a_function(tmp_path):
    (tmp_path / "low").mkdir()
    (tmp_path / "low" / "pdf.py").write_text("def _latin1(text):\n    return text\n")
    (tmp_path / "low" / "views.py").write_text("def f():\n    from low.pdf import _latin1\n")
    assert private_imports(tmp_path, {"low"}) == ["low/views.py:2 _latin1"]


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(root: Path, name: str) -> bool:
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def import_loop(root: Path, app: str) -> list[str]:
    """A loop of imports between the modules of one app (imports inside functions count: one
    there only hides the loop until the function runs), or [] when there is none."""
    graph = {}
    for path in python_files(root / app):
        importer, imported = module_name(root, path), set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [
                    f"{node.module}.{alias.name}"
                    if is_module(root, f"{node.module}.{alias.name}")
                    else node.module
                    for alias in node.names
                ]
            else:
                continue
            imported |= {n for n in names if n.split(".")[0] == app and is_module(root, n)}
        graph[importer] = imported - {importer}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return error.args[1]
    return []


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_no_import_loop_inside_an_app(app):
    assert import_loop(ROOT, app) == []


def test_the_check_finds_a_loop_closed_inside_a_function(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "tasks.py").write_text("from app.publishing import publish\n")
    (tmp_path / "app" / "publishing.py").write_text("def publish():\n    from app.tasks import x\n")
    loop = import_loop(tmp_path, "app")
    assert set(loop) == {"app.tasks", "app.publishing"} and loop[0] == loop[-1]
