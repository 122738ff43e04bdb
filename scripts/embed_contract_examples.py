"""Rewrite the examples section of docs/source-contract.md from examples/contracts/*.yaml.

Run after editing an example contract: ``python scripts/embed_contract_examples.py``.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "source-contract.md"
MARKER = "## Contoh lengkap per dinas"
ORDER = ["dukcapil", "dtks", "eppgbm", "dapodik", "pbi_jk"]


def main() -> None:
    head, _, tail = DOC.read_text(encoding="utf-8").partition(MARKER)
    intro = tail.split("\n### ", 1)[0]
    parts = [head, MARKER, intro.rstrip("\n"), "\n"]
    for name in ORDER:
        text = (ROOT / "examples" / "contracts" / f"{name}.yaml").read_text(encoding="utf-8")
        parts.append(f"\n### `examples/contracts/{name}.yaml`\n\n```yaml\n{text}```\n")
    DOC.write_text("".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
