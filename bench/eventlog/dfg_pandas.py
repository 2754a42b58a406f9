"""pm4py's directly-follows graph, in pandas, two ways.

    /usr/bin/python3 bench/eventlog/dfg_pandas.py events.csv [pm4py|groupby]

pm4py (the default) is the code of pm4py's DFG discovery on a dataframe,
pm4py/algo/discovery/dfg/adapters/pandas/df_statistics.py, get_dfg_graph,
with measure="frequency": sort by case and time, shift the (case, activity)
frame up by one row, put the two side by side, keep the rows whose next row
is of the same case, and count each pair with groupby. groupby is the same
graph the way one would write it by hand: a stable sort, then shift(-1)
within each case (groupby().shift), then groupby; it is about 10 % faster.
Both read the CSV with read_csv and the times with to_datetime, as pm4py's
format_dataframe does, and report the time of their own work, without
starting Python and importing pandas.
"""
import sys
import time

import pandas as pd

method = sys.argv[2] if len(sys.argv) > 2 else "pm4py"
start, cpu = time.time(), time.process_time()
df = pd.read_csv(sys.argv[1], dtype={"case_id": "string", "activity": "string", "segment": "string"})
df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
if method == "pm4py":
    df = df.sort_values(["case_id", "timestamp"])
    reduced = df[["case_id", "activity"]]
    shifted = reduced.shift(-1)
    shifted.columns = [str(col) + "_2" for col in shifted.columns]
    rows = pd.concat([reduced, shifted], axis=1)
    rows = rows[rows["case_id"] == rows["case_id_2"]]
    dfg = rows.groupby(["activity", "activity_2"]).size()
elif method == "groupby":
    df = df.sort_values(["case_id", "timestamp"], kind="stable")
    nxt = df.groupby("case_id", sort=False)["activity"].shift(-1)
    pairs = pd.DataFrame({"a": df["activity"], "b": nxt}).dropna()
    dfg = pairs.groupby(["a", "b"]).size()
else:
    sys.exit("method: pm4py or groupby")
print(f"pandas ({method}): {len(dfg)} pairs, {int(dfg.sum())} moves, {time.time() - start:.3f} s, cpu {time.process_time() - cpu:.3f} s")
