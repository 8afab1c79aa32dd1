# SPDX-License-Identifier: GPL-2.0
#
# we2: the write engine for SCSI/MMC recorders.
#
#   make            build the module for every installed Debian kernel with
#                   headers (6.1 and 6.12), libwe2, we2burn/we2ctl and the
#                   test helpers; KVER=6.12 (or a full release such as
#                   6.12.117+deb12-amd64) for one kernel, KDIR=... for any
#                   other kernel tree
#   make demo       install what is missing, build, boot the QEMU VM and burn
#                   a 64 MiB ISO image to a blank DVD+R in the emulated
#                   recorder through /dev/we20, read back through /dev/sr0
#   make check      install what is missing, then the whole suite
#   make check-debug  the suite, KUnit and full-size storms on a debug 6.1
#                   kernel (KASAN, lockdep, kmemleak, fault injection),
#                   built once per machine into /var/cache/we2
#   make kunit      the KUnit suites on User-Mode Linux
#   make vm-test    the functional tests in the VM
#   make bench      we2's write paths against sg_dd and fio in the VM (one
#                   kernel: 6.1 unless KVER says otherwise); figures in
#                   .build/bench/results.txt, chart .build/bench/bench.png;
#                   then we2burn against growisofs, cdrskin, wodim and
#                   xorriso burning to the emulated recorder: figures in
#                   .build/bench/peers.txt, chart .build/bench/peers.png
#   make install    module (with depmod), udev rule, library, header,
#                   libwe2.pc, tools, manual pages; DESTDIR and PREFIX
#                   (/usr/local) as usual; make uninstall removes them
#   make deb        Debian packages in .build/deb/: we2-dkms, libwe2-1,
#                   libwe2-dev, we2-tools
#   make pkg-vm-test  those packages installed, used and purged in the VM

# the kernels to build for: KVER (a series or a release), else all of them;
# each module is kept in .build/ko/<release>/we2.ko for the VM to load
KVER	?=
KVERS	:= $(shell $(CURDIR)/scripts/kver.sh $(if $(KVER),$(KVER),--all) 2>/dev/null)
KDIR	?=
PREFIX	?= /usr/local
# extra flags for kbuild, e.g. KBUILD_EXTRA="KCFLAGS=-Werror C=2"
KBUILD_EXTRA ?=

all: kmod ulib tools testbin

ifneq ($(KDIR),)
kmod:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 $(KBUILD_EXTRA) modules
else
kmod:
	@test -n "$(KVERS)" || { echo "no Debian kernel with headers (KVER='$(KVER)'): run 'make deps'"; exit 1; }
	@set -e; for v in $(KVERS); do \
		echo "  KMOD    $$v"; \
		$(CURDIR)/scripts/build-kmod.sh $$v $(KBUILD_EXTRA); \
	done
endif

ulib:
	$(MAKE) -C ulib

tools: ulib
	$(MAKE) -C tools

testbin:
	$(MAKE) -C tests/func
	$(MAKE) -C tests/storm
	$(MAKE) -C tests/fuzz

deps:
	$(CURDIR)/scripts/deps.sh

# the demo stays on one kernel: 6.1 unless KVER says otherwise
demo: deps
	$(MAKE) all KVER=$(or $(KVER),6.1)
	$(CURDIR)/tests/demo.sh $(or $(KVER),6.1)

check: deps
	$(CURDIR)/tests/check.sh

check-debug: deps
	$(CURDIR)/tests/check-debug.sh

kunit:
	$(CURDIR)/tests/kunit/run.sh

vm-test: all
	@set -e; for v in $(KVERS); do \
		$(CURDIR)/tests/vm/run.sh --kver $$v -- $(CURDIR)/tests/func/run.sh $$v; \
	done

# a benchmark, not a test: it fails only when something did not run; it
# needs the module and its own program, not the test programs
bench: deps
	$(MAKE) kmod KVER=$(or $(KVER),6.1)
	$(MAKE) -C tests/bench
	$(MAKE) -C tests/storm
	$(CURDIR)/tests/bench/run.sh $(or $(KVER),6.1)
	$(MAKE) tools
	$(CURDIR)/tests/bench/peers.sh $(or $(KVER),6.1)

# Installation for those who do not use the packages (make deb). DESTDIR
# stages everything under a root of its own (a package build, a test);
# PREFIX places the library, header, pkg-config file, tools and manual
# pages. The module goes to /lib/modules/<release>/updates/ for each
# kernel in KVERS, where modprobe prefers it to any other we2.ko; depmod
# runs only on a live install (no DESTDIR): a staged tree is indexed where
# it lands, as a package's postinst does. The udev rule goes to
# UDEVRULESDIR, /etc/udev/rules.d (the administrator's) unless told.
UDEVRULESDIR ?= /etc/udev/rules.d
MODDIR	= $(DESTDIR)/lib/modules/$$v/updates
install: install-kmod install-user
install-user: install-udev install-lib install-tools install-man

# the module of each kernel, built when it is missing or older than its
# sources: make && sudo make install does not run kbuild again as root
KOS	= $(foreach v,$(KVERS),.build/ko/$(v)/we2.ko)
KMOD_SRCS = Kbuild kmod/Kbuild $(wildcard kmod/*.[ch] include/uapi/linux/*.h)
$(KOS): .build/ko/%/we2.ko: $(KMOD_SRCS)
	@echo "  KMOD    $*"
	@$(CURDIR)/scripts/build-kmod.sh $* $(KBUILD_EXTRA)

install-kmod: $(KOS)
	@test -n "$(KVERS)" || { echo "no Debian kernel with headers (KVER='$(KVER)'): run 'make deps'"; exit 1; }
	@set -e; for v in $(KVERS); do \
		echo "  INSTALL $(MODDIR)/we2.ko"; \
		install -D -m 0644 .build/ko/$$v/we2.ko $(MODDIR)/we2.ko; \
		if [ -z "$(DESTDIR)" ]; then depmod -a $$v; fi; \
	done

# on a live install a running udevd is told to read its rules again
install-udev:
	install -D -m 0644 udev/60-we2.rules $(DESTDIR)$(UDEVRULESDIR)/60-we2.rules
	@if [ -z "$(DESTDIR)" ]; then udevadm control --reload 2>/dev/null || true; fi

# the library's Makefile installs libwe2.h and <linux/we2.h> beside it;
# on a live install ldconfig has the loader find the new soname
install-lib: ulib
	$(MAKE) -C ulib install PREFIX=$(PREFIX)
	@if [ -z "$(DESTDIR)" ]; then ldconfig; fi

install-tools: tools
	$(MAKE) -C tools install PREFIX=$(PREFIX)

# the manual pages, and for each function libwe2 exports a page that is
# libwe2(3) (.so), so that "man we2_open" finds it
MANDIR	?= $(PREFIX)/share/man
MAN3_LINKS = $$(sed -n 's/^[[:space:]]*\(we2_[a-z0-9_]*\);$$/\1/p' ulib/libwe2.map)
install-man:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man4
	install -m 0644 man/we2burn.1 man/we2ctl.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/libwe2.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 man/we2.4 $(DESTDIR)$(MANDIR)/man4/
	@set -e; for f in $(MAN3_LINKS); do \
		echo '.so man3/libwe2.3' > $(DESTDIR)$(MANDIR)/man3/$$f.3; \
	done

# removes exactly what install put there (the same KVERS, PREFIX and
# DESTDIR), then re-indexes a live kernel's modules; directories stay
uninstall: uninstall-kmod uninstall-user
uninstall-user: uninstall-udev uninstall-lib uninstall-tools uninstall-man

uninstall-kmod:
	@set -e; for v in $(KVERS); do \
		rm -f $(MODDIR)/we2.ko; \
		if [ -z "$(DESTDIR)" ] && [ -d /lib/modules/$$v/kernel ]; then depmod -a $$v; fi; \
	done

uninstall-udev:
	rm -f $(DESTDIR)$(UDEVRULESDIR)/60-we2.rules
	@if [ -z "$(DESTDIR)" ]; then udevadm control --reload 2>/dev/null || true; fi

uninstall-lib:
	$(MAKE) -C ulib uninstall PREFIX=$(PREFIX)
	@if [ -z "$(DESTDIR)" ]; then ldconfig; fi

uninstall-tools:
	$(MAKE) -C tools uninstall PREFIX=$(PREFIX)

uninstall-man:
	rm -f $(DESTDIR)$(MANDIR)/man1/we2burn.1 $(DESTDIR)$(MANDIR)/man1/we2ctl.1 \
		$(DESTDIR)$(MANDIR)/man3/libwe2.3 $(DESTDIR)$(MANDIR)/man4/we2.4
	@set -e; for f in $(MAN3_LINKS); do \
		rm -f $(DESTDIR)$(MANDIR)/man3/$$f.3; \
	done

# Debian packages with Debian's tooling (debhelper, dh-dkms), built from a
# copy of the tree's sources (tracked and new files, nothing built) in
# .build/deb/src, so that nothing of the build lands in the tree; the
# packages end up in .build/deb/
DEB_FILES = Makefile Kbuild dkms.conf debian include kmod/Kbuild kmod/*.[ch] \
	ulib tools/Makefile tools/*.[ch] udev man
deb:
	@rm -rf .build/deb && mkdir -p .build/deb/src/we2
	git ls-files -co --exclude-standard -z -- $(DEB_FILES) | \
		tar -c --null -T - | tar -x -C .build/deb/src/we2
	cd .build/deb/src/we2 && DEB_BUILD_OPTIONS="noautodbgsym $(DEB_BUILD_OPTIONS)" \
		dpkg-buildpackage -b --no-sign
	mv .build/deb/src/*.deb .build/deb/
	@ls -l .build/deb/*.deb

# the packages as a user installs and uses them, in the VM on each kernel
# (tests/pkg/guest.sh: dpkg -i, DKMS, udev, a burn as a user in cdrom,
# the example, the purge; then make install and uninstall)
pkg-vm-test: deb
	@set -e; for v in $(KVERS); do \
		$(MAKE) -s -C tests/mmcrec KREL=$$v; \
		$(CURDIR)/tests/pkg/vm.sh $$v; \
	done

clean:
	rm -rf .build/kmod .build/ko
	-$(MAKE) -C ulib clean
	-$(MAKE) -C tools clean
	-$(MAKE) -C tests/func clean
	-$(MAKE) -C tests/storm clean
	-$(MAKE) -C tests/fuzz clean
	-$(MAKE) -C tests/mmcrec clean

.PHONY: all kmod ulib tools testbin deps demo check check-debug kunit vm-test bench \
	install install-user install-kmod install-udev install-lib install-tools \
	install-man uninstall uninstall-user uninstall-kmod uninstall-udev \
	uninstall-lib uninstall-tools uninstall-man deb pkg-vm-test clean
