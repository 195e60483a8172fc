# SPDX-License-Identifier: GPL-2.0-only
"""The files the mutants of mutants.py name: the loader's main.c, and the
project's place in the kernel tree."""

MAIN = 'kernel/module/main.c'
SUB = '{subdir}'  # replaced by the project's place in the kernel tree
