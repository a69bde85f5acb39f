"""The whole recipe in one command: dataset -> training (resumable, wall-clock budget) -> ONNX export and checks ->
golden fixtures -> Python-side test metrics.

    /usr/bin/python3 models/training/train_all.py            # default run "main", 115-minute budget
    /usr/bin/python3 models/training/train_all.py --budget-min 60   # a later session resumes where it stopped

Run it again after an interruption: finished steps are skipped (dataset chunks present, training finished), an
unfinished training resumes from runs/<run>/last.pt with the schedule it started with.
"""
from __future__ import annotations

import os as _os

# Under CPU contention (a shared 2-core machine) libgomp's default busy-waiting makes 2 threads 4x slower than 1;
# passive waiting keeps 2 threads at ~90 % of the single-thread efficiency. Must be set before torch loads.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PY = sys.executable
EXPORT_RESERVE_MIN = 8.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", default="main")
    ap.add_argument("--budget-min", type=float, default=115.0,
                    help="wall-clock minutes for this invocation, export and fixtures included")
    ap.add_argument("--train-slices", type=int, default=12000)
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--skip-golden", action="store_true")
    a = ap.parse_args(argv)
    t_start = time.time()
    deadline = t_start + a.budget_min * 60
    run_dir = os.path.join(HERE, "runs", a.run)
    os.makedirs(run_dir, exist_ok=True)
    log_path = os.path.join(run_dir, "train.log")

    def log(msg):
        line = f"{time.strftime('%H:%M:%S')} [train_all] {msg}"
        print(line, flush=True)
        with open(log_path, "a") as f:
            f.write(line + "\n")

    log(f"start: budget {a.budget_min:.0f} min, deadline {time.strftime('%H:%M:%S', time.localtime(deadline))}")
    train_dir = os.path.join(a.data, "train")
    need_chunks = (a.train_slices + 999) // 1000
    have = lambda: len([f for f in os.listdir(train_dir) if f.startswith("chunk_") and ".tmp" not in f]) \
        if os.path.isdir(train_dir) else 0
    gen = None
    if not (os.path.exists(os.path.join(a.data, "val", "DONE")) and os.path.exists(os.path.join(a.data, "test", "DONE"))
            and have() >= need_chunks):
        # lower priority than training, so the network gets the CPU it needs once a few chunks exist
        gen = subprocess.Popen([PY, os.path.join(HERE, "make_dataset.py"), "--out", a.data,
                                "--train", str(a.train_slices)],
                               stdout=open(os.path.join(run_dir, "dataset.log"), "a"), stderr=subprocess.STDOUT,
                               preexec_fn=lambda: os.nice(5))
        log(f"dataset generator started (pid {gen.pid})")
        while not (os.path.exists(os.path.join(a.data, "test", "DONE")) and have() >= 2):
            if gen.poll() is not None and gen.returncode != 0:
                raise SystemExit("dataset generation failed, see dataset.log")
            time.sleep(10)
        log(f"{have()} training chunks ready; training starts while the rest are generated")

    ckpt = os.path.join(run_dir, "last.pt")
    done_marker = os.path.join(run_dir, "TRAINED")
    if not os.path.exists(done_marker):
        session_min = (deadline - time.time()) / 60 - EXPORT_RESERVE_MIN
        cmd = [PY, os.path.join(HERE, "train.py"), "--data", a.data, "--run-dir", run_dir,
               "--max-session-minutes", f"{session_min:.2f}"]
        if os.path.exists(ckpt):
            cmd.append("--resume")
        else:
            cmd += ["--train-minutes", f"{session_min:.2f}"]
        log("training: " + " ".join(cmd[1:]))
        rc = subprocess.call(cmd)
        if rc != 0:
            raise SystemExit(f"training failed ({rc})")
        import torch
        state = torch.load(ckpt)["state"]
        if state["elapsed_s"] >= state["train_minutes"] * 60:
            open(done_marker, "w").write(json.dumps({k: v for k, v in state.items() if k != "history"}) + "\n")
        else:
            log("training paused by the budget; run train_all.py again to resume")
    if gen is not None and gen.poll() is None:
        gen.terminate()
        log("dataset generator stopped (training is over; remaining chunks are not needed)")

    steps = [[PY, os.path.join(HERE, "export.py"), "--run-dir", run_dir],
             [PY, os.path.join(HERE, "evaluate.py"), "--run-dir", run_dir, "--data", a.data]]
    if not a.skip_golden:
        steps.append([PY, os.path.join(HERE, "make_golden.py"), "--run-dir", run_dir, "--data", a.data])
        steps.append([PY, os.path.join(HERE, "make_byo_golden.py")])
    for cmd in steps:
        log("running " + " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd[1:]))
        rc = subprocess.call(cmd, cwd=ROOT)
        if rc != 0:
            raise SystemExit(f"step failed ({rc}): {cmd}")
    log(f"all done in {(time.time() - t_start) / 60:.1f} min")


if __name__ == "__main__":
    main()
