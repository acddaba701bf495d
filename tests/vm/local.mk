# tests/vm: hostpowerd on a real kernel in QEMU (see tests/vm/vm-lib.sh).
# Skipped (exit 77) without qemu-system-x86 or a kernel, or with HOSTPOWERD_VM=skip.
TESTS += tests/vm/kernel.test
EXTRA_DIST += tests/vm/vm-lib.sh tests/vm/mkinitramfs.sh tests/vm/guest-init.sh \
	tests/vm/kernel.test
