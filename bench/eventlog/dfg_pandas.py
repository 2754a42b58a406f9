"""pm4py's directly-follows graph, the way pm4py computes it, in pandas:
read_csv, sort by case and time, shift(-1) within each case, groupby.

    /usr/bin/python3 bench/eventlog/dfg_pandas.py events.csv
"""
import sys
import time

import pandas as pd

start, cpu = time.time(), time.process_time()
df = pd.read_csv(sys.argv[1], dtype={"case_id": "string", "activity": "string", "segment": "string"})
df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
df = df.sort_values(["case_id", "timestamp"], kind="stable")
nxt = df.groupby("case_id", sort=False)["activity"].shift(-1)
pairs = pd.DataFrame({"a": df["activity"], "b": nxt}).dropna()
dfg = pairs.groupby(["a", "b"]).size()
print(f"pandas: {len(dfg)} pairs, {int(dfg.sum())} moves, {time.time() - start:.3f} s, cpu {time.process_time() - cpu:.3f} s")
