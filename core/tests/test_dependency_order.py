"""The apps' dependency order (docs/architecture.md#dependency-order), enforced.

An app's code imports only apps in lower layers: core knows no app; geo and areas know only
core; everything knows accounts; meetings build on partners and ambassadors; reports and
publishing will sit on top. Apps reach those above them only through core.registry
(menus, dashboards, related sections, monthly sections, feeds), never by import.

Test code may import any app's `testing.py` (its factories) but never another app's
`tests`; no runtime module imports test code.
"""
import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

LAYERS = [
    ["core"],
    ["geo", "areas"],
    ["accounts"],
    ["audit", "notifications"],
    ["ambassadors", "partners", "retirees"],
    ["meetings", "recruitment"],
    ["media", "sponsorship"],
    ["events", "indicators"],
    ["reports"],  # compiles every app's monthly section through the registry
    ["challenges"],
    ["publishing"],  # the working group and the public site; reads events only through registry feeds
    ["safiran"],  # the project: settings, URLs, the API — on top of everything
]
LAYER = {app: index for index, apps in enumerate(LAYERS) for app in apps}


def is_test_code(path: Path) -> bool:
    return "tests" in path.parts or path.name == "testing.py"


def imports(path: Path):
    """(line, module) of every absolute import in the file, at any depth (lazy ones too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def source_files():
    for app in LAYER:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def test_every_installed_app_has_a_layer():
    ours = [name for name in settings.INSTALLED_APPS if (ROOT / name / "apps.py").exists()]
    assert sorted(set(ours) - set(LAYER)) == [], "add the new app to LAYERS and to docs/architecture.md"


def test_apps_import_only_lower_layers():
    broken = []
    for app, path in source_files():
        if is_test_code(path):
            continue
        for line, module in imports(path):
            target = module.split(".")[0]
            if target in LAYER and target != app and LAYER[target] >= LAYER[app]:
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {module} ({app} may not depend on {target})")
    assert broken == [], "\n".join(broken)


def test_no_test_imports_another_apps_tests_and_no_code_imports_tests():
    broken = []
    for app, path in source_files():
        for line, module in imports(path):
            parts = module.split(".")
            if len(parts) > 1 and parts[0] in LAYER and "tests" in parts[1:] and parts[0] != app:
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {module}: use {parts[0]}.testing")
            if not is_test_code(path) and (parts[-1] == "testing" or "tests" in parts[1:]):
                broken.append(f"{path.relative_to(ROOT)}:{line} imports test code ({module})")
    assert broken == [], "\n".join(broken)


def test_the_check_finds_a_broken_import(tmp_path):
    """The check itself can fail: an upward import in a scratch file is reported."""
    scratch = tmp_path / "geo_module.py"
    scratch.write_text("def f():\n    from meetings.models import Meeting\n", encoding="utf-8")
    found = [module for _line, module in imports(scratch) if LAYER[module.split(".")[0]] > LAYER["geo"]]
    assert found == ["meetings.models"]


def test_installed_apps_follow_the_layers():
    """Apps become ready, register and make their demo data in INSTALLED_APPS order: lower layers
    first, so a monthly report's demo data is compiled after the records it counts."""
    ours = [name for name in settings.INSTALLED_APPS if name in LAYER]
    assert [LAYER[name] for name in ours] == sorted(LAYER[name] for name in ours), ours


def test_every_app_with_tests_is_collected_by_make_test():
    """pytest.ini's testpaths must name every app that has tests, or `make test` silently skips them."""
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "pytest.ini")
    collected = set(config["pytest"]["testpaths"].split())
    with_tests = {path.parent.name for path in ROOT.glob("*/tests") if (path / "__init__.py").exists()}
    with_tests |= {path.parent.name for path in ROOT.glob("*/tests.py")}
    assert with_tests - collected == set(), f"add to pytest.ini testpaths: {sorted(with_tests - collected)}"
