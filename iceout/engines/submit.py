"""The iceout command line as a spark-submit application: the cluster's own launcher starts
the driver, and the master and --conf given to it stand (iceout/engines/spark.py session()).

    spark-submit --master spark://host:7077 --conf spark.executor.memory=8g \\
        "$(python -c 'import iceout.engines.submit as s; print(s.__file__)')" \\
        run --engine spark --db store.duckdb --out report

Everything after the file is `iceout`'s own arguments.
"""

from iceout.cli import main

if __name__ == "__main__":
    main()
