# tests/vm: hostpowerd on a real kernel in QEMU (see tests/vm/vm-lib.sh).
# Each script skips itself without qemu-system-x86 or a kernel in /boot, or
# with HOSTPOWERD_VM=skip.  kernel.test checks the ground without the daemon.
VM_TESTS = tests/vm/kernel.test tests/vm/s3.test tests/vm/s4.test tests/vm/failure.test tests/vm/timed.test \
	tests/vm/interrupt.test
# the RTC's reach (issue 13, part 7)
VM_TESTS += tests/vm/reach.test
TESTS += $(VM_TESTS)
# issue 13 (6): a swap file's resume_offset and lockdown on a real kernel
VM_TESTS += tests/vm/swapfile.test tests/vm/swapresume.test
EXTRA_DIST += $(VM_TESTS) tests/vm/vm-lib.sh tests/vm/mkinitramfs.sh tests/vm/guest-init.sh \
	tests/vm/README
# The systemd guest (tests/vm/systemd/sd-lib.sh): a Debian image built once by
# mkimage.sh, cached in tests/vm/cache like the busybox one.
VM_SYSTEMD_TESTS = tests/vm/systemd/logind.test
TESTS += $(VM_SYSTEMD_TESTS)
EXTRA_DIST += $(VM_SYSTEMD_TESTS) tests/vm/systemd/sd-lib.sh tests/vm/systemd/mkimage.sh \
	tests/vm/systemd/guest.sh
# The guest parts tests/vm/mkinitramfs.sh and tests/vm/systemd/mkimage.sh
# cache in the build tree.
clean-local: clean-local-vm
clean-local-vm:
	-rm -rf tests/vm/cache
.PHONY: clean-local-vm
# wake sources on the real kernel (issue 13, part 8)
VM_TESTS += tests/vm/wakesrc.test
# Hibernation through logind in the same guest, from a copy of its image.
VM_SYSTEMD_S4_TESTS = tests/vm/systemd/hibernate.test
TESTS += $(VM_SYSTEMD_S4_TESTS)
EXTRA_DIST += $(VM_SYSTEMD_S4_TESTS)
# issue 13 (1): suspend-then-hibernate on the real kernel
VM_TESTS += tests/vm/sth.test
