# SPDX-License-Identifier: GPL-2.0-only
"""objcopy, as the harness's unit tests fake it (fakes.OBJCOPY_STUB runs it)."""
import json, os, sys
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps([os.path.basename(sys.argv[0]), os.getcwd()] +
			       args) + "\n")
if args[0] == "--remove-section=__obsparm": sys.exit(0)  # obsolete-section hook
assert args[0] in ("--remove-section=__versions", "--remove-section=__kcrctab"), args
assert all(arg.startswith("--remove-section=") for arg in args[:-1]), args
with open(args[-1], "rb") as f:
	data = f.read()
with open(args[-1], "wb") as f:
	# The CRC table's name is renamed, not removed: the fake ELF file
	# stays whole for the next run's hook.
	f.write(data.replace(b"__versions", b"").replace(b"__kcrctab",
							 b"__xcrctab"))
