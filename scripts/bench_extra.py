"""Extra figures for `make bench`: injury statistics/import and the dossier/quarterly report."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for command in (["bench_injuries", "--community", "xingfu"], ["bench_archive"]):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], cwd=ROOT, check=False)
