"""The docs stay true to the code: every CLI command and option is in docs/cli.md, the README's Layout section
names what is in the tree, and the README's links lead to files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from workbench.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sections() -> dict[str, str]:
    """The reference section of each command in docs/cli.md, by command name ("" for the group, "user add"
    for a subcommand)."""
    parts = re.split(r"^### `workbench ?([\w -]*)`$", CLI_DOC, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _commands() -> dict[str, click.Command]:
    """Every command by its full name; a group's subcommands as "group sub"."""
    found = {}
    for name, command in cli.commands.items():
        found[name] = command
        if isinstance(command, click.Group):
            found |= {f"{name} {sub}": c for sub, c in command.commands.items()}
    return found


COMMANDS = _commands()
SECTIONS = _sections()
OPTIONS = [
    (name, option)
    for name, command in sorted(COMMANDS.items())
    for param in command.params
    if isinstance(param, click.Option)
    for option in param.opts + param.secondary_opts
]


def test_the_reference_was_found():
    assert len(SECTIONS) > 20 and len(OPTIONS) > 60


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented(name):
    assert name in SECTIONS, f"docs/cli.md has no section '### `workbench {name}`'"


@pytest.mark.parametrize(("name", "option"), OPTIONS)
def test_every_option_is_documented(name, option):
    assert f"`{option}`" in SECTIONS.get(name, ""), f"docs/cli.md does not name {option} of workbench {name}"


def test_no_command_is_documented_that_does_not_exist():
    assert set(SECTIONS) - {""} <= set(COMMANDS)


def test_the_group_options_are_documented():
    for option in ("--version", "--help"):
        assert f"`{option}`" in SECTIONS[""]


def _layout_block() -> str:
    section = README.split("## Layout", 1)[1]
    return section.split("```", 2)[1]


def test_readme_layout_names_every_part_of_the_package():
    block = _layout_block()
    package = ROOT / "workbench"
    parts = [p.name for p in package.iterdir() if not p.name.startswith(("_", ".")) and p.name != "data"]
    missing = [p for p in parts if p.removesuffix(".py") not in block]
    assert missing == [], f"README Layout does not name {missing}"


def test_readme_layout_names_only_what_exists():
    block = _layout_block()
    named = set(re.findall(r"(?<![\w/-])([\w/]+(?:\.py|/))(?!\w)", block))
    gone = [n for n in named if not any(ROOT.glob(f"**/{n.rstrip('/')}"))]
    assert named and gone == [], f"README Layout names what is not in the tree: {gone}"


def test_readme_links_lead_to_files():
    links = re.findall(r"\]\(((?!https?:)[^)#]+)\)", README)
    assert links and [link for link in links if not (ROOT / link).exists()] == []


def test_ci_runs_the_readme_test_command_verbatim_and_it_runs_every_test():
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command.endswith('pytest -m "slow or not slow"')  # overrides the default -m "not slow"
