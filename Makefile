# SPDX-License-Identifier: GPL-2.0
#
# we2: the write engine for SCSI/MMC recorders.
#
#   make            build the module (against Debian's 6.1 headers), libwe2,
#                   we2burn/we2ctl and the test helpers
#   make demo       install what is missing, build, boot the QEMU VM and burn
#                   a 64 MiB image to an emulated recorder through /dev/we20
#   make check      install what is missing, then the whole suite
#   make kunit      the KUnit suites on User-Mode Linux
#   make vm-test    the functional tests in the VM
#   make install    module (with depmod), udev rule, library, header, tools

KVER	?= $(shell $(CURDIR)/scripts/kver.sh 2>/dev/null)
KDIR	?= /lib/modules/$(KVER)/build
PREFIX	?= /usr/local
# extra flags for kbuild, e.g. KBUILD_EXTRA="KCFLAGS=-Werror C=2"
KBUILD_EXTRA ?=

all: kmod ulib tools testbin

kmod:
	@test -d "$(KDIR)" || { echo "no kernel headers at '$(KDIR)': run 'make deps'"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 $(KBUILD_EXTRA) modules

ulib:
	$(MAKE) -C ulib

tools: ulib
	$(MAKE) -C tools

testbin:
	$(MAKE) -C tests/func

deps:
	$(CURDIR)/scripts/deps.sh

demo: deps
	$(MAKE) all
	$(CURDIR)/tests/demo.sh

check: deps
	$(CURDIR)/tests/check.sh

kunit:
	$(CURDIR)/tests/kunit/run.sh

vm-test: all
	$(CURDIR)/tests/vm/run.sh -- $(CURDIR)/tests/func/run.sh $(KVER)

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(KVER)
	install -D -m 0644 udev/60-we2.rules $(DESTDIR)/etc/udev/rules.d/60-we2.rules
	install -D -m 0644 include/uapi/linux/we2.h $(DESTDIR)$(PREFIX)/include/linux/we2.h
	$(MAKE) -C ulib install PREFIX=$(PREFIX)
	$(MAKE) -C tools install PREFIX=$(PREFIX)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C ulib clean
	-$(MAKE) -C tools clean
	-$(MAKE) -C tests/func clean

.PHONY: all kmod ulib tools testbin deps demo check kunit vm-test install clean
