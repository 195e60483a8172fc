# SPDX-License-Identifier: GPL-2.0-only
"""scripts/mod/modpost, as the harness's unit tests fake it (the fake
kunit.py writes it into the build dir).

Reads symbol dumps as modpost does (five tab-separated fields, a known
export type, one exporter of a name unless -e and two modules), objects'
names, ELF magic and license and description tags, reports the undefined
symbols of the eleven-undefined object, and writes the device table's
alias, a user's init and exit, the provider's exports (with -t those a user object uses) and with
-d the namespace the namespace user does not import.
"""
import json, os, sys
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps(["modpost", os.getcwd()] + args) + "\n")
external = "-e" in args
dumps = [args[i + 1] for i, a in enumerate(args) if a == "-i"]
objects = open(args[args.index("-T") + 1]).read().split()
failed = False
exporter = {}
for dump in dumps:
	if not os.path.isfile(dump):
		continue
	for line in open(dump).read().splitlines():
		fields = line.split("\t")
		if len(fields) < 5 or not fields[1] or not fields[2]:
			print("FATAL: modpost: parse error in symbol dump file")
			sys.exit(1)
		try:
			int(fields[0] or "0", 16)
		except ValueError:
			print("FATAL: modpost: parse error in symbol dump file")
			sys.exit(1)
		crc, name, module, kind = fields[:4]
		if kind not in ("EXPORT_SYMBOL", "EXPORT_SYMBOL_GPL"):
			print(f"ERROR: modpost: {name}: unknown license {kind}. "
			      "skip")
			failed = True
			continue
		if name in exporter and (not external or
					 exporter[name] == module):
			print(f"ERROR: modpost: {module}: '{name}' exported "
			      f"twice. Previous export was in {exporter[name]}.ko")
			failed = True
		exporter[name] = module
for obj in objects:
	if not obj.endswith(".o"):
		print(f"ERROR: modpost: {obj}: filename must be suffixed with .o")
		failed = True
		continue
	data = open(obj, "rb").read()
	if not data.startswith(b"\x7fELF"):
		continue
	if b"license=" not in data:
		print(f"ERROR: modpost: missing MODULE_LICENSE() in {obj}")
		failed = True
	if "-W" in args and b"description=" not in data:
		print(f"WARNING: modpost: missing MODULE_DESCRIPTION() in {obj}")
	with open(obj[:-2] + ".mod.c", "w") as mod_c:
		if "device_table" in obj:
			mod_c.write('MODULE_ALIAS("platform:symexport_dev");\n')
		elif obj.endswith("_user.o"):
			mod_c.write("\t.init = init_module,\n"
				    "\t.exit = cleanup_module,\n")
	if "undefined_eleven" in obj:
		for n in range(1, 11):
			print(f'ERROR: modpost: "symexport_ext_undefined_{n}" '
			      f"[{obj[:-2]}.ko] undefined!")
		print("WARNING: modpost: suppressed 1 unresolved symbol "
		      "warnings because there were too many)")
		failed = True
# The provider's exports, those another object uses only with -t.
written = []
for obj in objects:
	if obj.endswith("symexport_ext_provider.o"):
		used = any(o.endswith("_user.o") for o in objects)
		for name in ("add", "gpl_mul", "ns_add"):
			if "-t" not in args or (name == "add" and used):
				written.append(f"0x00000000\tsymexport_ext_{name}\t"
					       f"{obj[:-2]}\tEXPORT_SYMBOL\t\n")
if "-d" in args:
	with open(args[args.index("-d") + 1], "w") as nsdeps:
		for obj in objects:
			if obj.endswith("ns_user.o"):
				nsdeps.write(f"{obj[:-2]}.ko: SYMEXPORT_NS\n")
if "-o" in args:
	with open(args[args.index("-o") + 1], "w") as out:
		out.write("".join(written))
sys.exit(1 if failed else 0)
