from pathlib import Path

from workflows.diagram import stage_machine_mermaid

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_shows_the_stage_machine_as_the_code_defines_it():
    assert "```mermaid\n" + stage_machine_mermaid() + "```" in README.read_text()
