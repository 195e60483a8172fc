# SPDX-License-Identifier: GPL-2.0-only
"""kunit.py, as the harness's unit tests fake it (fakes.KUNIT_STUB runs it)."""
import json, os, subprocess, sys, time
from typing import Any, Dict, List
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps(["kunit.py", os.getcwd()] + args) + "\n")

def opt(name: str) -> List[str]:
	return [a.split("=", 1)[1] for a in args if a.startswith(name + "=")]

build_dir = opt("--build_dir")[0]
# The configuration: its fragment's name (configs/NAME.kunitconfig).
fragments = opt("--kunitconfig")[1:]
config = os.path.basename(fragments[0]).split(".")[0] if fragments else "main"
def note(event: str) -> None:
	# When each step started and ended, for the tests of concurrency.
	if "times" in conf:
		with open(conf["times"], "a") as times:
			times.write(f"{event} {time.time()}\n")

if args[0] == "build":
	note(f"build-{config}-start")
	print(f"stub: building {config}", flush=True)
	child = None
	if config in conf.get("build_child", ()):
		# Left in a session of its own, as UML does; shows whether
		# another tree's clean-up killed it.
		pids = conf["pids"] + "." + config
		child = subprocess.Popen([sys.executable, "-c", "\n".join([
			"import os, sys, time",
			"os.setsid()",
			"open(sys.argv[1] + '.tmp', 'w').write(str(os.getpid()))",
			"os.rename(sys.argv[1] + '.tmp', sys.argv[1])",
			"while True: time.sleep(1)"]), pids])
		while not os.path.exists(pids):
			time.sleep(0.01)
	time.sleep(conf.get("build_sleeps", {}).get(config,
						    conf.get("build_sleep", 0)))
	note(f"build-{config}-end")
	print(f"stub: built {config}", flush=True)
	if child is not None and child.poll() is not None:
		print("stub: my child was killed", flush=True)
		sys.exit(5)
	if config in conf.get("build_fails", ["main"] if conf.get("build_status")
			      else []):
		sys.exit(conf.get("build_status", 2))
	os.makedirs(os.path.join(build_dir, "include/config"), exist_ok=True)
	# scripts/mod/modpost: test_stubs/fake_modpost.py, as fakes.stub().
	stub = os.path.join(sys.path[0], "fake_modpost.py")
	modpost = os.path.join(build_dir, "scripts/mod/modpost")
	os.makedirs(os.path.dirname(modpost), exist_ok=True)
	with open(modpost, "w") as f:
		f.write(f"#!{sys.executable} -S\nimport sys\n"
			f"sys.path.insert(0, {sys.path[0]!r})\n"
			f"exec(compile(open({stub!r}).read(), {stub!r}, 'exec'), "
			"{'__name__': '__main__'})\n")
	os.chmod(modpost, 0o755)
	with open(os.path.join(build_dir, "include/config/kernel.release"),
		  "w") as f:
		f.write(conf.get("release", "6.12.117") + "\n")
	sys.exit(0)
assert args[0] == "exec", args
globs = [a for a in args[1:] if not a.startswith("-")]
if "--list_tests" in args:
	print("[02:12:23] Starting KUnit Kernel (1/1)...")
	print("TAP version 14")
	for number, name in enumerate(conf["listed"]):
		print(("[02:12:24] " if number % 2 == 0 else "") + name)
	print("# Totals: pass:0 fail:0 skip:0 total:0")
	sys.exit(0)
time.sleep(conf.get("exec_sleep", 0))
boot = "own" if "symexport.own_boot=1" in opt("--kernel_args") else config
if boot in conf.get("crash", ()):
	if conf.get("kernel_log", True):
		with open(os.path.join(build_dir, "test.log"), "w") as log:
			log.write("booting\nKernel panic - not syncing: fake\n")
	print("stub: the kernel crashed", flush=True)
	sys.exit(1)
if boot == "own":
	assert len(globs) == 1, globs
	suite, case = globs[0].split(".")
	suites = [[suite, [[case, "PASS"]]]]
else:
	suites = conf[boot]
flaky = conf.get("flaky")	# one case's status in the Nth main boot
if flaky and boot == "main":
	count = 0
	if os.path.exists(flaky["counter"]):
		count = int(open(flaky["counter"]).read())
	with open(flaky["counter"], "w") as f:
		f.write(str(count + 1))
	status = flaky["statuses"][count % len(flaky["statuses"])]
	suites = [[suite, [[name, status if suite + "." + name == flaky["case"]
			    else old] for name, old in cases]]
		  for suite, cases in suites]
# As kunit_json.py writes them: every group with the same metadata, and
# (unless "counts" is false, as in 6.12's) the counts of its cases.
common = {"arch": (opt("--arch") or ["um"])[0], "defconfig": "kunit_defconfig",
	  "build_environment": build_dir, "lab_name": None, "kernel": None,
	  "job": None, "git_branch": "kselftest"}
def group(name: str, subs: List[Dict[str, Any]],
	  cases: List[Dict[str, Any]]) -> Dict[str, Any]:
	counts = dict.fromkeys(("passed", "failed", "crashed", "skipped",
				"errors"), 0)
	for sub in subs:
		for key in counts:
			counts[key] += sub.get("misc", {}).get(key, 0)
	for case in cases:
		counts[{"PASS": "passed", "SKIP": "skipped",
			"ERROR": "crashed"}.get(case["status"], "failed")] += 1
	counts = dict(tests=sum(counts.values()) - counts["errors"], **counts)
	made = {"name": name, "sub_groups": subs, "test_cases": cases}
	if conf.get("counts", True):
		made["misc"] = counts
	made.update(common)
	return made
results = conf.get("results") or group("KUnit Test Group", [
	group(suite, [], [{"name": name, "status": status}
			  for name, status in cases])
	for suite, cases in suites], [])
print("stub: running", flush=True)
if config in conf.get("console", {}):
	with open(os.path.join(build_dir, "test.log"), "w") as log:
		log.write("\n".join(conf["console"][config]) + "\n")
with open(opt("--json")[0], "w") as out:
	json.dump(results, out)
sys.exit(conf.get("exec_status", 0))
