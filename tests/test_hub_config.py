"""The shipped JupyterHub, Zero to JupyterHub and Binder files are valid and agree with the package: the
command they run exists, the start page they open is a notebook the kit ships, the trainer group they create
is the one the kit looks for, and the Binder environment is the package's runtime dependencies.
(tests/hub/test_hub.py runs the jupyterhub_config.py for real.)
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import urllib.parse
from pathlib import Path

import pytest
import tomllib
import yaml

from mentoringkit.hub import DEFAULT_TRAINER_GROUPS, HUB_START_URL, TRAINER_GROUPS_ENV
from mentoringkit.serve import TEMPLATE, jupyter_data_dir, notebooks_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "jupyterhub"
HUB_CONFIG = EXAMPLES / "jupyterhub_config.py"
Z2JH_CONFIG = EXAMPLES / "config.yaml"
BINDER = ROOT / "binder"
DOCS = ROOT / "docs" / "jupyterhub.md"


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice (plain YAML keeps the last one silently, and Helm would too)."""


def _no_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _v in node.value]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"key(s) given twice: {twice}", node.start_mark)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)


def _start_notebook(url: str) -> Path:
    return notebooks_dir() / url.removeprefix("/voila/render/")


@pytest.fixture(scope="module")
def hub_config():
    """The example jupyterhub_config.py as JupyterHub itself loads it."""
    from jupyterhub.app import JupyterHub

    app = JupyterHub()
    app.load_config_file(str(HUB_CONFIG))
    return app.config


def test_the_hub_config_runs_the_kits_single_user_server_and_opens_the_start_page(hub_config):
    cmd = hub_config.Spawner.cmd
    assert cmd[0] == os.environ.get("MENTORINGKIT_PYTHON", "/opt/mentoringkit/bin/python")
    assert cmd[1:] == ["-m", "mentoringkit.hub"] and importlib.util.find_spec("mentoringkit.hub")
    assert hub_config.Spawner.default_url == HUB_START_URL
    assert _start_notebook(hub_config.Spawner.default_url).is_file()
    assert hub_config.JupyterHub.authenticator_class == "pam"
    assert hub_config.JupyterHub.spawner_class == "localprocess"


def test_the_hub_config_creates_the_trainer_group_the_kit_looks_for(hub_config):
    group = hub_config.Spawner.environment[TRAINER_GROUPS_ENV]
    assert group in hub_config.JupyterHub.load_groups
    assert (group,) == DEFAULT_TRAINER_GROUPS


def test_the_zero_to_jupyterhub_config_matches_the_kit():
    config = load_yaml(Z2JH_CONFIG)
    single = config["singleuser"]
    assert single["cmd"] == ["python", "-m", "mentoringkit.hub"]
    assert single["defaultUrl"] == HUB_START_URL and _start_notebook(single["defaultUrl"]).is_file()
    group = single["extraEnv"][TRAINER_GROUPS_ENV]
    assert group in config["hub"]["config"]["JupyterHub"]["load_groups"]
    assert set(config) <= {"hub", "singleuser", "cull", "proxy", "prePuller", "scheduling", "ingress"}
    assert single["image"]["name"] and isinstance(single["image"]["tag"], str)


def test_duplicate_yaml_keys_are_caught(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("hub:\n  config: 1\n  config: 2\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError, match="given twice"):
        load_yaml(bad)


# -- Binder ---------------------------------------------------------------------------------


def _spec(spec: str) -> str:
    return spec.replace(" ", "").lower()


def test_binder_environment_is_the_runtime_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = load_yaml(BINDER / "environment.yml")
    have = {_spec(d) for d in env["dependencies"]
            if isinstance(d, str) and re.split(r"[<>=]", d)[0].strip() not in ("python", "pip")}
    assert have == {_spec(d) for d in project["dependencies"]}
    assert all(not isinstance(d, dict) for d in env["dependencies"]), "the kit itself is installed by postBuild"


def test_binder_post_build_installs_the_kit_and_its_template():
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only when it is executable"
    subprocess.run(["bash", "-n", str(post_build)], check=True)
    text = post_build.read_text(encoding="utf-8")
    assert "pip install --no-deps" in text and " .\n" in text
    voila = load_yaml(BINDER / "voila.json")["VoilaConfiguration"]
    assert voila == {"template": TEMPLATE, "strip_sources": True, "show_tracebacks": False,
                     "http_header_envs": ["Accept-Language"]}
    assert (jupyter_data_dir() / "voila" / "templates" / TEMPLATE / "index.html.j2").is_file()


def test_readme_binder_link_opens_the_start_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/[^\s)`>\"]+", readme)
    assert links, "the README gives no Binder link"
    for link in links:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        urlpath = query["urlpath"][0]
        assert urlpath.startswith("voila/render/")
        assert (ROOT / urlpath.removeprefix("voila/render/")).is_file(), link


# -- the docs show the shipped files --------------------------------------------------------


def test_docs_show_the_shipped_configs_word_for_word():
    blocks = re.findall(r"```(python|yaml)\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    shown = {lang: [b for k, b in blocks if k == lang] for lang in ("python", "yaml")}
    assert HUB_CONFIG.read_text(encoding="utf-8") in shown["python"]
    assert Z2JH_CONFIG.read_text(encoding="utf-8") in shown["yaml"]
