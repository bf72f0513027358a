"""A cluster run started by spark-submit: the master and --conf given to spark-submit stand,
iceout's own settings only fill the gaps (iceout/engines/spark.py session())."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What a driver started by spark-submit sees of its session: the master and two settings,
# one given to spark-submit and one iceout sets when nobody else does.
PROBE = """
from iceout.engines.spark import session
conf = session("local[*]").sparkContext.getConf()
print("SESSION", conf.get("spark.master"), conf.get("spark.sql.shuffle.partitions"),
      conf.get("spark.sql.session.timeZone"))
"""


def test_spark_submit_master_and_conf_stand(spark_ready: None, tmp_path: Path) -> None:
    submit = Path(sys.executable).with_name("spark-submit")
    if not submit.exists():
        submit = Path(shutil.which("spark-submit") or submit)
    if not submit.exists():
        pytest.fail("spark-submit is missing: it comes with pyspark (pip install pyspark)")
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYSPARK_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON": sys.executable,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
    }
    done = subprocess.run(
        [str(submit), "--master", "local[1]", "--conf", "spark.sql.shuffle.partitions=3"]
        + ["--conf", "spark.ui.enabled=false", str(probe)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "SESSION local[1] 3 UTC" in done.stdout
