# SPDX-License-Identifier: GPL-2.0-only
"""make, as the harness's unit tests fake it (fakes.MAKE_STUB runs it).

Simulates the passes of harness_config.EXT_PASSES like kbuild and modpost
would.  The provider's CRCs are zero unless the build dir is the
modversions one.  As kbuild does, modpost is skipped (no messages, only the
.ko files are linked again) while M's Module.symvers exists and the last
successful modpost had the same command line; a failed modpost leaves both
alone.
"""
import glob, json, os, sys, time
from fake_elf import (BAD_SHNDX_ELF, CONSUMER_ELF, NOCRCS_ELF, PROVIDER_ELF,
	UNVERSIONED_ELF, VERSIONED_ELF)
conf = json.load(open("fake.json"))
args = sys.argv[1:]
with open(conf["calls"], "a") as calls:
	calls.write(json.dumps(["make", os.getcwd()] + args) + "\n")
var = dict(a.split("=", 1) for a in args if "=" in a)
m = var["M"]
build_dir = args[args.index("-C") + 1]
if "O" in var:
	# Against the source tree with an empty build dir: never configured.
	if conf.get("unconfigured_unchecked"):
		print("Makefile:1: include/config/auto.conf: No such file")
	else:
		print("***  ERROR: Kernel configuration is invalid. The "
		      "following files are missing:")
	sys.exit(2)
modversions = build_dir.endswith("-modversions")
if "times" in conf:
	with open(conf["times"], "a") as times:
		times.write(f"make-{'modversions' if modversions else 'main'}-start "
			    f"{time.time()}\n")
time.sleep(conf.get("make_sleeps", {}).get(
	"modversions" if modversions else "main", 0))
symvers = var.get("KBUILD_EXTRA_SYMBOLS")
symdump = os.path.join(m, "Module.symvers")
cmd_file = os.path.join(m, ".Module.symvers.cmd")
key = json.dumps(sorted(var.items()))
modpost = not (os.path.isfile(symdump) and os.path.isfile(cmd_file) and
	       open(cmd_file).read() == key)

def write(name: str, data: bytes = b"\x7fELF fake\n") -> None:
	with open(os.path.join(m, name), "wb") as f:
		f.write(data)

def modpost_succeeded(text: str = "") -> None:
	if modpost:
		with open(symdump, "w") as f:
			f.write(text)
		with open(cmd_file, "w") as f:
			f.write(key)

if not os.path.isfile(os.path.join(m, "Kbuild")):
	print("make: *** no Kbuild in " + m)
	sys.exit(2)
if symvers and not os.path.isfile(symvers):
	print("make: no " + symvers)
	sys.exit(3)
if m.endswith("providers/external"):
	if conf.get("provider_fails"):
		print("symexport_ext_provider.c:1: error: fake")
		sys.exit(2)
	write("symexport_ext_provider.ko", PROVIDER_ELF)
	write("symexport_ext_provider.o", b"\x7fELF\0license=GPL\0description=p\0")
	write("symexport_ext_dup.ko")
	write("symexport_ext_formod.ko")
	write("symexport_ext_noflags.ko")
	write("symexport_ext_oldgpl.ko")
	write("symexport_ext_nocrcs.ko",
	      NOCRCS_ELF if modversions else PROVIDER_ELF)
	write("symexport_ext_bad_shndx.ko", BAD_SHNDX_ELF)
	crcs = ("0x1234abcd", "0x0badc0de", "0x5eed5eed", "0x10ec10ec",
		"0x7a117a11") if modversions else ("0x00000000",) * 5
	lines = [f"{crc}\tsymexport_ext_{name}\t{m}/symexport_ext_provider\t"
		 f"EXPORT_SYMBOL{gpl}\t{ns}\n" for crc, (name, gpl, ns) in zip(crcs, (
			("add", "", ""), ("gpl_mul", "_GPL", ""),
			("ns_add", "", "SYMEXPORT_NS"),
			("add_with_a_name_too_long_for_struct_modversion_info",
			 "", ""),
			("tail_ns_add", "", "SYMEXP_symexport_ext_ns_tail_user")))]
	modpost_succeeded(conf.get("symvers", "".join(lines)))
	sys.exit(0)
if m.endswith("consumers/external"):
	kos = ("symexport_ext_gpl_user.ko", "symexport_ext_weak.ko",
	       "symexport_ext_ns_user.ko", "symexport_ext_unversioned_user.ko",
	       "symexport_ext_formod_listed.ko", "symexport_ext_formod_glob_user.ko",
	       "symexport_ext_formod_unlisted.ko", "symexport_ext_formod_dash.ko",
	       "symexport_ext_formod_list.ko", "symexport_ext_formod_listed_too.ko",
	       "symexport_ext_ns_other_imports.ko", "symexport_ext_common.ko",
	       "symexport_ext_formod_proprietary.ko",
	       "symexport_ext_ns_tail_user.ko", "symexport_ext_lto_common.ko",
	       "symexport_ext_got.ko", "symexport_ext_ns_weak_user.ko",
	       "symexport_ext_name_of_fifty_five_characters_builds_okay.ko")
	if symvers and modpost:
		if glob.glob(os.path.join(m, "*.ko")):
			print("make: stale .ko files in " + m)
			sys.exit(3)
		if not conf.get("negative_succeeds"):
			for ko in kos[:2]:
				print(f"ERROR: modpost: GPL-incompatible module {ko} "
				      "uses GPL-only symbol 'symexport_ext_gpl_mul'")
			print("ERROR: modpost: GPL-incompatible module "
			      "symexport_ext_kernel_gpl_refused.ko uses GPL-only "
			      "symbol 'synchronize_rcu'")
			print("ERROR: modpost: module symexport_ext_ns_tail_user "
			      "uses symbol symexport_ext_tail_ns_add from "
			      "namespace SYMEXP_symexport_ext_ns_tail_user, but "
			      "does not import it.")
			print("ERROR: modpost: module symexport_ext_ns_user uses "
			      "symbol symexport_ext_ns_add from namespace "
			      "SYMEXPORT_NS, but does not import it.")
			print("ERROR: modpost: " + m + "/symexport_ext_kernel_export_"
			      "dup: 'sort' exported twice. Previous export was "
			      "in vmlinux")
			print('ERROR: modpost: "symexport_ext_never_defined" [' + m +
			      "/symexport_ext_export_undefined.ko] was exported "
			      "without definition")
			print("ERROR: modpost: module name is too long [" + m +
			      "/symexport_ext_name_fifty_six_characters_long_"
			      "is_too_long.ko]")
			write("symexport_ext_init_names.o",
			      b"\x7fELF\0license=GPL\0description=i\0")
			write("symexport_ext_device_table.o",
			      b"\x7fELF\0license=GPL\0description=d\0")
			write("symexport_ext_symbol_get_user.o",
			      b"\x7fELF\0license=GPL\0description=g\0")
			write("symexport_ext_undefined_eleven.o",
			      b"\x7fELF\0license=GPL\0description=eleven\0")
			print("make[2]: *** [scripts/Makefile.modpost:145: "
			      "Module.symvers] Error 1")
			sys.exit(2)
	elif var.get("KBUILD_MODPOST_WARN") == "1" and modpost:
		print('WARNING: modpost: "symexport_ext_gpl_mul" '
		      f'[{m}/{kos[0]}] undefined!')
		print('WARNING: modpost: "symexport_ext_common_counter" '
		      f'[{m}/symexport_ext_common] is COMMON symbol')
	modpost_succeeded()
	for ko in kos:
		write(ko)
	write("symexport_ext_unversioned_user.ko", UNVERSIONED_ELF)
	write("symexport_ext_ns_user.o",
	      b"\x7fELF\0license=GPL\0description=n\0")
	write("symexport_ext_unversioned_user.o",
	      b"\x7fELF\0license=GPL\0description=u\0")
	write("symexport_ext_formod_import.ko",
	      b"\x7fELF\0import_ns=MODULE:symexport_ext_formod_listed\0")
	write("symexport_ext_kernel_gpl_user.ko",
	      b"\x7fELF\0license=Dual MIT/GPL\0")
	sys.exit(0)
if m.endswith("consumers/external_oot"):
	kos = ("symexport_ext_consumer.ko", "symexport_ext_stripped.ko")
	if not symvers and modpost and not conf.get("negative_succeeds"):
		if glob.glob(os.path.join(m, "*.ko")):
			print("make: stale .ko files in " + m)
			sys.exit(3)
		for ko in kos:
			print(f'ERROR: modpost: "symexport_ext_add" [{m}/{ko}] '
			      "undefined!")
		sys.exit(2)
	modpost_succeeded()
	for ko in kos:
		write(ko, b"\x7fELF __versions\0vermagic=6.12.117 mod_unload \0")
	write("symexport_ext_consumer.ko", CONSUMER_ELF)
	write("symexport_ext_blank_versions.ko", VERSIONED_ELF)
	for ko in ("nocrcs_user", "livepatch", "vermagic_release",
		   "vermagic_extended", "kfree_user"):
		write(f"symexport_ext_{ko}.ko")
	write("symexport_ext_versions_cut.ko", VERSIONED_ELF)
	release = open(os.path.join(build_dir, "include/config/kernel.release")
		       ).read().strip()
	write("symexport_ext_vermagic.ko", b"\x7fELF\0\0vermagic=" +
	      conf.get("vermagic", release).encode() + b" mod_unload \0end")
	sys.exit(0)
assert m.endswith("consumers/external_stale"), m
modpost_succeeded()
write("symexport_ext_stale_user.ko")
