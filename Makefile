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
#   make install    module (with depmod), udev rule, library, header, tools,
#                   manual pages (PREFIX/share/man; make install-man alone)

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

# installs the module for each kernel in KVERS (see above)
install: kmod ulib tools
	@set -e; for v in $(KVERS); do \
		$(MAKE) -C /lib/modules/$$v/build M=$(CURDIR)/.build/kmod/$$v modules_install; \
		depmod -a $$v; \
	done
	install -D -m 0644 udev/60-we2.rules $(DESTDIR)/etc/udev/rules.d/60-we2.rules
	install -D -m 0644 include/uapi/linux/we2.h $(DESTDIR)$(PREFIX)/include/linux/we2.h
	$(MAKE) -C ulib install PREFIX=$(PREFIX)
	$(MAKE) -C tools install PREFIX=$(PREFIX)
	$(MAKE) install-man

# the manual pages, and for each function libwe2 exports a page that is
# libwe2(3) (.so), so that "man we2_open" finds it
MANDIR	?= $(PREFIX)/share/man
install-man:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man4
	install -m 0644 man/we2burn.1 man/we2ctl.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/libwe2.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 man/we2.4 $(DESTDIR)$(MANDIR)/man4/
	@set -e; for f in $$(sed -n 's/^[[:space:]]*\(we2_[a-z0-9_]*\);$$/\1/p' ulib/libwe2.map); do \
		echo '.so man3/libwe2.3' > $(DESTDIR)$(MANDIR)/man3/$$f.3; \
	done

clean:
	rm -rf .build/kmod .build/ko
	-$(MAKE) -C ulib clean
	-$(MAKE) -C tools clean
	-$(MAKE) -C tests/func clean
	-$(MAKE) -C tests/storm clean
	-$(MAKE) -C tests/fuzz clean
	-$(MAKE) -C tests/mmcrec clean

.PHONY: all kmod ulib tools testbin deps demo check check-debug kunit vm-test bench install install-man clean
